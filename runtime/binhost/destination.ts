/**
 * Where `gp binhost publish` puts a package directory: a folder that an HTTP server serves, or
 * an S3-compatible bucket. Both offer the same few operations, so publishing is written once.
 */

/** The largest index gp reads: Gentoo's own binhost index for all of amd64 is about 60 MiB. */
export const MAX_INDEX_BYTES = 512 * 1024 * 1024;

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

/** The index as the destination holds it, with what tells a later write whether it changed since. */
export interface HeldIndex {
  readonly text: string;
  /** Compared when the index is written back: another publisher's index in between is not overwritten. */
  readonly version: string;
}

export interface BinhostDestination {
  /** The destination as the user named it, for messages. */
  readonly description: string;
  /** The binhost's `Packages` index, or undefined when it has none yet. */
  readIndex(): Promise<HeldIndex | undefined>;
  /** Puts a package's file at `path` (relative, checked) unless something stands there. */
  upload(path: string, file: string, facts: FileFacts): Promise<UploadOutcome>;
  /** Puts `Packages.gz`; it goes before `Packages`, which Portage reads when it is missing. */
  writeCompressedIndex(data: Uint8Array): Promise<void>;
  /**
   * Puts `Packages` if the index is still the one read (`previous`, undefined when there was
   * none); false when another publisher wrote it in between, and nothing was written.
   */
  writeIndex(text: string, previous: HeldIndex | undefined): Promise<boolean>;
  /** Gives back what the destination holds open (a lock, a connection). */
  close(): Promise<void>;
}
