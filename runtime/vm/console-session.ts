import { closeSync, openSync, readSync, fstatSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { codes } from "../../errors/codes.js";
import { VmProblem } from "./vm-problem.js";

/** Ctrl-]: leaves the console, as telnet and the reference's `vm console` do. */
export const DETACH_BYTE = 0x1d;

/** How much of the console log `--replay` shows at most: the end of it. */
const REPLAY_MAX_BYTES = 1024 * 1024;

export interface ConsoleOptions {
  readonly socket: string;
  readonly log: string;
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly output: NodeJS.WritableStream;
  /** Print what the console printed before this client connected (from the log), first. */
  readonly replay: boolean;
  /** End, successfully, once the output (replayed or live) contains this text. */
  readonly until?: string;
  /** End, unsuccessfully, after this long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Why a console session ended. */
export type ConsoleEnd = "detached" | "vm-stopped" | "matched" | "timeout" | "interrupted";

function readLogTail(path: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch {
    return "";
  }
  try {
    const size = fstatSync(descriptor).size;
    const length = Math.min(size, REPLAY_MAX_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    closeSync(descriptor);
  }
}

async function connectConsole(path: string): Promise<Socket> {
  return new Promise((connected, failed) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.off("error", failed);
      connected(socket);
    });
    socket.once("error", (problem: NodeJS.ErrnoException) => {
      const gone = problem.code === "ENOENT" || problem.code === "ECONNREFUSED";
      failed(new VmProblem(gone ? codes.noSuchVm : codes.vmRefused, gone ? `the VM has no console socket at ${path} (is it running?)` : `cannot connect to the console ${path}: ${problem.message}`));
    });
  });
}

/**
 * Joins the VM's serial console. On a terminal it is raw and both ways, and Ctrl-] leaves it
 * (the VM keeps running). Without one (a script, a pipe), whatever arrives on standard input is
 * sent to the guest and the console's output is copied to standard output; the session ends
 * when the VM stops, when `until` appears in the output, or after `timeoutMs`. QEMU's console
 * takes one client at a time and keeps no history; the log file has all of it, which `replay`
 * shows first.
 */
export async function attachConsole(options: ConsoleOptions): Promise<ConsoleEnd> {
  const socket = await connectConsole(options.socket);
  const terminal = options.input.isTTY === true && typeof options.input.setRawMode === "function";
  let seen = "";
  const matches = (text: string): boolean => {
    if (options.until === undefined) return false;
    seen = (seen + text.replaceAll("\r", "")).slice(-(options.until.length + 65_536));
    return seen.includes(options.until);
  };
  return new Promise<ConsoleEnd>((finish) => {
    let finished = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => end("timeout"), options.timeoutMs);
    const onAbort = () => end("interrupted");
    const onInput = (chunk: Buffer | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const detach = terminal ? bytes.indexOf(DETACH_BYTE) : -1;
      if (detach === -1) {
        socket.write(bytes);
        return;
      }
      if (detach > 0) socket.write(bytes.subarray(0, detach));
      end("detached");
    };
    const end = (why: ConsoleEnd) => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      options.input.off("data", onInput);
      if (terminal) options.input.setRawMode?.(false);
      options.input.pause();
      socket.destroy();
      finish(why);
    };
    options.signal?.addEventListener("abort", onAbort);
    if (options.replay) {
      const history = readLogTail(options.log);
      options.output.write(history);
      if (matches(history)) {
        end("matched");
        return;
      }
    }
    socket.on("data", (chunk: Buffer) => {
      options.output.write(chunk);
      if (matches(chunk.toString("utf8"))) end("matched");
    });
    // QEMU closes the console when it exits.
    socket.on("close", () => end("vm-stopped"));
    socket.on("error", () => end("vm-stopped"));
    if (terminal) options.input.setRawMode?.(true);
    options.input.on("data", onInput);
    options.input.resume();
  });
}
