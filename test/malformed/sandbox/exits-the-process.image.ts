// expect: GP2008 @ sandbox/exits-the-process.image.ts 5:29
import { defineImage } from "genpack-ts";


if (Date.now() > 0) process.exit(0);

export default defineImage({ name: "exits" });
