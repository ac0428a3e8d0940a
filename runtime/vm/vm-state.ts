import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { ProcessIdentity } from "./process-identity.js";
import type { Screen } from "./screen.js";
import type { Accelerator, PortForward, UsbHostDevice, VmArch } from "./vm-spec.js";

/**
 * gp's record of a VM, `vm.json` in its runtime directory: what it was started with and which
 * processes are its own. `gp vm list`, `stop`, `console` and `ssh` read it; no QMP connection is
 * needed (QMP takes one client at a time).
 */
export interface VmState {
  readonly version: 1;
  readonly name: string;
  readonly image: string;
  readonly arch: VmArch;
  readonly accel: Accelerator;
  readonly memoryMiB: number;
  readonly cpus: number;
  readonly uefi: boolean;
  readonly networks: readonly VmNetworkState[];
  readonly vsockCid?: number;
  readonly data?: { readonly path: string; readonly volatile: boolean };
  /** The host folders the guest may mount, each with the virtiofsd serving it, if virtiofs carries it. */
  readonly shares?: readonly ShareState[];
  /** Host USB devices passed through: another VM may not be given them while this one runs. */
  readonly usb?: readonly UsbHostDevice[];
  /** The graphics card and where it is shown (a VNC or SPICE server's address); none: the serial console only. */
  readonly screen?: Screen;
  readonly consoleLog: string;
  /** The gp process that started the VM; it alone may write this file until QEMU is up. */
  readonly starter: ProcessIdentity;
  readonly qemu?: ProcessIdentity;
  /** A supervising gp (a foreground `gp vm run`, `gp vm service`) that stops the VM when it is told to stop. */
  readonly supervisor?: ProcessIdentity;
  readonly startedAt: string;
}

export interface ShareState {
  readonly path: string;
  readonly tag: string;
  readonly via: "virtiofs" | "9p";
  readonly virtiofsd?: ProcessIdentity;
}

export type VmNetworkState =
  | { readonly kind: "user"; readonly mac: string; readonly portForwards: readonly PortForward[] }
  | { readonly kind: "bridge"; readonly bridge: string; readonly mac: string };

/** Writes `state` to `path` whole or not at all: readers never see half a file. */
export function writeVmState(path: string, state: VmState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The state at `path`, or undefined when it is missing or not a state gp wrote. */
export function readVmState(path: string): VmState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const state = parsed as Partial<VmState>;
  if (state.version !== 1 || typeof state.name !== "string" || typeof state.starter?.pid !== "number") return undefined;
  return state as VmState;
}
