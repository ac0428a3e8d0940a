import { spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { Options } from "execa";
import { codes } from "../errors/codes.js";
import { GpError } from "../errors/gp-error.js";

/**
 * The one seam through which gp runs other programs; nothing else in gp starts a process (the
 * repository's tests hold that). A command of a build is written to the phase's log with its
 * output, streamed line by line to the report, cancelled with the build, and turned into a
 * CommandFailed that names the phase, the command, the exit code and the log file ({@link run}).
 * A program that runs on beside gp (QEMU, ssh, a blueprint's sandbox) is started with
 * {@link startProgram}. Every one is given its arguments as a list, never a shell line, and one
 * that cannot be started is named in the error.
 */

/** A phase's log file, opened for appending. */
export class LogFile {
  readonly #stream: WriteStream;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.#stream = createWriteStream(path, { flags: "a" });
  }

  write(text: string): void {
    this.#stream.write(text);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#stream.end(resolve));
  }
}

/**
 * Where a command's output lines are shown while it runs, and under which phase name its
 * failure is reported (a build phase's report is one).
 */
export interface OutputReport {
  readonly phase: string;
  log(line: string): void;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Added to gp's own environment; a name set to undefined is removed from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bytes, text or a stream fed to the command's standard input. */
  readonly input?: string | Uint8Array | Readable;
  readonly log?: LogFile;
  readonly report?: OutputReport;
  readonly signal?: AbortSignal;
  /** The terminal is handed to the command (an interactive shell); nothing is captured. */
  readonly interactive?: boolean;
  /** A non-zero exit is returned instead of thrown. */
  readonly allowFailure?: boolean;
  /** Keep standard output out of the log and the report (it is data, such as a file list). */
  readonly captureOnly?: boolean;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
}

/** A command gp ran that failed: what, how, and where to read more. */
export class CommandFailed extends GpError {
  constructor(
    readonly phase: string,
    readonly command: readonly string[],
    readonly exitCode: number | undefined,
    readonly logPath: string | undefined,
    readonly tail: readonly string[],
    readonly cancelled: boolean,
  ) {
    const shown = command.map(quoteForDisplay).join(" ");
    const how = cancelled ? "was stopped" : exitCode === undefined ? "could not be run" : `exited with code ${exitCode}`;
    const shownTail = tail.filter((line) => line.trim() !== "").slice(-12);
    super(codes.commandFailed, `${phase}: \`${shown}\` ${how}${logPath === undefined ? "" : `; the log is ${logPath}`}`, shownTail.length === 0 ? {} : { details: `Its last lines:\n${shownTail.map((line) => `  ${line}`).join("\n")}` });
  }
}

/** A command line as a person would type it. */
export function quoteForDisplay(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const TAIL = 30;

/**
 * execa, loaded by the first command gp runs through it: a quarter megabyte that a compile, which
 * starts only its sandbox (startProgram), never needs.
 */
function loadExeca(): Promise<typeof import("execa")> {
  return import("execa");
}

export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { execa } = await loadExeca();
  const phase = options.report?.phase ?? "gp";
  const argv = [command, ...args];
  options.log?.write(`\n$ ${argv.map(quoteForDisplay).join(" ")}\n`);
  const tail: string[] = [];
  const onLine = (line: string) => {
    options.log?.write(`${line}\n`);
    options.report?.log(line);
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
  };
  const execaOptions: Options = {
    cwd: options.cwd,
    env: options.env === undefined ? undefined : { ...options.env },
    extendEnv: true,
    reject: false,
    stripFinalNewline: false,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal, forceKillAfterDelay: 10_000 }),
    ...(options.interactive === true
      ? { stdio: "inherit" as const }
      : {
          stdin: options.input === undefined ? ("ignore" as const) : ("pipe" as const),
          ...(typeof options.input === "string" || options.input instanceof Uint8Array ? { input: options.input } : {}),
          buffer: { stdout: options.captureOnly === true, stderr: false, all: false },
          lines: false,
        }),
  };
  let child;
  try {
    child = execa(command, args, execaOptions);
  } catch {
    throw new CommandFailed(phase, argv, undefined, options.log?.path, tail, false);
  }
  if (options.input !== undefined && typeof options.input !== "string" && !(options.input instanceof Uint8Array) && child.stdin !== null) {
    options.input.pipe(child.stdin);
  }
  if (options.interactive !== true) {
    const split = (stream: Readable | null, keep: boolean) => {
      if (stream === null || !keep) return;
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        pending += chunk;
        const lines = pending.split(/\r?\n/);
        pending = lines.pop() ?? "";
        for (const line of lines) onLine(line);
      });
      stream.on("end", () => {
        if (pending !== "") onLine(pending);
      });
    };
    split(child.stdout, options.captureOnly !== true);
    split(child.stderr, true);
  }
  const result = await child;
  const cancelled = result.isCanceled === true || options.signal?.aborted === true;
  const exitCode = result.exitCode;
  if ((exitCode !== 0 || cancelled) && options.allowFailure !== true) {
    if (result.failed && exitCode === undefined && !cancelled) {
      options.log?.write(`${result.originalMessage ?? result.message}\n`);
      throw new CommandFailed(phase, argv, undefined, options.log?.path, [...tail, result.originalMessage ?? ""], false);
    }
    throw new CommandFailed(phase, argv, exitCode, options.log?.path, tail, cancelled);
  }
  const stdout = typeof result.stdout === "string" ? result.stdout : "";
  return { exitCode: exitCode ?? -1, stdout };
}

/**
 * Runs a command for its output as bytes (a file read out of an image, say), with its standard
 * error kept for the message when it fails.
 */
export async function runForBytes(command: string, args: readonly string[], options: { readonly signal?: AbortSignal; readonly phase?: string } = {}): Promise<Buffer> {
  const { execa } = await loadExeca();
  const result = await execa(command, args, {
    encoding: "buffer",
    reject: false,
    stdin: "ignore",
    maxBuffer: 1024 * 1024 * 1024,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  if (result.exitCode !== 0 || result.failed) {
    const stderr = Buffer.from(result.stderr ?? new Uint8Array()).toString("utf8");
    const tail = stderr.split("\n").filter((line) => line.trim() !== "").slice(-8);
    throw new CommandFailed(options.phase ?? "gp", [command, ...args], result.exitCode, undefined, tail, result.isCanceled === true);
  }
  return Buffer.from(result.stdout);
}

/** Whether a program can be found on PATH. */
export async function hasCommand(command: string): Promise<boolean> {
  const { execa } = await loadExeca();
  const result = await execa("sh", ["-c", `command -v ${quoteForDisplay(command)}`], { reject: false });
  return result.exitCode === 0;
}

/** A program gp could not start at all: not installed, not executable, or its directory missing. */
export class ProgramNotStarted extends CommandFailed {
  constructor(
    phase: string,
    command: readonly string[],
    /** What is wrong, naming the program: "qemu-system-x86_64 is not installed (not found on PATH)". */
    readonly reason: string,
    /** The system's error code (ENOENT, EACCES), when it gave one. */
    readonly errno: string | undefined,
    /** The system's own words ("spawn gpgv ENOENT"), for a bug report: the program wrote nothing. */
    readonly systemMessage: string,
  ) {
    super(phase, command, undefined, undefined, [], false);
    this.message = `${phase}: ${reason}`;
  }
}

/** Why `command` could not be started, in words that name it. */
function notStarted(phase: string, argv: readonly string[], cwd: string | undefined, problem: NodeJS.ErrnoException): ProgramNotStarted {
  const program = quoteForDisplay(argv[0] ?? "");
  const reason =
    cwd !== undefined && !existsSync(cwd)
      ? `${program} cannot be run in ${quoteForDisplay(cwd)}: the directory does not exist`
      : problem.code === "ENOENT"
        ? program.includes("/")
          ? `${program} cannot be run: it does not exist`
          : `${program} is not installed (not found on PATH)`
        : problem.code === "EACCES"
          ? `${program} cannot be run: permission denied (it is not executable by this user)`
          : `${program} cannot be run: ${problem.message}`;
  return new ProgramNotStarted(phase, argv, reason, problem.code, problem.message);
}

/** gp's environment with `env` added (a name set to undefined is removed), or `env` alone. */
function childEnvironment(env: Readonly<Record<string, string | undefined>> | undefined, inherit: boolean): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = inherit ? { ...process.env } : {};
  for (const [name, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

/** What one of a program's standard streams is connected to: nothing, a pipe to gp, gp's own, or an open file descriptor. */
export type StreamChoice = "ignore" | "pipe" | "inherit" | number;

export interface StartOptions {
  /** Names the program in errors ("gp" when not given). */
  readonly phase?: string;
  readonly cwd?: string;
  /** Added to gp's own environment; a name set to undefined is removed from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** false: the program sees only `env`, nothing of gp's environment. @default true */
  readonly inheritEnv?: boolean;
  /**
   * Standard input, output and error, or "inherit" for all three (the terminal is handed over).
   * A piped output must be read, or the program stops when the pipe is full; a piped standard
   * error is also kept for {@link ProgramEnd.stderrTail}. @default ["ignore", "ignore", "pipe"]
   */
  readonly stdio?: "inherit" | readonly [StreamChoice, StreamChoice, StreamChoice];
  /** A message channel to a Node program (child.send, "message" events), with structured clones. */
  readonly ipc?: boolean;
  /**
   * The program runs in a session and process group of its own: it outlives gp if released
   * ({@link RunningProgram.unref}), and a kill or an abort reaches every process it started.
   */
  readonly ownSession?: boolean;
  /** Stops the program: `killSignal`, then SIGKILL if it has not ended after `forceKillAfterMs`. */
  readonly signal?: AbortSignal;
  /** @default "SIGTERM" */
  readonly killSignal?: NodeJS.Signals;
  /** @default 10000 */
  readonly forceKillAfterMs?: number;
}

/** How a program ended. */
export interface ProgramEnd {
  /** Its exit status, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of what it wrote to a piped standard error (the last {@link STDERR_TAIL_CHARACTERS} characters). */
  readonly stderrTail: string;
  /** It was stopped because `signal` was aborted. */
  readonly aborted: boolean;
}

/** How much of a started program's standard error is kept to explain its end. */
export const STDERR_TAIL_CHARACTERS = 8192;

/** A program started with {@link startProgram}. */
export interface RunningProgram {
  /** The process: its pid, its piped streams and, with `ipc`, its message channel. */
  readonly child: ChildProcess;
  /** Resolves once the program runs; rejects with a {@link ProgramNotStarted} that names it when it cannot be started. */
  readonly started: Promise<void>;
  /**
   * Resolves when the program has exited and its piped output has been read; rejects as
   * `started` does. Either promise may be left unwatched.
   */
  readonly ended: Promise<ProgramEnd>;
  /** The program has exited (or never started). */
  readonly hasEnded: boolean;
  /** Sends `signal` (SIGTERM by default) to the program, or to its whole process group with `ownSession`, unless it has ended. */
  kill(signal?: NodeJS.Signals): void;
  /** Lets gp exit while the program runs on. */
  unref(): void;
}

/**
 * Starts a program that runs beside gp (a VM, a shell handed the terminal, a child Node process
 * talking over IPC), without a shell. It returns at once and `started` and `ended` say the rest;
 * only words Node will not pass to a program at all (a NUL byte) throw a {@link ProgramNotStarted} here.
 */
export function startProgram(command: string, args: readonly string[], options: StartOptions = {}): RunningProgram {
  const phase = options.phase ?? "gp";
  const argv = [command, ...args];
  const streams = options.stdio ?? ["ignore", "ignore", "pipe"];
  const stdio: StdioOptions = streams === "inherit" ? (options.ipc === true ? ["inherit", "inherit", "inherit", "ipc"] : "inherit") : [...streams, ...(options.ipc === true ? ["ipc" as const] : [])];
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio,
      env: childEnvironment(options.env, options.inheritEnv !== false),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.ipc === true ? { serialization: "advanced" as const } : {}),
      ...(options.ownSession === true ? { detached: true } : {}),
    });
  } catch (problem) {
    // Node refuses some arguments before trying (a NUL byte in a word).
    throw notStarted(phase, argv, options.cwd, problem as NodeJS.ErrnoException);
  }
  let exited = false;
  let aborted = false;
  let forceKill: NodeJS.Timeout | undefined;
  const kill = (signal: NodeJS.Signals = "SIGTERM"): void => {
    if (exited || child.pid === undefined) return;
    if (options.ownSession === true) {
      try {
        // The group's id is the leader's pid, which is not reused while the group has members.
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    } else child.kill(signal);
  };
  const onAbort = (): void => {
    aborted = true;
    kill(options.killSignal ?? "SIGTERM");
    forceKill = setTimeout(() => kill("SIGKILL"), options.forceKillAfterMs ?? 10_000);
  };
  let stderrTail = "";
  if (child.stderr !== null) {
    const decoder = new StringDecoder("utf8");
    child.stderr.on("data", (chunk: Buffer | string) => {
      stderrTail = (stderrTail + (typeof chunk === "string" ? chunk : decoder.write(chunk))).slice(-STDERR_TAIL_CHARACTERS);
    });
  }
  const started = new Promise<void>((resolveStarted, rejectStarted) => {
    child.once("spawn", () => {
      resolveStarted();
      if (options.signal?.aborted === true) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
    child.on("error", (problem: NodeJS.ErrnoException) => {
      // Only an error before "spawn" means the program never ran; later ones (a failed kill or
      // send) leave it running, and its end is reported by "close".
      if (child.pid === undefined) {
        exited = true;
        rejectStarted(notStarted(phase, argv, options.cwd, problem));
      }
    });
  });
  child.on("exit", () => {
    exited = true;
  });
  const ended = new Promise<ProgramEnd>((resolveEnded, rejectEnded) => {
    started.catch(rejectEnded);
    child.on("close", (code, signal) => {
      clearTimeout(forceKill);
      options.signal?.removeEventListener("abort", onAbort);
      if (child.pid === undefined) return;
      resolveEnded({ code, signal, stderrTail, aborted });
    });
  });
  // Either promise may go unwatched (a notification fired and forgotten, a caller awaiting only
  // the start): `ended` watches `started`, and this watches `ended`.
  ended.catch(() => {});
  return {
    child,
    started,
    ended,
    get hasEnded() {
      return exited;
    },
    kill,
    unref() {
      child.unref();
    },
  };
}

/** What a program that ran to its end wrote, and how it ended. */
export interface CapturedRun {
  /** Its exit status, or null when a signal (or a time limit) ended it. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CaptureOptions {
  readonly phase?: string;
  /** Added to gp's own environment; a name set to undefined is removed from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** false: the program sees only `env`. @default true */
  readonly inheritEnv?: boolean;
  /**
   * The program's standard input instead of none: an open file descriptor (a file to sign), or
   * gp's own, so that the program can ask its user (a passphrase).
   */
  readonly stdin?: number | "inherit";
}

/**
 * Runs a program to its end for what it says (a verifier's status lines, say): its output and
 * exit status are returned whatever they are, for the caller to judge. Rejects with a
 * {@link ProgramNotStarted} when it cannot be started.
 */
export async function captureOutput(command: string, args: readonly string[], options: CaptureOptions = {}): Promise<CapturedRun> {
  const program = startProgram(command, args, { ...options, stdio: [options.stdin ?? "ignore", "pipe", "pipe"] });
  // Both pipes are closed by the time the program has ended.
  let stdout = "";
  let stderr = "";
  program.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  program.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const end = await program.ended;
  return { exitCode: end.code, stdout, stderr };
}

/**
 * {@link captureOutput} for code that cannot wait (a check inside the compiler), with `input` as
 * standard input and a time limit after which the program is killed (exitCode null then).
 */
export function captureOutputSync(command: string, args: readonly string[], options: CaptureOptions & { readonly input?: string; readonly timeoutMs: number }): CapturedRun {
  const argv = [command, ...args];
  let result;
  try {
    result = spawnSync(command, args, {
      input: options.input ?? "",
      encoding: "utf8",
      timeout: options.timeoutMs,
      env: childEnvironment(options.env, options.inheritEnv !== false),
    });
  } catch (problem) {
    throw notStarted(options.phase ?? "gp", argv, undefined, problem as NodeJS.ErrnoException);
  }
  // An error with a pid is one met while it ran (the time limit): it ran, and exitCode says how it ended.
  if (result.error !== undefined && !result.pid) throw notStarted(options.phase ?? "gp", argv, undefined, result.error as NodeJS.ErrnoException);
  return { exitCode: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** What a filter program made of its input, or why it made nothing usable. */
export type FilterResult = { readonly ok: true; readonly output: Buffer } | { readonly ok: false; readonly reason: string };

/**
 * Runs a filter (a decompressor, say) over bytes gp holds, for its output, without waiting on
 * hostile input: the output is capped (a small file that expands without end is stopped, not
 * buffered) and so is the time. A program that cannot be started, fails, or passes a limit is a
 * reason, never a throw: the callers treat what they filter as optional facts.
 */
export function filterBytesSync(command: string, args: readonly string[], input: Uint8Array, limits: { readonly maxOutputBytes: number; readonly timeoutMs: number }): FilterResult {
  const result = spawnSync(command, args, { input, maxBuffer: limits.maxOutputBytes, timeout: limits.timeoutMs, stdio: ["pipe", "pipe", "ignore"] });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOBUFS") return { ok: false, reason: `${command} wrote more than ${limits.maxOutputBytes} bytes` };
  if (code === "ETIMEDOUT" || (result.signal !== null && result.error === undefined)) return { ok: false, reason: `${command} did not finish within ${limits.timeoutMs} ms` };
  if (result.error !== undefined) return { ok: false, reason: `${command} could not be run (${result.error.message})` };
  if (result.status !== 0) return { ok: false, reason: `${command} failed with exit status ${result.status}` };
  return { ok: true, output: result.stdout };
}
