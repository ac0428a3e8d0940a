/**
 * What `gp diff` knows of one image, as plain data: its packages, every entry of its listing, its
 * accounts, and, when an SBOM gave them, which package put each path there.
 */

/** Where the packages (and file owners) of both images were read from. */
export type PackageSource = "sbom" | "image";

/** One installed package, as the SBOM or `/.genpack/packages` names it. */
export interface PackageRecord {
  readonly category: string;
  readonly name: string;
  /** The full version with revision: `1.2-r1`. */
  readonly version: string;
  /** SLOT as the package database has it, sub-slot included; "" when unknown. */
  readonly slot: string;
  /** The USE flags in effect, sorted, without duplicates. */
  readonly use: readonly string[];
}

export type EntryType = "file" | "directory" | "symlink" | "character device" | "block device" | "fifo" | "socket";

/** One path of an image as `unsquashfs -lln` lists it (numeric owners, so the host's accounts play no part). */
export interface ListedEntry {
  readonly type: EntryType;
  /** Bytes of a regular file or of a link's target text; 0 for the others. */
  readonly size: number;
  /** The nine permission letters with set-id and sticky bits: `rwxr-xr-x`. */
  readonly mode: string;
  /** `uid/gid`. */
  readonly owner: string;
  readonly target?: string;
  /** Major and minor of a device node: `1,3`. */
  readonly device?: string;
}

export interface UserAccount {
  readonly name: string;
  readonly uid: string;
  readonly gid: string;
  readonly home: string;
  readonly shell: string;
}

export interface GroupAccount {
  readonly name: string;
  readonly gid: string;
  readonly members: readonly string[];
}

export interface ImageFacts {
  /** The image file as it was named. */
  readonly image: string;
  readonly imageSize: number;
  readonly packages: readonly PackageRecord[];
  /** Image path -> index in `packages` of the package that put it there; undefined without an SBOM. */
  readonly owners?: ReadonlyMap<string, number>;
  readonly entries: ReadonlyMap<string, ListedEntry>;
  readonly users: readonly UserAccount[];
  readonly groups: readonly GroupAccount[];
}
