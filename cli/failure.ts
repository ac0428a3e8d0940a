import { asUserError, describeUserError, type ErrorLocation, type GpError } from "../errors/gp-error.js";
import { ISSUES_URL, VERSION } from "./version.js";

/** How many stack frames a bug report shows: enough to find the place, few enough to paste. */
const FRAMES = 6;

/** What a failure that is gp's own fault is reported with. */
export interface BugReport {
  readonly message: string;
  readonly frames: readonly string[];
  readonly gpVersion: string;
  readonly nodeVersion: string;
  /** Operating system and processor, as Node names them: `linux x64`. */
  readonly platform: string;
  readonly reportAt: string;
}

/**
 * A failure that reached a command's top: the user's to fix (a GpError, or the system refusing
 * a file operation), exit status 1; or a bug in gp, exit status 2. This is the one place that
 * tells the two apart.
 */
export type Failure = { readonly kind: "user"; readonly error: GpError } | { readonly kind: "bug"; readonly report: BugReport };

export function classifyFailure(problem: unknown): Failure {
  const error = asUserError(problem);
  if (error !== undefined) return { kind: "user", error };
  return { kind: "bug", report: bugReport(problem) };
}

function bugReport(problem: unknown): BugReport {
  const message = problem instanceof Error ? `${problem.name}: ${problem.message}` : `a ${typeof problem} was thrown: ${String(problem)}`;
  const stack = problem instanceof Error ? (problem.stack ?? "") : "";
  const frames = stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FRAMES)
    .map((line) => line.trim());
  return { message, frames, gpVersion: VERSION, nodeVersion: process.version, platform: `${process.platform} ${process.arch}`, reportAt: ISSUES_URL };
}

/** `gp install: error GP8001: …`, with the lines under it and the hint. */
export function formatUserFailure(command: string, error: GpError): string {
  const lines = [`${command}: error ${error.code}: ${describeUserError(error)}`];
  if (error.hint !== undefined) lines.push(`hint: ${error.hint}`);
  return `${lines.join("\n")}\n`;
}

/** The JSON line of a user's failure, beside the command's other `type: "result"` lines. */
export function userFailureJson(error: GpError): Record<string, unknown> {
  return {
    type: "result",
    ok: false,
    code: error.code,
    failure: describeUserError(error),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.location === undefined ? {} : { location: locationJson(error.location) }),
  };
}

function locationJson(location: ErrorLocation): Record<string, unknown> {
  if ("keyPath" in location) return { ...(location.file === undefined ? {} : { file: location.file }), keyPath: location.keyPath };
  return { file: location.file, ...(location.start === undefined ? {} : { line: location.start.line, column: location.start.column }) };
}

/** A bug report: one line saying so, what was thrown, where, the versions, and where to report it. */
export function formatBugReport(command: string, report: BugReport): string {
  return [
    `${command}: gp hit a bug and stopped. ${report.message}`,
    ...report.frames.map((frame) => `    ${frame}`),
    `gp ${report.gpVersion}, Node ${report.nodeVersion}, ${report.platform}`,
    `Please report it at ${report.reportAt} with the command you ran and this text.`,
    "",
  ].join("\n");
}

/** The JSON line of a bug report. */
export function bugReportJson(report: BugReport): Record<string, unknown> {
  return { type: "result", ok: false, bug: true, failure: report.message, stack: report.frames, gpVersion: report.gpVersion, nodeVersion: report.nodeVersion, platform: report.platform, reportAt: report.reportAt };
}
