/**
 * Where `gp binhost publish` puts a package directory: a folder that an HTTP server serves, or
 * an S3-compatible bucket. Both offer the same few operations, so publishing is written once.
 */

/**
 * The largest index gp reads. Gentoo's own binhost index for all of amd64 is about 60 MiB; a
 * string of more than 512 MiB is more than V8 holds.
 */
export const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/** How an upload of one package's file ended. */
export type UploadOutcome =
  /** The file is now at its path. */
  | "uploaded"
  /** The same file (size and MD5) already stood at the path, from an earlier publish. */
  | "present"
  /** Another file already stands at the path; it was left as it is. */
  | "occupied";

/** What a package's file must be, from the index: its size in bytes and its MD5, in hex. */
export interface FileFacts {
  readonly size: number;
  readonly md5: string;
}

/** The two files of a binhost's index: Portage reads `Packages.gz` first and `Packages` when it is missing. */
export type IndexFile = "Packages" | "Packages.gz";

/** An index file as the destination holds it, with what tells a later write whether it changed since. */
export interface HeldFile {
  readonly data: Buffer;
  /** Compared when the file is written back: one another publisher wrote in between is not overwritten. */
  readonly version: string;
}

export interface BinhostDestination {
  /** The destination as the user named it, for messages. */
  readonly description: string;
  /** An index file, or undefined when there is none yet. */
  readIndexFile(name: IndexFile): Promise<HeldFile | undefined>;
  /**
   * Puts an index file if it is still the one read (`previous`: its version, or undefined when
   * there was none); false when another publisher wrote it in between, and nothing was written.
   */
  writeIndexFile(name: IndexFile, data: Uint8Array, previous: string | undefined): Promise<boolean>;
  /** Puts a package's file at `path` (relative, checked) unless something stands there. */
  upload(path: string, file: string, facts: FileFacts): Promise<UploadOutcome>;
  /** Gives back what the destination holds open (a lock, a connection). */
  close(): Promise<void>;
}
