// expect: GP2001 @ 1:1
import { defineImage } from "genpack-ts";

// Waits for something that never happens: Node would exit silently with code 13.
await new Promise<void>(() => {});

export default defineImage({ name: "never" });
