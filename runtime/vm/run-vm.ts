import { codes } from "../../errors/codes.js";
import { attachConsole } from "./console-session.js";
import { describeSshRoute, waitForSsh } from "./ssh-wait.js";
import { VmProblem } from "./vm-problem.js";
import { startVm, type StartEvents, type StartedVm, type VmRunOptions } from "./start-vm.js";
import { stopQemu } from "./stop-vm.js";
import { cleanUpAfterExit, describeExit, qemuExited, releaseVm } from "./supervision.js";

/** What a started VM is, for the user: where its console, log and control socket are. */
export interface VmSummary {
  readonly name: string;
  readonly pid: number | undefined;
  readonly accel: string;
  readonly accelReason: string;
  readonly memoryMiB: number;
  readonly cpus: number;
  readonly runtimeDirectory: string;
  readonly console: string;
  readonly consoleLog: string;
  readonly qmp: string;
  readonly vsockCid?: number;
  readonly data?: unknown;
  /** Each shared folder, with how it reaches the guest. */
  readonly shares?: readonly { readonly path: string; readonly tag: string; readonly via: "virtiofs" | "9p" }[];
  readonly seconds: number;
  /** With --wait-ssh: seconds from QEMU answering to the guest's sshd answering. */
  readonly sshAnsweredSeconds?: number;
}

/** How `gp vm run` ran a VM. */
export type VmRunEnd =
  /** Started and left running: --detach, or Ctrl-] on the console. */
  | { readonly kind: "detached"; readonly summary: VmSummary; readonly fromConsole: boolean }
  /** Stopped on Ctrl-C or SIGTERM. */
  | { readonly kind: "interrupted"; readonly name: string }
  /** QEMU ended on its own: the guest powered off, or QEMU failed (its log then says why). */
  | { readonly kind: "exited"; readonly name: string; readonly clean: boolean; readonly exitCode: number | null; readonly signal: NodeJS.Signals | null; readonly description: string; readonly qemuLog: string };

export interface RunVmOptions extends VmRunOptions {
  /** Return once QEMU runs, leaving it running; else stay and look after it. */
  readonly detach: boolean;
  /** Seconds the guest gets to power off when the run is interrupted. */
  readonly stopTimeoutSeconds: number;
  /** With detach: return only once the guest's sshd answers, waiting at most this many seconds. */
  readonly waitSshSeconds?: number;
  /** Attach the serial console to these streams while the VM runs in the foreground; none: no console. */
  readonly console?: { readonly input: NodeJS.ReadStream; readonly output: NodeJS.WritableStream };
  readonly signal: AbortSignal;
}

export interface RunVmEvents extends StartEvents {
  /** The VM runs and gp stays with it (not called for --detach). */
  readonly started: (summary: VmSummary) => void;
  /** An earlier VM of the same name had left runtime files behind, now removed. */
  readonly staleRemoved: (name: string, reason: string) => void;
}

/**
 * Starts a VM and, unless detached, supervises it: the console attached, Ctrl-] leaves it
 * running, an interrupt powers the guest off (within the stop timeout, then harder), and QEMU's
 * end removes its runtime files.
 */
export async function runVm(options: RunVmOptions, events: RunVmEvents): Promise<VmRunEnd> {
  const { detach, stopTimeoutSeconds, console, waitSshSeconds, ...start } = options;
  if (waitSshSeconds !== undefined && !detach) throw new VmProblem(codes.vmOptionInvalid, "--wait-ssh goes with --detach: in the foreground the console shows when the guest is up");
  const started = await startVm({ ...start, supervised: !detach, ...(waitSshSeconds === undefined ? {} : { sshRoute: true }) }, events, (removed) => events.staleRemoved(removed.name, removed.reason));
  if (detach) {
    releaseVm(started);
    if (waitSshSeconds === undefined || started.sshRoute === undefined) return { kind: "detached", summary: summaryOf(started), fromConsole: false };
    events.progress(`waiting up to ${waitSshSeconds} s for the sshd of ${started.name} on ${describeSshRoute(started.sshRoute)}`);
    const sshAnsweredSeconds = await waitForSsh(started.name, started.sshRoute, waitSshSeconds, options.signal);
    return { kind: "detached", summary: { ...summaryOf(started), sshAnsweredSeconds }, fromConsole: false };
  }
  const { name, state, paths } = started;
  const exited = qemuExited(started.qemu);
  events.started(summaryOf(started));
  const consoleEnded =
    console === undefined ? new Promise<never>(() => {}) : attachConsole({ socket: paths.console, log: state.consoleLog, input: console.input, output: console.output, replay: true, signal: options.signal });
  const interrupted = new Promise<"interrupted">((resolve) => {
    if (options.signal.aborted) resolve("interrupted");
    else options.signal.addEventListener("abort", () => resolve("interrupted"), { once: true });
  });
  const first = await Promise.race([exited, consoleEnded, interrupted]);
  if (first === "detached") {
    releaseVm(started);
    return { kind: "detached", summary: summaryOf(started), fromConsole: true };
  }
  if (first === "interrupted") {
    if (state.qemu !== undefined) {
      const outcome = await stopQemu(paths, state, state.qemu, { force: false, timeoutSeconds: stopTimeoutSeconds }, events.progress);
      events.progress(`${name} stopped (${outcome.stoppedBy}) in ${outcome.seconds.toFixed(1)} s`);
    }
    await exited;
    cleanUpAfterExit(started);
    return { kind: "interrupted", name };
  }
  const exit = await exited;
  const qemuLog = cleanUpAfterExit(started);
  return { kind: "exited", name, clean: exit.code === 0 && exit.signal === null, exitCode: exit.code, signal: exit.signal, description: describeExit(exit), qemuLog };
}

function summaryOf(started: StartedVm): VmSummary {
  const { state, paths } = started;
  return {
    name: started.name,
    pid: state.qemu?.pid,
    accel: state.accel,
    accelReason: started.accel.reason,
    memoryMiB: state.memoryMiB,
    cpus: state.cpus,
    runtimeDirectory: paths.directory,
    console: paths.console,
    consoleLog: state.consoleLog,
    qmp: paths.qmp,
    ...(state.vsockCid === undefined ? {} : { vsockCid: state.vsockCid }),
    ...(state.data === undefined ? {} : { data: state.data }),
    ...(state.shares === undefined ? {} : { shares: state.shares.map(({ path, tag, via }) => ({ path, tag, via })) }),
    seconds: started.seconds,
  };
}
