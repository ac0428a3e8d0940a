// expect: GP2009 @ sandbox/keeps-running.image.ts 6:1
import { defineImage } from "genpack-ts";


// A timer nobody clears would keep gp waiting forever.
setInterval(() => {}, 1000);

export default defineImage({ name: "keeps-running" });
