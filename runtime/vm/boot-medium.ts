import { closeSync, openSync, readSync } from "node:fs";

/**
 * What a file given to `gp vm run` boots as, told from its first bytes: a SquashFS system image
 * (its kernel is started directly), a disk `gp install --disk` wrote (an MBR or GPT whose first
 * partition holds the FAT boot partition, booted by the firmware through GRUB), or an ISO
 * `gp install --iso` wrote (ISO 9660, booted from a CD drive).
 */
export type BootMedium = "squashfs" | "disk" | "iso" | "unknown";

/** The first bytes {@link bootMediumOf} reads: up to ISO 9660's first volume descriptor. */
export const BOOT_MEDIUM_PROBE_BYTES = 0x8006;

const SECTOR = 512;

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return offset + length > bytes.length ? "" : String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** Whether the sector at `offset` is a FAT boot sector (FAT32's or FAT16's file system type string). */
function fatBootSector(bytes: Uint8Array, offset: number): boolean {
  return ascii(bytes, offset + 0x52, 5) === "FAT32" || ascii(bytes, offset + 0x36, 3) === "FAT";
}

/**
 * The medium `bytes` (the start of a file) is. A hybrid ISO also carries an MBR: its volume
 * descriptor decides. A disk is one with a partition table (the MBR's signature, and GPT's
 * header in sector 1 when the MBR is GPT's protective one) whose first partition is there.
 */
export function bootMediumOf(bytes: Uint8Array): BootMedium {
  if (ascii(bytes, 0, 4) === "hsqs") return "squashfs";
  if (ascii(bytes, 0x8001, 5) === "CD001") return "iso";
  if (bytes.length < 2 * SECTOR || bytes[510] !== 0x55 || bytes[511] !== 0xaa) return "unknown";
  if (fatBootSector(bytes, 0)) return "unknown"; // a superfloppy: a FAT without a partition table
  const firstType = bytes[0x1be + 4];
  if (firstType === 0xee) return ascii(bytes, SECTOR, 8) === "EFI PART" ? "disk" : "unknown";
  return firstType !== 0 ? "disk" : "unknown";
}

/** The medium of the file at `path`, from its first bytes. */
export function readBootMedium(path: string): BootMedium {
  const descriptor = openSync(path, "r");
  try {
    const bytes = new Uint8Array(BOOT_MEDIUM_PROBE_BYTES);
    const read = readSync(descriptor, bytes, 0, bytes.length, 0);
    return bootMediumOf(bytes.subarray(0, read));
  } finally {
    closeSync(descriptor);
  }
}
