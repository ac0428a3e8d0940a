import { codes } from "../../errors/codes.js";
import { freeCid, vsockCid } from "./identity.js";
import { runtimeDirectoryNames, vmStatus } from "./runtime-directory.js";
import { vmPaths } from "./runtime-paths.js";
import { nameProblem } from "./vm-name.js";
import { VmProblem } from "./vm-problem.js";

/** The vsock CID of a VM, and whether it is the one a running VM has or the one the name will get. */
export interface VmCid {
  readonly name: string;
  readonly cid: number;
  readonly running: boolean;
}

/**
 * The vsock CID of VM `name` for user `uid`: the one it has when it runs; else the one it gets
 * when started now, derived from the user and the name (so the same after every restart)
 * unless a running VM holds that CID, as gp vm run then takes the next free one.
 */
export function vmCid(root: string, uid: number, name: string): VmCid {
  const invalid = nameProblem(name);
  if (invalid !== undefined) throw new VmProblem(codes.invalidVmName, invalid);
  const status = vmStatus(vmPaths(root, name));
  if (status.kind !== "stale") {
    if (status.state.vsockCid === undefined) {
      throw new VmProblem(codes.vsockUnavailable, `${name} runs without vsock (it was started with --vsock off, or the host had no /dev/vhost-vsock), so it has no CID`);
    }
    return { name, cid: status.state.vsockCid, running: true };
  }
  const taken = new Set(
    runtimeDirectoryNames(root).flatMap((other) => {
      const running = vmStatus(vmPaths(root, other));
      return running.kind === "stale" || running.state.vsockCid === undefined ? [] : [running.state.vsockCid];
    }),
  );
  return { name, cid: freeCid(vsockCid(uid, name), taken), running: false };
}
