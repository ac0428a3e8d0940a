import { captureOutputSync, ProgramNotStarted, type CapturedRun } from "../../host/exec.js";

/** A syntax error bash finds in a script: its line in the script (1-based) and what bash says. */
export interface ShellSyntaxError {
  readonly line: number;
  readonly message: string;
}

/**
 * Parses `script` with bash without running any of it (`bash -n`), with extglob on as Portage
 * runs ebuilds: only bash itself says for sure how bash reads a script. Returns the first
 * syntax error, none when bash reads it whole, or "unchecked" when no bash can be run here.
 * This is the one check of a package that runs a program; it is given the script on standard
 * input and an environment without BASH_ENV, so nothing is read or run besides.
 */
export function shellSyntaxError(script: string): ShellSyntaxError | undefined | "unchecked" {
  let result: CapturedRun;
  try {
    result = captureOutputSync("bash", ["--norc", "--noprofile", "-O", "extglob", "-n"], {
      input: script,
      timeoutMs: 10_000,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", LC_ALL: "C" },
      inheritEnv: false,
    });
  } catch (problem) {
    if (problem instanceof ProgramNotStarted) return "unchecked";
    throw problem;
  }
  if (result.exitCode === null) return "unchecked";
  if (result.exitCode === 0) return undefined;
  const first = result.stderr.split("\n").find((line) => line.trim() !== "") ?? "";
  const match = /^bash: line (\d+): (.*)$/.exec(first);
  // An error at the end of the script (an unclosed quote or brace) is on the line after the last.
  const lines = script.split("\n").length;
  return match === null ? { line: lines, message: first.replace(/^bash: /, "") } : { line: Math.min(Number(match[1]), lines), message: match[2] as string };
}
