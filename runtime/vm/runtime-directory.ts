import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isRunning, type ProcessIdentity } from "./process-identity.js";
import { UNIX_SOCKET_PATH_MAX, vmPaths, type VmPaths } from "./runtime-paths.js";
import { codes } from "../../errors/codes.js";
import { VmProblem } from "./vm-problem.js";
import { readVmState, writeVmState, type VmState } from "./vm-state.js";
import { stopVirtiofsd } from "./virtiofsd.js";

/**
 * The runtime directory of a VM is its lock: it exists exactly while the VM runs or is being
 * started. It is made whole elsewhere and renamed into place (a rename onto an existing
 * directory fails), so two gp processes cannot both start a VM of one name, and every directory
 * holds a state file naming its processes. A directory whose processes are all gone (QEMU was
 * killed, the machine lost power with /run on disk) is stale: the next gp that looks removes it.
 */

export type VmStatus =
  | { readonly kind: "running"; readonly state: VmState; readonly qemu: ProcessIdentity }
  | { readonly kind: "starting"; readonly state: VmState }
  | { readonly kind: "stale"; readonly state?: VmState; readonly reason: string };

/** Whether the VM whose runtime directory is `paths` runs, is being started, or is stale (and why). */
export function vmStatus(paths: VmPaths, procRoot = "/proc"): VmStatus {
  const state = readVmState(paths.state);
  if (state === undefined) return { kind: "stale", reason: "it has no readable vm.json" };
  if (state.qemu !== undefined) {
    if (isRunning(state.qemu, procRoot)) return { kind: "running", state, qemu: state.qemu };
    return { kind: "stale", state, reason: `its QEMU (pid ${state.qemu.pid}) is gone` };
  }
  if (isRunning(state.starter, procRoot)) return { kind: "starting", state };
  return { kind: "stale", state, reason: `the gp that was starting it (pid ${state.starter.pid}) is gone` };
}

/** The names of the VMs that have runtime directories under `root` (dot-names are gp's own scratch). */
export function runtimeDirectoryNames(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw problem;
  }
}

/**
 * Removes a VM's runtime directory if it still is the one described by `expected` (the same
 * processes): it is first renamed aside, which only one remover can do, and put back if in the
 * meantime a new VM of the same name had taken the place. True when removed.
 */
export function removeRuntimeDirectory(paths: VmPaths, expected: { readonly starter: ProcessIdentity } | undefined): boolean {
  const aside = join(paths.directory, "..", `.removing-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  try {
    renameSync(paths.directory, aside);
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw problem;
  }
  const moved = readVmState(join(aside, "vm.json"));
  const same = expected === undefined ? moved === undefined : moved !== undefined && moved.starter.pid === expected.starter.pid && moved.starter.startTicks === expected.starter.startTicks;
  if (!same) {
    try {
      renameSync(aside, paths.directory);
      return false;
    } catch {
      // A third gp claimed the name in between; the directory set aside is then the stale one.
    }
  }
  // A virtiofsd ends when QEMU disconnects from it, but not if QEMU never connected (a start
  // that failed, a gp killed while starting).
  for (const share of moved?.shares ?? []) if (share.virtiofsd !== undefined) stopVirtiofsd(share.virtiofsd);
  rmSync(aside, { recursive: true, force: true });
  // A data disk gp made for this run lives outside the directory (see volatile-data-disk.ts).
  if (moved?.data?.volatile === true) rmSync(moved.data.path, { force: true });
  return true;
}

/** What a stale directory removal found, for the message that reports it. */
export interface RemovedStale {
  readonly name: string;
  readonly reason: string;
}

/** Removes `name`'s directory if it is stale; says so when it did. */
export function removeIfStale(root: string, name: string): RemovedStale | undefined {
  const paths = vmPaths(root, name);
  const status = vmStatus(paths);
  if (status.kind !== "stale") return undefined;
  return removeRuntimeDirectory(paths, status.state) ? { name, reason: status.reason } : undefined;
}

/**
 * Creates `name`'s runtime directory holding `state`, unless a VM of that name runs or is being
 * started; a stale directory of that name is removed first (and reported through `onStale`).
 */
export function claimRuntimeDirectory(root: string, name: string, state: VmState, onStale: (removed: RemovedStale) => void = () => {}): VmPaths {
  const paths = vmPaths(root, name);
  const longest = [paths.qmp, paths.console].reduce((a, b) => (Buffer.byteLength(a) > Buffer.byteLength(b) ? a : b));
  if (Buffer.byteLength(longest) > UNIX_SOCKET_PATH_MAX) {
    throw new VmProblem(codes.socketPathTooLong, `the socket path ${longest} is longer than the ${UNIX_SOCKET_PATH_MAX} bytes a unix socket address holds; use a shorter --name or GP_VM_RUNTIME_DIR`);
  }
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const staging = mkdtempSync(join(root, `.starting-${name}-`));
    writeVmState(join(staging, "vm.json"), state);
    try {
      renameSync(staging, paths.directory);
      return paths;
    } catch (problem) {
      rmSync(staging, { recursive: true, force: true });
      const code = (problem as NodeJS.ErrnoException).code;
      if (code !== "EEXIST" && code !== "ENOTEMPTY") throw problem;
    }
    const status = vmStatus(paths);
    if (status.kind === "running") throw new VmProblem(codes.vmNameTaken, `a VM named ${name} is already running (QEMU pid ${status.qemu.pid}); stop it with gp vm stop ${name}, or give another --name`);
    if (status.kind === "starting") throw new VmProblem(codes.vmNameTaken, `a VM named ${name} is being started (by gp pid ${status.state.starter.pid}); give another --name`);
    if (removeRuntimeDirectory(paths, status.state)) onStale({ name, reason: status.reason });
  }
  throw new VmProblem(codes.vmNameTaken, `cannot create the runtime directory ${paths.directory}: other gp processes keep taking the name ${name}`);
}
