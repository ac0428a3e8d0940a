import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { captureOutput, hasCommand, ProgramNotStarted, startProgram, type RunningProgram } from "../../host/exec.js";
import { isRunning, processIdentity, type ProcessIdentity } from "./process-identity.js";
import type { SharedFolder } from "./shared-folder.js";

/**
 * virtiofsd, the daemon that serves a host folder to QEMU's vhost-user-fs device: one process
 * per shared folder, listening on a unix socket QEMU connects to. It ends by itself when QEMU
 * disconnects (QEMU exits); gp stops it when the VM's runtime files are removed, which covers a
 * QEMU that never connected and a gp that was killed.
 */

/**
 * Where Debian puts it: the `virtiofsd` package (the Rust daemon) in /usr/libexec, QEMU 7.2's own
 * (the C daemon, in qemu-system-common) in /usr/lib/qemu. One on PATH comes first.
 */
export const VIRTIOFSD_PATHS: readonly string[] = ["/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd"];

/** The Rust daemon takes `--shared-dir DIR`; QEMU's C daemon `-o source=DIR`. */
export type VirtiofsdSyntax = "shared-dir" | "source-option";

export interface Virtiofsd {
  readonly program: string;
  readonly syntax: VirtiofsdSyntax;
}

/** How long virtiofsd gets to open its socket: it does so at once, before any sandboxing. */
const SOCKET_TIMEOUT_MS = 10_000;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Which syntax a virtiofsd reads, from its --help (both print it and exit). */
export function syntaxOf(help: string): VirtiofsdSyntax {
  return help.includes("--shared-dir") ? "shared-dir" : "source-option";
}

/** The virtiofsd to use, or undefined when the host has none. */
export async function findVirtiofsd(): Promise<Virtiofsd | undefined> {
  const program = (await hasCommand("virtiofsd")) ? "virtiofsd" : VIRTIOFSD_PATHS.find(executable);
  if (program === undefined) return undefined;
  let help;
  try {
    help = await captureOutput(program, ["--help"]);
  } catch (problem) {
    if (problem instanceof ProgramNotStarted) return undefined;
    throw problem;
  }
  return { program, syntax: syntaxOf(help.stdout + help.stderr) };
}

/**
 * virtiofsd's command line for one folder: the socket QEMU connects to, and caching as the
 * guest asks (`auto`: the guest's cache holds until a file's attributes time out).
 */
export function virtiofsdArguments(daemon: Virtiofsd, share: SharedFolder, socket: string): string[] {
  if (daemon.syntax === "shared-dir") return [`--socket-path=${socket}`, `--shared-dir=${share.path}`, "--cache=auto"];
  return [`--socket-path=${socket}`, "-o", `source=${share.path}`, "-o", "cache=auto"];
}

export type VirtiofsdStart =
  | { readonly ok: true; readonly program: RunningProgram; readonly identity: ProcessIdentity }
  | { readonly ok: false; readonly reason: string };

function lastLines(path: string): string {
  if (!existsSync(path)) return "";
  return readFileSync(path, "utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "").slice(-4).join("; ");
}

/**
 * Starts virtiofsd for `share` and waits until its socket exists, or says why it cannot run (it
 * exited, it could not be started, it opened no socket in time). It runs in a session of its own,
 * as QEMU does, so that it outlives a gp that leaves the VM running; its output goes to `log`.
 */
export async function startVirtiofsd(daemon: Virtiofsd, share: SharedFolder, socket: string, log: string): Promise<VirtiofsdStart> {
  rmSync(socket, { force: true });
  const output = openSync(log, "a", 0o600);
  let program: RunningProgram;
  try {
    program = startProgram(daemon.program, virtiofsdArguments(daemon, share, socket), { ownSession: true, stdio: ["ignore", output, output], cwd: "/" });
    await program.started;
  } catch (problem) {
    if (problem instanceof ProgramNotStarted) return { ok: false, reason: problem.reason };
    throw problem;
  } finally {
    closeSync(output);
  }
  const deadline = Date.now() + SOCKET_TIMEOUT_MS;
  for (;;) {
    if (program.hasEnded) {
      const end = await program.ended;
      const said = lastLines(log);
      return { ok: false, reason: `${daemon.program} ${end.signal === null ? `exited with status ${end.code}` : `was killed by ${end.signal}`}${said === "" ? "" : `: ${said}`}` };
    }
    if (existsSync(socket)) {
      const identity = program.child.pid === undefined ? undefined : processIdentity(program.child.pid);
      if (identity !== undefined) return { ok: true, program, identity };
    }
    if (Date.now() > deadline) {
      program.kill("SIGKILL");
      await program.ended.catch(() => {});
      return { ok: false, reason: `${daemon.program} opened no socket within ${SOCKET_TIMEOUT_MS / 1000} s` };
    }
    await new Promise((done) => setTimeout(done, 20));
  }
}

/**
 * Stops a virtiofsd gp started, if it still runs: its whole process group, since QEMU's C
 * daemon serves from a child it forks into its sandbox.
 */
export function stopVirtiofsd(identity: ProcessIdentity): void {
  if (!isRunning(identity)) return;
  try {
    process.kill(-identity.pid, "SIGTERM");
  } catch {
    // Gone in between.
  }
}
