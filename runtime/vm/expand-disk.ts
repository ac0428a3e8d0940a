import { existsSync, statSync } from "node:fs";
import { codes } from "../../errors/codes.js";
import { QmpClient } from "./qmp-client.js";
import { vmStatus } from "./runtime-directory.js";
import { vmPaths } from "./runtime-paths.js";
import { nameProblem } from "./vm-name.js";
import { VmProblem } from "./vm-problem.js";

/** One disk as QMP `query-block` describes it, reduced to what expanding reads. */
export interface BlockInfo {
  readonly device: string;
  readonly removable: boolean;
  readonly inserted?: {
    readonly ro: boolean;
    readonly drv: string;
    readonly file: string;
    readonly image: { readonly "virtual-size": number };
  };
}

/** A disk to resize: its QMP device name, its file, the size the VM sees and the file's. */
export interface Growth {
  readonly device: string;
  readonly file: string;
  readonly fromBytes: number;
  readonly toBytes: number;
}

const SECTOR = 512;

/**
 * The disks of a VM whose files are larger than the VM sees them: writable, fixed, raw disks
 * whose file `sizeOf` can tell (undefined: not a file, or gone), resized to the file's size in
 * whole sectors. The read-only system image and a CD-ROM never grow.
 */
export function disksToGrow(blocks: readonly BlockInfo[], sizeOf: (file: string) => number | undefined): Growth[] {
  return blocks.flatMap((block) => {
    const inserted = block.inserted;
    if (inserted === undefined || inserted.ro || block.removable || inserted.drv !== "raw") return [];
    const size = sizeOf(inserted.file);
    if (size === undefined) return [];
    const toBytes = size - (size % SECTOR);
    const fromBytes = inserted.image["virtual-size"];
    return toBytes > fromBytes ? [{ device: block.device, file: inserted.file, fromBytes, toBytes }] : [];
  });
}

function fileSize(file: string): number | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `gp vm expand NAME`: tells the running VM NAME (QMP `block_resize`) the new size of every disk
 * whose file grew since it started, as `gp vm allocate FILE SIZE` grows one; the guest's kernel
 * sees the new size at once (virtio-blk announces it), and the file system inside is grown there
 * (`btrfs filesystem resize max /run/initramfs/rw`). A VM none of whose disks grew is refused.
 */
export async function expandVm(root: string, name: string): Promise<Growth[]> {
  const invalid = nameProblem(name);
  if (invalid !== undefined) throw new VmProblem(codes.invalidVmName, invalid);
  const paths = vmPaths(root, name);
  if (!existsSync(paths.directory)) throw new VmProblem(codes.noSuchVm, `no VM named ${name} is running (gp vm list shows those that are)`);
  const status = vmStatus(paths);
  if (status.kind !== "running") throw new VmProblem(codes.noSuchVm, status.kind === "starting" ? `${name} is still being started; expand its disk once it runs` : `no VM named ${name} is running: ${status.reason}`);
  let client: QmpClient;
  try {
    client = await QmpClient.connect(paths.qmp, { timeoutMs: 5000 });
  } catch (problem) {
    throw new VmProblem(codes.qmpFailed, `QMP of ${name} does not answer at ${paths.qmp}: ${(problem as Error).message}`);
  }
  try {
    const blocks = await client.execute<BlockInfo[]>("query-block");
    const growths = disksToGrow(blocks, fileSize);
    if (growths.length === 0) {
      const sizes = blocks.flatMap((block) => (block.inserted === undefined || block.inserted.ro ? [] : [`${block.inserted.file} (${block.inserted.image["virtual-size"]} bytes)`]));
      throw new VmProblem(codes.nothingToExpand, `no disk of ${name} grew: ${sizes.length === 0 ? "it has no writable disk" : `${sizes.join(", ")} ${sizes.length === 1 ? "is" : "are"} as large as the file`}; grow a disk first with gp vm allocate FILE SIZE`);
    }
    for (const growth of growths) await client.execute("block_resize", { device: growth.device, size: growth.toBytes });
    return growths;
  } finally {
    client.close();
  }
}
