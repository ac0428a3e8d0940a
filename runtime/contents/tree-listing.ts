import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";

/** What a path of a directory tree is, as far as telling a change apart needs. */
export interface TreeEntry {
  readonly type: EntryType;
  readonly size: number;
  readonly mtimeMs: number;
  /** Moves on every write and metadata change, so a file rewritten with the same size and mtime still shows. */
  readonly ctimeMs: number;
  readonly ino: number;
}

/** `whiteout`: overlayfs's mark of a path the layer removed (a character device 0:0). */
export type EntryType = "file" | "directory" | "symlink" | "whiteout" | "device" | "other";

export type TreeListing = ReadonlyMap<string, TreeEntry>;

export function entryType(stats: Stats): EntryType {
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "directory";
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isCharacterDevice()) return stats.rdev === 0 ? "whiteout" : "device";
  if (stats.isBlockDevice()) return "device";
  return "other";
}

/**
 * Every path below a directory, as an image path (`/etc/passwd`), with its type, size, mtime
 * and inode; links are not followed. Empty when the directory does not exist yet.
 */
export function listTree(directory: string): Map<string, TreeEntry> {
  const listing = new Map<string, TreeEntry>();
  const walk = (host: string, image: string) => {
    let names: string[];
    try {
      names = readdirSync(host);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const hostPath = join(host, name);
      const imagePath = `${image}/${name}`;
      const stats = lstatSync(hostPath);
      const type = entryType(stats);
      listing.set(imagePath, { type, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino });
      if (type === "directory") walk(hostPath, imagePath);
    }
  };
  walk(directory, "");
  return listing;
}

/**
 * The paths a step added or changed: new paths, and paths of another type, size, mtime, ctime
 * or inode than before. A directory that was there already counts as unchanged: its mtime moves
 * whenever a step adds a file in it, which says nothing about who made the directory.
 */
export function changedPaths(before: TreeListing, after: TreeListing): string[] {
  const changed: string[] = [];
  for (const [path, entry] of after) {
    const earlier = before.get(path);
    if (earlier === undefined) changed.push(path);
    else if (entry.type === "directory" && earlier.type === "directory") continue;
    else if (earlier.type !== entry.type || earlier.size !== entry.size || earlier.mtimeMs !== entry.mtimeMs || earlier.ctimeMs !== entry.ctimeMs || earlier.ino !== entry.ino) changed.push(path);
  }
  return changed;
}
