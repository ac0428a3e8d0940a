import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { execa, type Options } from "execa";
import { codes } from "../errors/codes.js";
import { GpError } from "../errors/gp-error.js";
import type { PhaseReport } from "./report/reporter.js";

/**
 * The one seam through which gp runs other programs: every command is written to the phase's
 * log with its output, streamed line by line to the report, cancelled with the build, and turned
 * into a CommandFailed that names the phase, the command, the exit code and the log file.
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

export interface RunOptions {
  readonly cwd?: string;
  /** Added to gp's own environment; a name set to undefined is removed from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bytes, text or a stream fed to the command's standard input. */
  readonly input?: string | Uint8Array | Readable;
  readonly log?: LogFile;
  readonly report?: PhaseReport;
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

/** A command gp ran that failed: what, how, where to read more, and its last lines of output. */
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

export async function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
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
  const result = await execa("sh", ["-c", `command -v ${quoteForDisplay(command)}`], { reject: false });
  return result.exitCode === 0;
}
