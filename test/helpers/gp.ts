import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** The repository root, and the gp that users run: the built CLI. */
export const ROOT = resolve(import.meta.dirname, "../..");
export const GP_BIN = resolve(ROOT, "dist/cli/main.js");

export interface GpRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built `gp` in a child process, as a user would. `npm test` builds it first; running
 * the tests without a build fails here with that advice rather than with a confusing error.
 */
export function runGp(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; wrapper?: readonly string[]; input?: string; timeoutMs?: number } = {}): Promise<GpRun> {
  if (!existsSync(GP_BIN)) throw new Error(`${GP_BIN} is missing; run \`npm run build\` (npm test does it) first`);
  // A wrapper (such as setpriv or unshare) runs gp the way a test needs: `wrapper... node gp args...`.
  const [program = process.execPath, ...wrapperArgs] = options.wrapper === undefined || options.wrapper.length === 0 ? [process.execPath] : [...options.wrapper, process.execPath];
  return new Promise((resolvePromise) => {
    const child = execFile(
      program,
      [...wrapperArgs, GP_BIN, ...args],
      // A test of gp not waiting forever gives it a time, after which it is killed and fails.
      { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: "1", ...options.env }, maxBuffer: 64 * 1024 * 1024, ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs, killSignal: "SIGKILL" as const }) },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolvePromise({ exitCode, stdout, stderr });
      },
    );
    // What a script pipes into gp (gp vm console), then the end of its input.
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Parses `--json` output: one object per line. */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The diagnostics of `--json` output, in the order gp printed them. */
export function jsonDiagnostics(output: string): Record<string, unknown>[] {
  return jsonLines(output).filter((line) => line["type"] === "diagnostic");
}

/** Whether output contains a JavaScript stack trace, which a user mistake must never print. */
export function hasStackTrace(output: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(output);
}
