/**
 * Installing a system image, as the command line uses it: onto a disk, as an ISO or a ZIP, over
 * an installed system (self-update), and back to the image before (rollback).
 */
export { installImage, readBootFiles } from "./install-image.js";
export type { BootFiles, InstallImageRequest, InstallImageResult } from "./install-image.js";
export { selfUpdate, rollback } from "./self-update.js";
export { readWrittenSize } from "../written-size.js";
export { PhaseReport } from "../report/reporter.js";
export { commandReporter } from "../report/command-reporter.js";
export type { ReportTarget } from "../report/command-reporter.js";
export { InstallProblem } from "./install-problem.js";
