import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "./package-root.js";

interface PackageJson {
  readonly version: string;
  readonly bugs: { readonly url: string };
}

const packageJson = JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, "utf8")) as PackageJson;

/** The version of this genpack-ts installation, from its package.json: what `gp --version` says and what SBOMs and provenance name. */
export const GP_VERSION = packageJson.version;

/** Where to report a bug in gp: the `bugs` field of package.json. */
export const GP_ISSUES_URL = packageJson.bugs.url;
