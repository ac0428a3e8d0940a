import { processAgeSeconds } from "./process-identity.js";
import { removeRuntimeDirectory, runtimeDirectoryNames, vmStatus, type RemovedStale, type VmStatus } from "./runtime-directory.js";
import { vmPaths, type VmPaths } from "./runtime-paths.js";
import type { VmState } from "./vm-state.js";

/** A VM as `gp vm list` shows it. */
export interface VmListing {
  readonly name: string;
  readonly status: "running" | "starting";
  readonly pid?: number;
  readonly uptimeSeconds?: number;
  readonly state: VmState;
  readonly runtimeDirectory: string;
}

/**
 * The VMs that run (or are being started) under `root`, by name, from their state files and
 * /proc, without QMP; the runtime directories of VMs whose QEMU is gone are removed on the way
 * and returned as `removed`.
 */
export function listVms(root: string): { vms: VmListing[]; removed: RemovedStale[] } {
  const vms: VmListing[] = [];
  const removed: RemovedStale[] = [];
  for (const name of runtimeDirectoryNames(root)) {
    const paths = vmPaths(root, name);
    const status = vmStatus(paths);
    if (status.kind === "stale") {
      if (removeRuntimeDirectory(paths, status.state)) removed.push({ name, reason: status.reason });
      continue;
    }
    vms.push(vmListing(name, paths, status));
  }
  return { vms, removed };
}

/** The listing of the VM `name`, whose QEMU runs or is being started. */
export function vmListing(name: string, paths: VmPaths, status: Exclude<VmStatus, { kind: "stale" }>): VmListing {
  const uptime = status.kind === "running" ? processAgeSeconds(status.qemu) : undefined;
  return {
    name,
    status: status.kind,
    ...(status.kind === "running" ? { pid: status.qemu.pid } : {}),
    ...(uptime === undefined ? {} : { uptimeSeconds: uptime }),
    state: status.state,
    runtimeDirectory: paths.directory,
  };
}

/** `1d2h3m`, `5m12s`, `42s`: an uptime as the reference's `vm list` prints it. */
export function formatUptime(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days}d${hours}h${minutes}m`;
  if (hours > 0) return `${hours}h${minutes}m${rest}s`;
  if (minutes > 0) return `${minutes}m${rest}s`;
  return `${rest}s`;
}
