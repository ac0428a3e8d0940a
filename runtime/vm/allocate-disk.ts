import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, rmSync, statfsSync } from "node:fs";
import { resolve } from "node:path";
import { hasCommand, run } from "../../host/exec.js";
import { codes } from "../../errors/codes.js";
import { humanSize } from "../diff/render-diff.js";
import { readWrittenSize } from "../written-size.js";
import { quote } from "../../errors/quote.js";
import { VmProblem } from "./vm-problem.js";
import type { Parsed } from "./vm-options.js";

/** statfs's f_type of btrfs (linux/magic.h). */
const BTRFS_MAGIC = 0x9123683e;
/** mkfs.btrfs refuses a device smaller than about 109 MiB; a whole number above it. */
export const MIN_FORMATTED_BYTES = 128 * 1024 ** 2;
/** A disk of whole sectors, at least one MiB: QEMU resizes raw disks in sectors. */
const SECTOR = 512;
const MIN_RAW_BYTES = 1024 ** 2;
/** The label of the file system gp puts on a data disk; the genpack initramfs takes /dev/vdb whatever its label. */
export const DATA_DISK_LABEL = "data";

/**
 * The size of `gp vm allocate FILE SIZE`: `8G`, `512M`, or a bare number of GiB (as the
 * reference's `vm allocate FILE SIZE_GIB` reads it), a whole number of 512-byte sectors.
 */
export function parseAllocationSize(text: string): Parsed<number> {
  const size = readWrittenSize(text);
  if (size === undefined) return { problem: `${quote(text)} is not a size; give 8G, 512M, or a number of GiB` };
  const bytes = size.unit === "" ? Math.floor(size.amount * 1024 ** 3) : size.bytes;
  if (!Number.isSafeInteger(bytes)) return { problem: `${text} is larger than any disk` };
  if (bytes % SECTOR !== 0) return { problem: `${text} is not a whole number of 512-byte sectors` };
  if (bytes < MIN_RAW_BYTES) return { problem: `${text} is too small for a disk; give at least 1M` };
  return { value: bytes };
}

export interface AllocateOptions {
  readonly path: string;
  readonly bytes: number;
  /** Leave a new file unformatted. */
  readonly raw: boolean;
  readonly signal?: AbortSignal;
}

export interface Allocation {
  readonly path: string;
  readonly bytes: number;
  /** The file's size before, when it existed. */
  readonly previousBytes?: number;
  /** The file system made on a new file; none for `--raw` or a file that existed. */
  readonly formatted?: "btrfs";
  /** The file was made NOCOW (`chattr +C`): it lives on btrfs, where copy-on-write would fragment a disk image. */
  readonly nocow: boolean;
}

function onBtrfs(path: string): boolean {
  try {
    return statfsSync(path).type === BTRFS_MAGIC;
  } catch {
    return false;
  }
}

/** Sets the size of the file open as `descriptor`; what the file system refuses (EFBIG, ENOSPC) is said. */
function resize(descriptor: number, bytes: number, shown: string): void {
  try {
    ftruncateSync(descriptor, bytes);
  } catch (problem) {
    throw new VmProblem(codes.vmFileUnusable, `${shown} cannot be made ${humanSize(bytes)}: ${(problem as Error).message}`);
  }
}

/** Grows the existing regular file at `path` to `bytes`; the caller has checked it is smaller. */
function grow(path: string, shown: string, bytes: number): void {
  let descriptor;
  try {
    descriptor = openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (problem) {
    throw new VmProblem(codes.vmFileUnusable, `${shown} cannot be opened for writing: ${(problem as Error).message}`);
  }
  try {
    if (!fstatSync(descriptor).isFile()) throw new VmProblem(codes.vmFileUnusable, `${shown} is not a regular file`);
    resize(descriptor, bytes, shown);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * `gp vm allocate`: makes a sparse disk image file of `bytes`, or grows one. A new file is
 * created (mode 0600, never through a link) empty, made NOCOW on btrfs while it is still empty
 * (the attribute only takes on a file without data), sized, and unless `raw` formatted as btrfs,
 * the data partition's file system under genpack; a failure removes it again. An existing file
 * is only ever grown, never formatted: it holds a VM's data, and a running VM sees the new size
 * after `gp vm expand`. A size smaller than the file's is refused.
 */
export async function allocateDisk(options: AllocateOptions): Promise<Allocation> {
  const path = resolve(options.path);
  let existing;
  try {
    existing = lstatSync(path);
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code !== "ENOENT") throw new VmProblem(codes.vmFileUnusable, `${options.path} cannot be read: ${(problem as Error).message}`);
  }
  if (existing !== undefined) {
    if (existing.isSymbolicLink()) throw new VmProblem(codes.vmFileUnusable, `${options.path} is a symbolic link; name the disk image file itself`);
    if (!existing.isFile()) throw new VmProblem(codes.vmFileUnusable, `${options.path} is not a regular file; gp vm allocate makes and grows disk image files`);
    if (options.bytes < existing.size) {
      throw new VmProblem(codes.diskWouldShrink, `${options.path} holds ${humanSize(existing.size)} (${existing.size} bytes), more than the ${humanSize(options.bytes)} asked for; gp vm allocate only grows a disk, since shrinking it would cut off the data at its end`);
    }
    if (options.bytes > existing.size) grow(path, options.path, options.bytes);
    return { path, bytes: options.bytes, previousBytes: existing.size, nocow: false };
  }

  if (!options.raw) {
    if (options.bytes < MIN_FORMATTED_BYTES) throw new VmProblem(codes.vmOptionInvalid, `a data disk needs at least ${MIN_FORMATTED_BYTES / 1024 ** 2}M for its btrfs file system; give a larger size, or --raw for a disk left unformatted`);
    if (!(await hasCommand("mkfs.btrfs"))) throw new VmProblem(codes.vmToolMissing, "mkfs.btrfs is not installed (Debian package btrfs-progs); install it, or give --raw for a disk left unformatted");
  }
  let descriptor;
  try {
    descriptor = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (problem) {
    throw new VmProblem(codes.vmFileUnusable, `${options.path} cannot be created: ${(problem as Error).message}`);
  }
  try {
    const nocow = onBtrfs(path);
    try {
      if (nocow) {
        if (!(await hasCommand("chattr"))) throw new VmProblem(codes.vmToolMissing, `chattr is not installed (Debian package e2fsprogs); ${options.path} is on btrfs, where a disk image needs copy-on-write turned off`);
        await run("chattr", ["+C", path], { captureOnly: true, ...(options.signal === undefined ? {} : { signal: options.signal }) });
      }
      resize(descriptor, options.bytes, options.path);
    } finally {
      closeSync(descriptor);
    }
    if (!options.raw) {
      await run("mkfs.btrfs", ["-q", "-f", "-L", DATA_DISK_LABEL, path], { captureOnly: true, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    }
    return { path, bytes: options.bytes, ...(options.raw ? {} : { formatted: "btrfs" as const }), nocow };
  } catch (problem) {
    rmSync(path, { force: true });
    throw problem;
  }
}
