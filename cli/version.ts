import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../compiler/index.js";

/** The version of this genpack-ts installation, from its package.json. */
export const VERSION = (JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, "utf8")) as { version: string }).version;
