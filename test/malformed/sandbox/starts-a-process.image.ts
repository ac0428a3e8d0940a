// expect: GP2001 @ sandbox/starts-a-process.image.ts 5:1
import { execFileSync } from "node:child_process";
import { defineImage } from "genpack-ts";

execFileSync("/bin/sh", ["-c", "true"]);

export default defineImage({ name: "spawns" });
