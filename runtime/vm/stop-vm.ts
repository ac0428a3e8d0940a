import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isRunning, type ProcessIdentity } from "./process-identity.js";
import { QmpClient } from "./qmp-client.js";
import { removeRuntimeDirectory, vmStatus } from "./runtime-directory.js";
import { vmPaths, type VmPaths } from "./runtime-paths.js";
import { codes } from "../../errors/codes.js";
import { VmProblem } from "./vm-problem.js";
import type { VmState } from "./vm-state.js";

export interface StopOptions {
  /** Skip the guest's own shutdown: QEMU is told to quit at once. */
  readonly force: boolean;
  /** How long the guest gets to power off after the ACPI power button. */
  readonly timeoutSeconds: number;
  readonly signal?: AbortSignal;
}

/** Which step ended QEMU: the guest powering off, QMP `quit`, SIGTERM (QMP did not answer), SIGKILL. */
export type StoppedBy = "powerdown" | "quit" | "terminate" | "kill";

export interface StopOutcome {
  readonly name: string;
  readonly stoppedBy: StoppedBy;
  readonly seconds: number;
}

/** How long QEMU gets to exit after `quit` or SIGTERM, and after SIGKILL. */
const QUIT_TIMEOUT_MS = 10_000;
const KILL_TIMEOUT_MS = 5_000;

/** The file that tells a supervising `gp vm service` the VM was stopped on purpose and is not to be restarted. */
export function stopRequestPath(paths: VmPaths): string {
  return join(paths.directory, "stop-requested");
}

async function waitUntilGone(qemu: ProcessIdentity, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(qemu)) {
    if (Date.now() >= deadline || signal?.aborted === true) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

async function tryConnect(socket: string): Promise<{ client?: QmpClient; problem?: string }> {
  try {
    return { client: await QmpClient.connect(socket, { timeoutMs: 5000 }) };
  } catch (problem) {
    return { problem: (problem as Error).message };
  }
}

/**
 * Stops QEMU `qemu` of VM `state`, each step only if the one before did not end it within its
 * time: QMP `system_powerdown` (the guest's ACPI power button), QMP `quit` (or SIGTERM when QMP
 * does not answer, say because another client holds it), then SIGKILL. Replies are matched to
 * their commands, so an ignored or refused command is known as such.
 */
export async function stopQemu(paths: VmPaths, state: VmState, qemu: ProcessIdentity, options: StopOptions, progress: (message: string) => void): Promise<StopOutcome> {
  const began = Date.now();
  const outcome = (stoppedBy: StoppedBy): StopOutcome => ({ name: state.name, stoppedBy, seconds: (Date.now() - began) / 1000 });
  const { client, problem } = await tryConnect(paths.qmp);
  try {
    if (!options.force) {
      if (client !== undefined) {
        try {
          await client.execute("system_powerdown");
          progress(`pressed the guest's power button; waiting up to ${options.timeoutSeconds} s for it to power off`);
          if (await waitUntilGone(qemu, options.timeoutSeconds * 1000, options.signal)) return outcome("powerdown");
          progress(`the guest did not power off within ${options.timeoutSeconds} s`);
        } catch (refused) {
          progress(`QEMU refused system_powerdown: ${(refused as Error).message}`);
        }
      } else {
        progress(`QMP does not answer (${problem}); the guest cannot be asked to power off`);
      }
    }
    if (client !== undefined) {
      try {
        await client.execute("quit");
      } catch {
        // QEMU may close the connection instead of replying; whether it went is checked below.
      }
      progress("told QEMU to quit");
      if (await waitUntilGone(qemu, QUIT_TIMEOUT_MS, options.signal)) return outcome("quit");
    } else {
      process.kill(qemu.pid, "SIGTERM");
      progress("sent QEMU SIGTERM");
      if (await waitUntilGone(qemu, QUIT_TIMEOUT_MS, options.signal)) return outcome("terminate");
    }
    if (isRunning(qemu)) process.kill(qemu.pid, "SIGKILL");
    progress("killed QEMU (SIGKILL)");
    if (await waitUntilGone(qemu, KILL_TIMEOUT_MS)) return outcome("kill");
    throw new VmProblem(codes.vmWillNotStop, `QEMU (pid ${qemu.pid}) is still there ${KILL_TIMEOUT_MS / 1000} s after SIGKILL; it may be stuck in the kernel (ps -o stat,wchan -p ${qemu.pid})`);
  } finally {
    client?.close();
  }
}

/**
 * `gp vm stop NAME`: stops the VM as {@link stopQemu} does and removes its runtime directory,
 * unless a supervising gp is alive to do that (and to tell the stop from a crash).
 */
export async function stopVm(root: string, name: string, options: StopOptions, progress: (message: string) => void): Promise<StopOutcome> {
  const paths = vmPaths(root, name);
  if (!existsSync(paths.directory)) throw new VmProblem(codes.noSuchVm, `no VM named ${name} is running (gp vm list shows those that are)`);
  const status = vmStatus(paths);
  if (status.kind === "starting") throw new VmProblem(codes.noSuchVm, `${name} is still being started (by gp pid ${status.state.starter.pid}); stop it once it runs`);
  if (status.kind === "stale") {
    removeRuntimeDirectory(paths, status.state);
    throw new VmProblem(codes.noSuchVm, `no VM named ${name} is running: ${status.reason} (its runtime files are removed now)`);
  }
  const supervised = status.state.supervisor !== undefined && isRunning(status.state.supervisor);
  if (supervised) writeFileSync(stopRequestPath(paths), `${process.pid}\n`);
  const outcome = await stopQemu(paths, status.state, status.qemu, options, progress);
  if (!supervised) removeRuntimeDirectory(paths, status.state);
  return outcome;
}
