/**
 * The compiler's second front door: what the command line uses before it has loaded the
 * compiler (compiler/index.ts, a megabyte with its validation), each part small. The native
 * type-check and esbuild's service start from here, so that they load while the rest of gp does.
 */
export { startTypecheck, type StartedTypecheck } from "./start-typecheck.js";
export { warmNativeCheck } from "./native-check-thread.js";
export { warmEsbuild } from "./esbuild.js";
export { DEFAULT_LIMITS } from "./sandbox/limits.js";
export { SQUASHFS_COMPRESSIONS, type SquashfsCompression } from "../dsl/compression.js";
export { diagnosticToJson, formatDiagnostics, summarize, type SourceCache } from "./format-diagnostics.js";
export { isArtifactPath } from "./artifact/artifact-path.js";
export { GP_ISSUES_URL, GP_VERSION } from "./gp-version.js";
