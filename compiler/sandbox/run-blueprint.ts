import type { Writable } from "node:stream";
import { startProgram, type RunningProgram } from "../../host/exec.js";
import type { Misconduct, ParentMessage, PlainExports, RunnerMessage, ThrownValue } from "./messages.js";

/** The limits a blueprint runs under. */
import { DEFAULT_LIMITS, type SandboxLimits } from "./limits.js";

export { DEFAULT_LIMITS, type SandboxLimits };

export interface SandboxSetup {
  /** The bundled runner (sandbox/runner.ts), a file inside one of `readable`. */
  readonly runner: string;
  /** Directories the process may read: the blueprint's bundle and the runner. */
  readonly readable: readonly string[];
  readonly limits: SandboxLimits;
  /** Where the blueprint's console output goes: never stdout, which may carry --json. */
  readonly output: Writable;
}

/** A process started for one blueprint, waiting for its bundle. */
export interface Sandbox {
  /** Runs the blueprint's bundle (a file: URL); the time limit counts from here. */
  run(bundle: string): Promise<SandboxOutcome>;
  /** Ends the process unused, when there turned out to be nothing to run. */
  discard(): void;
}

/** How a run ended, as far as the process itself could tell. */
export type SandboxOutcome =
  | { readonly kind: "evaluated"; readonly exports: PlainExports; readonly misconduct: readonly Misconduct[] }
  | { readonly kind: "threw"; readonly thrown: ThrownValue; readonly misconduct: readonly Misconduct[] }
  | { readonly kind: "stalled"; readonly misconduct: readonly Misconduct[] }
  /** It ended without evaluating: process.exit(), or something it did that stopped the module. */
  | { readonly kind: "ended"; readonly misconduct: readonly Misconduct[] }
  | { readonly kind: "timed-out"; readonly partial?: "evaluated" }
  | { readonly kind: "out-of-memory" }
  | { readonly kind: "crashed"; readonly exitCode: number | null; readonly signal: string | null; readonly stderrTail: string };

/** A blueprint may print this much; more is dropped with a note, so it cannot flood the terminal. */
const MAX_RELAYED_BYTES = 1 << 20;

/** The first line of what V8 prints when it gives up: out of memory, or another fatal error. */
const V8_CRASH_REPORT = /^(?:<--- Last few GCs --->|FATAL ERROR: |#\s*Fatal error in)/;

/** Node's flag for its permission model: stable from 22.13 and 23.5, experimental before. */
export function permissionFlag(version: string = process.versions.node): string {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const stable = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? "--permission" : "--experimental-permission";
}

/** The command line of the process: the permission model with read access to `readable` only. */
export function sandboxArguments(run: Pick<SandboxSetup, "runner" | "readable" | "limits">): string[] {
  const flags = [
    permissionFlag(),
    ...[...new Set(run.readable)].map((path) => `--allow-fs-read=${path}`),
    // No --allow-fs-write, --allow-child-process, --allow-worker, --allow-addons or --allow-wasi:
    // the blueprint may read its bundle and nothing more.
    "--no-addons",
    // No --enable-source-maps: gp maps the stacks it reads itself (sandbox/bundle-stacks.ts).
    `--max-old-space-size=${run.limits.heapMiB}`,
  ];
  if (process.allowedNodeEnvironmentFlags.has("--disable-warning")) flags.push("--disable-warning=ExperimentalWarning");
  return [...flags, run.runner];
}

/**
 * The environment a blueprint sees: the locale and time zone, and the variables named `GP_*`,
 * which is how a blueprint takes parameters. The rest (tokens, keys, `NODE_OPTIONS`, which would
 * load code before the sandbox is up) stays with gp.
 */
export function sandboxEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (name.startsWith("GP_") || name === "LANG" || name === "TZ" || name.startsWith("LC_"))) kept[name] = value;
  }
  return kept;
}

/** Children still running, killed if gp itself ends first. */
const running = new Set<RunningProgram>();
let exitHookInstalled = false;

/**
 * Starts the Node process that will run one blueprint, under the permission model and the
 * limits, before the blueprint is bundled, so that Node's start-up overlaps the bundling. The
 * process gets only the environment of {@link sandboxEnvironment}, its output is relayed to
 * `output`, and it is killed when the time is up.
 */
export function startSandbox(setup: SandboxSetup): Sandbox {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const program of running) program.kill("SIGKILL");
    });
  }
  // The end of its stderr, which explains a crash, is kept by startProgram.
  const program = startProgram(process.execPath, sandboxArguments(setup), { stdio: ["ignore", "pipe", "pipe"], ipc: true, env: sandboxEnvironment(process.env), inheritEnv: false });
  const { child } = program;
  running.add(program);
  let result: Extract<RunnerMessage, { type: "evaluated" | "threw" | "stalled" }> | undefined;
  let misconduct: readonly Misconduct[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  let relayed = 0;
  let dropped = 0;
  const relay = (chunk: Buffer): void => {
    const room = Math.max(0, MAX_RELAYED_BYTES - relayed);
    if (room > 0) setup.output.write(chunk.subarray(0, room));
    relayed += Math.min(room, chunk.length);
    dropped += chunk.length - Math.min(room, chunk.length);
  };
  child.stdout?.on("data", relay);
  // V8's report of a crash (out of memory, a fatal error) is gp's to explain, not the
  // blueprint's output: stderr is relayed line by line until such a report begins.
  let partialLine = "";
  let crashReport = false;
  child.stderr?.on("data", (chunk: Buffer) => {
    if (crashReport) return;
    const lines = (partialLine + chunk.toString("utf8")).split("\n");
    partialLine = lines.pop() ?? "";
    for (const line of lines) {
      if (V8_CRASH_REPORT.test(line)) {
        crashReport = true;
        return;
      }
      relay(Buffer.from(`${line}\n`));
    }
  });
  child.on("message", (message: RunnerMessage) => {
    if (message.type === "settled") misconduct = message.misconduct;
    else result ??= message;
  });
  const outcome = new Promise<SandboxOutcome>((resolvePromise) => {
    child.on("error", (problem) => {
      clearTimeout(timer);
      running.delete(program);
      resolvePromise({ kind: "crashed", exitCode: null, signal: null, stderrTail: problem.message });
    });
    // A process that never started has already been reported by its "error" above.
    void program.ended.then(
      ({ code: exitCode, signal, stderrTail }) => {
        clearTimeout(timer);
        running.delete(program);
        if (!crashReport && partialLine !== "") relay(Buffer.from(partialLine));
        if (dropped > 0) setup.output.write(`\n[gp: ${dropped} more bytes of the blueprint's output were left out]\n`);
        if (timedOut) return resolvePromise({ kind: "timed-out", ...(result?.type === "evaluated" ? { partial: "evaluated" as const } : {}) });
        if (/heap out of memory|Reached heap limit|Allocation failed/.test(stderrTail)) return resolvePromise({ kind: "out-of-memory" });
        if (misconduct === undefined) return resolvePromise({ kind: "crashed", exitCode, signal, stderrTail });
        if (result === undefined) return resolvePromise({ kind: "ended", misconduct });
        if (result.type === "evaluated") return resolvePromise({ kind: "evaluated", exports: result.result, misconduct });
        if (result.type === "threw") return resolvePromise({ kind: "threw", thrown: result.thrown, misconduct });
        return resolvePromise({ kind: "stalled", misconduct });
      },
      () => {},
    );
  });
  return {
    run(bundle) {
      if (child.exitCode === null && child.signalCode === null && child.connected) {
        const message: ParentMessage = { type: "run", bundle };
        child.send(message);
        timer = setTimeout(() => {
          timedOut = true;
          program.kill("SIGKILL");
        }, setup.limits.timeoutMs);
      }
      return outcome;
    },
    discard() {
      program.kill("SIGKILL");
    },
  };
}
