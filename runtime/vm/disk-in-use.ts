import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

/**
 * Whether a disk image file is in use outside gp's own VMs, asked before a VM is given it: two
 * writers of one file system destroy it. A file attached to a loop device (mounted, or set up
 * with losetup) is found here, by the backing files the kernel lists; one open in another QEMU
 * is refused by QEMU's own image locking, which {@link imageLockConflict} reads from its words.
 */

/** The loop device `file` is attached to (`/dev/loop3`), or undefined. `sysRoot` is for tests. */
export function loopDeviceOf(file: string, sysRoot = "/sys"): string | undefined {
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return undefined;
  }
  let devices: string[];
  try {
    devices = readdirSync(join(sysRoot, "block")).filter((name) => /^loop\d+$/.test(name));
  } catch {
    return undefined;
  }
  return devices.map((device) => `/dev/${device}`).find((device) => {
    try {
      return readFileSync(join(sysRoot, "block", device.slice("/dev/".length), "loop", "backing_file"), "utf8").replace(/\n$/, "") === target;
    } catch {
      return false;
    }
  });
}

/**
 * The file QEMU could not lock, from what it printed before it exited: QEMU locks every disk
 * image it opens (file.locking) and refuses one another process holds, with
 * `Failed to get "write" lock` and the drive's file named earlier on the line.
 */
export function imageLockConflict(qemuOutput: string): boolean {
  return qemuOutput.includes("Failed to get \"write\" lock") || qemuOutput.includes("Failed to get shared \"write\" lock") || qemuOutput.includes("Failed to get \"consistent read\" lock");
}
