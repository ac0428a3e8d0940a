import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../compiler/index.js";

interface PackageJson {
  readonly version: string;
  readonly bugs: { readonly url: string };
}

const packageJson = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, "utf8")) as PackageJson;

/** The version of this genpack-ts installation, from its package.json. */
export const VERSION = packageJson.version;

/** Where to report a bug in gp: the `bugs` field of package.json. */
export const ISSUES_URL = packageJson.bugs.url;
