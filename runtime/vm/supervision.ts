import type { RunningProgram } from "../../host/exec.js";
import { existsSync, readFileSync } from "node:fs";
import { removeRuntimeDirectory } from "./runtime-directory.js";
import type { StartedVm } from "./start-vm.js";
import { stopRequestPath } from "./stop-vm.js";
import { writeVmState } from "./vm-state.js";

/** How QEMU ended: its exit status, or the signal that killed it. */
export interface QemuExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Resolves when the QEMU that gp started exits (at once if it has). */
export function qemuExited(qemu: RunningProgram): Promise<QemuExit> {
  return qemu.ended.then(({ code, signal }) => ({ code, signal }));
}

/** "powered off", "exited with status 1", "was killed by SIGKILL". */
export function describeExit(exit: QemuExit): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  return exit.code === 0 ? "ended (the guest powered off)" : `exited with status ${exit.code}`;
}

/** Whether `gp vm stop` asked for this end (a service must not restart the VM then). */
export function stopWasRequested(started: StartedVm): boolean {
  return existsSync(stopRequestPath(started.paths));
}

/**
 * After QEMU has exited: what it wrote on its way out (read before the runtime directory, which
 * holds it, is removed), and the runtime directory removed.
 */
export function cleanUpAfterExit(started: StartedVm): string {
  const log = existsSync(started.paths.qemuLog) ? readFileSync(started.paths.qemuLog, "utf8").trim() : "";
  removeRuntimeDirectory(started.paths, started.state);
  return log;
}

/**
 * Leaves a running VM to itself: gp no longer supervises it, so `gp vm stop` removes its runtime
 * files, and gp can exit while QEMU runs on.
 */
export function releaseVm(started: StartedVm): void {
  const { supervisor: _dropped, ...unsupervised } = started.state;
  writeVmState(started.paths.state, unsupervised);
  started.qemu.unref();
  for (const daemon of started.virtiofsd) daemon.unref();
}
