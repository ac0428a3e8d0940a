// expect: GP2001 @ sandbox/writes-a-file.image.ts 6:1
import { writeFileSync } from "node:fs";
import { defineImage } from "genpack-ts";

// A blueprint that writes files could change what gp reads next; the sandbox refuses.
writeFileSync("written-by-a-blueprint.txt", "written");

export default defineImage({ name: "writes" });
