import { codes } from "../../errors/codes.js";
import { listVms, vmListing, type VmListing } from "./list-vms.js";
import { vmStatus, type RemovedStale } from "./runtime-directory.js";
import { vmPaths } from "./runtime-paths.js";
import { forwardedSshPort, type ForwardedSshPort } from "./ssh-command.js";
import { nameProblem } from "./vm-name.js";
import { VmProblem } from "./vm-problem.js";
import type { VmState } from "./vm-state.js";

/** A running VM as `gp vm show` describes it: what it runs with, and every way to reach it. */
export interface VmDetails {
  readonly name: string;
  readonly status: "running" | "starting";
  /** QEMU's process; absent while it is being started. */
  readonly pid?: number;
  readonly uptimeSeconds?: number;
  readonly image: string;
  readonly arch: VmState["arch"];
  readonly accel: VmState["accel"];
  readonly memoryMiB: number;
  readonly cpus: number;
  readonly uefi: boolean;
  /** The QMP socket (one client at a time: gp vm stop uses it too). */
  readonly qmp: string;
  /** The serial console's socket (gp vm console) and the log of everything it printed. */
  readonly console: string;
  readonly consoleLog: string;
  /** Where the guest's sshd is reached: its vsock CID (port 22), a forwarded host port, both or neither. */
  readonly ssh: { readonly vsockCid?: number; readonly forwarded?: ForwardedSshPort };
  readonly networks: VmState["networks"];
  readonly data?: VmState["data"];
  readonly shares?: VmState["shares"];
  readonly usb?: VmState["usb"];
  readonly screen?: VmState["screen"];
  readonly runtimeDirectory: string;
  readonly startedAt: string;
}

function details(listing: VmListing, root: string): VmDetails {
  const { state } = listing;
  const paths = vmPaths(root, listing.name);
  const forwarded = forwardedSshPort(state);
  return {
    name: listing.name,
    status: listing.status,
    ...(listing.pid === undefined ? {} : { pid: listing.pid }),
    ...(listing.uptimeSeconds === undefined ? {} : { uptimeSeconds: listing.uptimeSeconds }),
    image: state.image,
    arch: state.arch,
    accel: state.accel,
    memoryMiB: state.memoryMiB,
    cpus: state.cpus,
    uefi: state.uefi,
    qmp: paths.qmp,
    console: paths.console,
    consoleLog: state.consoleLog,
    ssh: { ...(state.vsockCid === undefined ? {} : { vsockCid: state.vsockCid }), ...(forwarded === undefined ? {} : { forwarded }) },
    networks: state.networks,
    ...(state.data === undefined ? {} : { data: state.data }),
    ...(state.shares === undefined ? {} : { shares: state.shares }),
    ...(state.usb === undefined ? {} : { usb: state.usb }),
    ...(state.screen === undefined ? {} : { screen: state.screen }),
    runtimeDirectory: paths.directory,
    startedAt: state.startedAt,
  };
}

/**
 * The VMs under `root` in detail: the one named, or every one that runs or is being started.
 * A name that runs nothing is refused (`noSuchVm`); the runtime files of VMs whose QEMU is gone
 * are removed on the way, as `gp vm list` does, and returned as `removed`.
 */
export function showVms(root: string, name?: string): { vms: VmDetails[]; removed: RemovedStale[] } {
  if (name === undefined) {
    const { vms, removed } = listVms(root);
    return { vms: vms.map((vm) => details(vm, root)), removed };
  }
  const invalid = nameProblem(name);
  if (invalid !== undefined) throw new VmProblem(codes.invalidVmName, invalid);
  const paths = vmPaths(root, name);
  const status = vmStatus(paths);
  if (status.kind === "stale") throw new VmProblem(codes.noSuchVm, `no VM named ${name} is running (gp vm list shows those that are)`);
  return { vms: [details(vmListing(name, paths, status), root)], removed: [] };
}
