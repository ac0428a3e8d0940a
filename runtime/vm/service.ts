import { startProgram } from "../../host/exec.js";
import { startVm, type StartEvents, type VmRunOptions } from "./start-vm.js";
import type { ServicePolicy } from "./service-config.js";
import { stopQemu } from "./stop-vm.js";
import { cleanUpAfterExit, describeExit, qemuExited, stopWasRequested, type QemuExit } from "./supervision.js";
import type { RemovedStale } from "./runtime-directory.js";

export interface ServiceEvents extends StartEvents {
  /** A line for the service's log (the journal, under systemd). */
  readonly log: (message: string) => void;
  readonly staleRemoved: (removed: RemovedStale) => void;
}

/** Tells systemd (a `Type=notify` unit) how the service is doing, when it runs under systemd. */
function notifySystemd(fields: readonly string[]): void {
  if (process.env.NOTIFY_SOCKET === undefined) return;
  // systemd-notify sends from its own pid: the unit needs NotifyAccess=all (see the README's unit).
  // Fired and forgotten: a notification that cannot be sent changes nothing for the VM.
  startProgram("systemd-notify", [...fields], { stdio: ["ignore", "ignore", "ignore"] });
}

/** Whether the policy restarts a VM whose QEMU ended so. */
export function wantsRestart(policy: ServicePolicy, exit: QemuExit): boolean {
  if (policy.restart === "always") return true;
  if (policy.restart === "no") return false;
  return exit.signal !== null || exit.code !== 0;
}

/**
 * Restart times within the window, including the one about to happen; the service gives up
 * when there would be more than the limit.
 */
export function withinRestartLimit(restarts: readonly number[], now: number, policy: ServicePolicy): boolean {
  const recent = restarts.filter((time) => now - time < policy.restartWindowSeconds * 1000);
  return recent.length < policy.restartLimit;
}

/**
 * `gp vm service FILE.ini`: runs one VM in the foreground for as long as the service runs, as a
 * systemd unit's ExecStart. QEMU's exits are met with the restart policy (with a delay, and a
 * limit on restarts within a window); a stop signal (SIGTERM from systemd, Ctrl-C) powers the
 * guest off, escalating as `gp vm stop` does, and ends the service without a restart, as does
 * `gp vm stop NAME`. The exit status is 0 after a stop or a power-off not restarted, else 1.
 */
export async function runService(options: VmRunOptions, policy: ServicePolicy, events: ServiceEvents, stop: AbortSignal): Promise<number> {
  const restarts: number[] = [];
  for (let run = 1; ; run += 1) {
    const started = await startVm({ ...options, supervised: true, signal: stop }, events, events.staleRemoved);
    events.log(`${started.name} is running (QEMU pid ${started.state.qemu?.pid}, ${started.accel.accel}); console log: ${started.state.consoleLog}`);
    notifySystemd(["--ready", `--status=${started.name} running`]);
    const exited = qemuExited(started.qemu);
    const stopped = new Promise<"stop">((resolve) => {
      if (stop.aborted) resolve("stop");
      else stop.addEventListener("abort", () => resolve("stop"), { once: true });
    });
    const first = await Promise.race([exited, stopped]);
    if (first === "stop") {
      notifySystemd(["--stopping", `--status=stopping ${started.name}`]);
      events.log(`stopping ${started.name}`);
      if (started.state.qemu !== undefined) {
        const outcome = await stopQemu(started.paths, started.state, started.state.qemu, { force: false, timeoutSeconds: policy.stopTimeoutSeconds }, events.log);
        events.log(`${started.name} stopped (${outcome.stoppedBy}) in ${outcome.seconds.toFixed(1)} s`);
      }
      await exited;
      cleanUpAfterExit(started);
      return 0;
    }
    const requested = stopWasRequested(started);
    const qemuLog = cleanUpAfterExit(started);
    events.log(`QEMU ${describeExit(first)}${first.code !== 0 && qemuLog !== "" ? `:\n${qemuLog}` : ""}`);
    if (requested) {
      events.log(`${started.name} was stopped with gp vm stop; the service ends`);
      return 0;
    }
    if (!wantsRestart(policy, first)) return first.code === 0 && first.signal === null ? 0 : 1;
    const now = Date.now();
    if (!withinRestartLimit(restarts, now, policy)) {
      events.log(`giving up: ${policy.restartLimit} restarts within ${policy.restartWindowSeconds} s (restart-limit, restart-window)`);
      return 1;
    }
    restarts.push(now);
    events.log(`restarting ${started.name} in ${policy.restartDelaySeconds} s (run ${run + 1}; restart=${policy.restart})`);
    notifySystemd([`--status=restarting ${started.name}`]);
    await new Promise<void>((resume) => {
      const timer = setTimeout(resume, policy.restartDelaySeconds * 1000);
      stop.addEventListener("abort", () => {
        clearTimeout(timer);
        resume();
      }, { once: true });
    });
    if (stop.aborted) return 0;
  }
}
