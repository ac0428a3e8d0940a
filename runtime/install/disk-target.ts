import { closeSync, constants, existsSync, openSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename } from "node:path";
import { run } from "../../host/exec.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";

/** A disk to install to: a block device, or a raw image file attached to a loop device. */
export interface DiskTarget {
  /** What the user named. */
  readonly given: string;
  /** The block device gp writes: the device itself, or the loop device over the file. */
  readonly device: string;
  readonly kind: "block" | "file";
  readonly bytes: number;
  readonly logicalSectorSize: number;
  /** The device node of partition `n`. */
  partition(n: number): string;
  /** Detaches a loop device gp attached; nothing for a block device. */
  release(): Promise<void>;
}

interface LsblkDevice {
  readonly name: string;
  readonly path: string;
  readonly type: string;
  readonly ro: boolean | string;
  readonly mountpoint: string | null;
  readonly size: number | string;
  readonly pkname: string | null;
  readonly "log-sec": number | string;
  readonly children?: readonly LsblkDevice[];
}

async function lsblk(device: string): Promise<LsblkDevice> {
  const { stdout } = await run("lsblk", ["-J", "-b", "-o", "NAME,PATH,TYPE,RO,MOUNTPOINT,SIZE,PKNAME,LOG-SEC", device], { captureOnly: true });
  const parsed = JSON.parse(stdout) as { blockdevices: LsblkDevice[] };
  const found = parsed.blockdevices[0];
  if (found === undefined) throw new InstallProblem(codes.targetNotFound, `lsblk knows no device ${device}.`);
  return found;
}

function descendants(device: LsblkDevice): LsblkDevice[] {
  return [device, ...(device.children ?? []).flatMap(descendants)];
}

/** Devices (such as LVM volumes or RAID arrays) built on top of `name` or its partitions. */
function holders(name: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const directory = `/sys/class/block/${entry}/holders`;
    if (existsSync(directory)) found.push(...readdirSync(directory));
    const base = `/sys/class/block/${entry}`;
    if (!existsSync(base)) return;
    for (const child of readdirSync(base)) if (child.startsWith(entry) && existsSync(`${base}/${child}/partition`)) visit(child);
  };
  visit(name);
  return found;
}

/** The whole disks the running system's root and boot partition live on. */
async function systemDisks(): Promise<Set<string>> {
  const disks = new Set<string>();
  for (const mountPoint of ["/", "/run/initramfs/boot", "/run/initramfs/rw", "/boot"]) {
    const result = await run("findmnt", ["-n", "-o", "SOURCE", "--target", mountPoint], { captureOnly: true, allowFailure: true });
    const source = result.stdout.trim().replace(/\[.*\]$/, "");
    if (!source.startsWith("/dev/")) continue;
    const parents = await run("lsblk", ["-n", "-s", "-o", "PATH,TYPE", source], { captureOnly: true, allowFailure: true });
    for (const line of parents.stdout.split("\n")) {
      const [path, type] = line.trim().split(/\s+/);
      if (path !== undefined && (type === "disk" || type === "loop")) disks.add(path);
    }
  }
  return disks;
}

/**
 * Opens the install target after checking that writing it loses nothing that is in use: a block
 * device must be a whole disk (or loop device), writable, with nothing mounted on it or its
 * partitions, nothing built on top of it, not the disk the running system booted from, and not
 * held open exclusively by anyone; a file must not be a directory or attached to a loop device
 * already. A file is attached to a new loop device with partition scanning.
 */
export async function openDiskTarget(given: string): Promise<DiskTarget> {
  let stats;
  try {
    stats = statSync(given);
  } catch {
    throw new InstallProblem(codes.targetNotFound, `${given} does not exist. Give a disk (such as /dev/sdb) or a raw image file; create the file first (truncate -s 8G ${given}).`);
  }
  if (stats.isDirectory()) throw new InstallProblem(codes.targetNotADisk, `${given} is a directory; give a disk (such as /dev/sdb) or a raw image file.`);
  if (stats.isBlockDevice()) {
    const device = realpathSync(given);
    const info = await lsblk(device);
    if (info.type !== "disk" && info.type !== "loop") throw new InstallProblem(codes.targetNotADisk, `${given} is a ${info.type}, not a whole disk; give the disk it belongs to${info.pkname === null ? "" : ` (/dev/${info.pkname})`}.`);
    if (info.ro === true || info.ro === "1") throw new InstallProblem(codes.targetNotADisk, `${given} is read-only.`);
    const mounted = descendants(info).filter((entry) => entry.mountpoint !== null);
    if (mounted.length > 0) throw new InstallProblem(codes.targetInUse, `${given} is in use: ${mounted.map((entry) => `${entry.path} is mounted on ${entry.mountpoint}`).join(", ")}. Unmount it first.`);
    const held = holders(basename(device));
    if (held.length > 0) throw new InstallProblem(codes.targetInUse, `${given} is in use by ${held.map((name) => `/dev/${name}`).join(", ")} (LVM, RAID or device-mapper). Stop those first.`);
    if ((await systemDisks()).has(device)) throw new InstallProblem(codes.targetHoldsRunningSystem, `${given} holds the running system; gp will not overwrite it. Use --self-update to update this system.`);
    try {
      closeSync(openSync(device, constants.O_RDWR | constants.O_EXCL));
    } catch (problem) {
      throw new InstallProblem(codes.targetInUse, `${given} is in use (it cannot be opened exclusively: ${(problem as NodeJS.ErrnoException).code ?? (problem as Error).message}).`);
    }
    return {
      given,
      device,
      kind: "block",
      bytes: Number(info.size),
      logicalSectorSize: Number(info["log-sec"]),
      partition: (n) => partitionNode(device, n),
      release: async () => {},
    };
  }
  if (!stats.isFile()) throw new InstallProblem(codes.targetNotADisk, `${given} is neither a block device nor a regular file.`);
  const attached = await run("losetup", ["-j", given, "-O", "NAME", "-n"], { captureOnly: true, allowFailure: true });
  if (attached.stdout.trim() !== "") throw new InstallProblem(codes.targetInUse, `${given} is in use: it is attached to ${attached.stdout.trim().split("\n").join(", ")}. Detach it first (losetup -d).`);
  if (stats.size < 64 * 1024 ** 2) throw new InstallProblem(codes.targetTooSmall, `${given} is ${stats.size} bytes; a disk image must be larger (truncate -s 8G ${given}).`);
  const { stdout } = await run("losetup", ["--find", "--show", "--partscan", given], { captureOnly: true });
  const device = stdout.trim();
  // Where nothing like udev makes partition device nodes, partx does.
  await run("partx", ["-a", device], { captureOnly: true, allowFailure: true });
  return {
    given,
    device,
    kind: "file",
    bytes: stats.size,
    logicalSectorSize: 512,
    partition: (n) => partitionNode(device, n),
    release: async () => {
      await run("losetup", ["-d", device], { captureOnly: true, allowFailure: true });
    },
  };
}

/** `/dev/sda` → `/dev/sda1`; `/dev/nvme0n1`, `/dev/loop0` → `…p1`. */
export function partitionNode(device: string, n: number): string {
  return /\d$/.test(device) ? `${device}p${n}` : `${device}${n}`;
}
