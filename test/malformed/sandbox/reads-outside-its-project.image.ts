// expect: GP2001 @ sandbox/reads-outside-its-project.image.ts 6:18
import { readFileSync } from "node:fs";
import { defineImage } from "genpack-ts";

// Outside the project: a blueprint from a cloned repository must not read the user's files.
const accounts = readFileSync("/etc/passwd", "utf8");

export default defineImage({ name: "reads", packages: [accounts as "app-misc/screen"] });
