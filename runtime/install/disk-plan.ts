import { FAT32_FILE_LIMIT } from "./system-image.js";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** MBR addresses at most 2 TiB with 512-byte sectors. */
const MBR_LIMIT = 2 * 1024 ** 4;

export interface DiskPlanRequest {
  readonly diskBytes: number;
  readonly logicalSectorSize: number;
  readonly imageBytes: number;
  readonly forceGpt: boolean;
  /** No data partition (undefined), one filling the rest of the disk ("rest"), or one of so many bytes. */
  readonly dataPartition?: "rest" | number;
}

export interface DiskPlan {
  readonly table: "mbr" | "gpt";
  /** The FAT32 boot partition, from 1 MiB. */
  readonly boot: { readonly start: number; readonly size: number };
  readonly data?: { readonly start: number; readonly size: number };
  /** Where the image goes: `system.img` on the boot partition, or `system` on the data partition. */
  readonly imageOn: "boot" | "data";
  /** Room the boot partition needs; kept for messages. */
  readonly neededBytes: number;
}

/** Why no layout fits: the disk is too small, or the image cannot live on FAT32 and no data partition was asked for. */
export interface DiskPlanProblem {
  readonly problem: string;
  readonly needsDataPartition?: true;
}

/**
 * The partition layout genpack-install makes (genpack-boot.md §4.4), as plain data: the boot
 * partition is sized to hold the image three times over (the image, the one being written and
 * the previous one during an update), at least 4 GiB; an image of 4 GiB or more cannot live on
 * FAT32 and goes to the data partition, leaving the boot partition 1 GiB. MBR for disks up to
 * 2 TiB with 512-byte sectors, GPT otherwise or when asked. Returns a problem instead of a plan
 * when the disk is too small, with the size it would need, or when the image needs a data
 * partition that was not asked for.
 */
export function planDisk(request: DiskPlanRequest): DiskPlan | DiskPlanProblem {
  const bigImage = request.imageBytes >= FAT32_FILE_LIMIT;
  const needGib = Math.max(4, Math.floor((3 * request.imageBytes) / GIB) + 1);
  const table = request.forceGpt || request.diskBytes > MBR_LIMIT || request.logicalSectorSize !== 512 ? "gpt" : "mbr";
  if (bigImage && request.dataPartition === undefined) {
    return { problem: `the image is ${(request.imageBytes / GIB).toFixed(1)} GiB, too large for the FAT32 boot partition; give --data-partition so it can live there`, needsDataPartition: true };
  }
  const bootSize = (bigImage ? 1 : needGib) * GIB - MIB;
  const start = MIB;
  // GPT keeps a copy of its table in the last 33 sectors; leave a whole MiB.
  const usableEnd = request.diskBytes - (table === "gpt" ? MIB : 0);
  const bootEnd = start + bootSize;
  const neededBytes = bigImage ? bootEnd + 3 * request.imageBytes + MIB : bootEnd;
  if (request.dataPartition === undefined) {
    if (bootEnd > usableEnd) return { problem: tooSmall(request.diskBytes, bootEnd + (table === "gpt" ? MIB : 0)) };
    return { table, boot: { start, size: bootSize }, imageOn: "boot", neededBytes };
  }
  const dataSize = request.dataPartition === "rest" ? usableEnd - bootEnd : request.dataPartition;
  const minimumData = bigImage ? 3 * request.imageBytes : 64 * MIB;
  if (dataSize < minimumData || bootEnd + dataSize > usableEnd) {
    return { problem: tooSmall(request.diskBytes, bootEnd + Math.max(minimumData, request.dataPartition === "rest" ? 0 : request.dataPartition) + (table === "gpt" ? MIB : 0)) };
  }
  return { table, boot: { start, size: bootSize }, data: { start: bootEnd, size: dataSize }, imageOn: bigImage ? "data" : "boot", neededBytes };
}

function tooSmall(have: number, need: number): string {
  return `the disk is ${(have / GIB).toFixed(2)} GiB, and this image needs at least ${(Math.ceil((need / GIB) * 100) / 100).toFixed(2)} GiB`;
}
