// expect: GP2011 @ sandbox/throws-from-a-timer.image.ts 6:9
import { defineImage } from "genpack-ts";


setTimeout(() => {
  throw new Error("thrown after the module was evaluated");
}, 10);

export default defineImage({ name: "late" });
