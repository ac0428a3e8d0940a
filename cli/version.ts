/** The version of this genpack-ts installation and where to report a bug; read once, in compiler/gp-version.ts. */
export { GP_VERSION as VERSION, GP_ISSUES_URL as ISSUES_URL } from "../compiler/early.js";
