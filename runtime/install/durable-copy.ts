import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { run } from "../../host/exec.js";

const CHUNK = 4 * 1024 ** 2;

/**
 * Copies `from` to `to` (which must not exist), flushes the file to the device, flushes its
 * directory, and returns the SHA-256 of what was read. `onProgress` hears the bytes copied.
 */
export function durableCopy(from: string, to: string, onProgress?: (done: number) => void): string {
  const hash = createHash("sha256");
  const source = openSync(from, "r");
  let target: number | undefined;
  try {
    target = openSync(to, "wx");
    const buffer = Buffer.alloc(CHUNK);
    let done = 0;
    for (;;) {
      const read = readSync(source, buffer, 0, CHUNK, done);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      let written = 0;
      while (written < read) written += writeSync(target, buffer, written, read - written, done + written);
      done += read;
      onProgress?.(done);
    }
    fsyncSync(target);
  } finally {
    closeSync(source);
    if (target !== undefined) closeSync(target);
  }
  syncDirectory(dirname(to));
  return hash.digest("hex");
}

/** Flushes a directory's entries (a new file's name, a rename) to the device. */
export function syncDirectory(directory: string): void {
  const descriptor = openSync(directory, "r");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Renames `from` to `to` (replacing it) so that after the call the name leads to the new file on
 * the device, whatever the file system:
 * - the renamed file itself is flushed, not only its directory: Linux's vfat writes a file's
 *   directory entry (its first cluster and size) with the file's inode, which a directory fsync
 *   leaves out, so without it a power cut finds a zero-length file or, over a replaced file,
 *   that file's entry pointing at clusters already freed;
 * - the file being replaced is held open until then, so its clusters are not freed (and that
 *   written out) before the entry points elsewhere.
 */
export function renameDurably(from: string, to: string): void {
  let held: number | undefined;
  try {
    held = openSync(to, "r");
  } catch {
    held = undefined;
  }
  try {
    renameSync(from, to);
    const renamed = openSync(to, "r");
    try {
      fsyncSync(renamed);
    } finally {
      closeSync(renamed);
    }
    syncDirectory(dirname(to));
  } finally {
    if (held !== undefined) closeSync(held);
  }
}

/** Writes out everything cached for a block device and waits until the device has it. */
export async function flushDevice(device: string): Promise<void> {
  await run("blockdev", ["--flushbufs", device], { captureOnly: true });
  await run("sync", [], { captureOnly: true });
}

/** Forgets a block device's cached pages, so what is read next comes from the device. */
export async function dropCaches(device: string): Promise<void> {
  await run("blockdev", ["--flushbufs", device], { captureOnly: true });
}
