import { chmodSync, constants, copyFileSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Copies a tree as it is on disk, never following a link: directories and regular files are
 * copied, symbolic links are copied as the links they are (their targets are not read), and
 * anything else (a FIFO, a socket, a device) stops the copy with an error naming it. Nothing
 * existing is written over: `to` must not exist yet. Copies are made writable by their owner,
 * since a tree checked out read-only would otherwise give the user read-only folders to edit.
 */
export function copyTree(from: string, to: string): void {
  const stats = lstatSync(from);
  if (stats.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else if (stats.isDirectory()) {
    mkdirSync(to, { mode: 0o700 });
    for (const name of readdirSync(from)) copyTree(join(from, name), join(to, name));
    chmodSync(to, (stats.mode & 0o7777) | 0o700);
  } else if (stats.isFile()) {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    chmodSync(to, (stats.mode & 0o7777) | 0o200);
  } else {
    throw new Error(`${from} is not a regular file, directory or symbolic link`);
  }
}
