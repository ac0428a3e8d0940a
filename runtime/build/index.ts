/**
 * Building images, as the command line uses it: the phases (lower, upper, pack) and the tools
 * on a build's work directory (a shell in its roots, cleaning, archiving, pinning its inputs).
 */
export { build } from "./build.js";
export type { BuildRequest, BuildResult, InputRequest, PhaseName } from "./build.js";
export type { BuildOptions } from "./build-context.js";
export { shellOnTarget } from "./tools/shell.js";
export { cleanWork } from "./tools/clean.js";
export { archiveTarget } from "./tools/archive.js";
export { lockTarget } from "./tools/lock.js";
export { phaseKeys } from "./tools/keys.js";
export type { KeysRequest, KeysResult } from "./tools/keys.js";
export type { TargetRequest } from "./tools/target-request.js";
export { commandReporter } from "../report/command-reporter.js";
export type { ReportTarget } from "../report/command-reporter.js";
export type { BuildEvent, Reporter } from "../report/reporter.js";
export { buildAll, cellLabel } from "./build-all.js";
export type { BuildAllRequest, BuildAllResult, Cell, CellResult, CellStatus } from "./build-all.js";
export { publishBinhost } from "./tools/publish-binhost.js";
export type { PublishBinhostRequest, PublishBinhostResult } from "./tools/publish-binhost.js";
