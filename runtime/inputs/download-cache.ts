import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { LocalFileError } from "./errors.js";
import { isHexDigest, sha256Hex } from "./hash.js";

/**
 * What gp remembers about the last successful fetch of a URL, so a later fetch of a moving URL
 * ("latest" pointers, API answers) can ask the server whether it changed instead of fetching
 * it again, and offline mode can answer from the cache.
 */
export interface UrlRecord {
  readonly url: string;
  /** Digest of the bytes, which live at `sha512/<sha512>` in the cache. */
  readonly sha512: string;
  /** In bytes. */
  readonly size: number;
  readonly etag?: string;
  readonly lastModified?: string;
  /** ISO 8601 time of the fetch. */
  readonly fetchedAt: string;
}

/** Validators of a partial download, so a resumed request can ask for the same version. */
export interface PartialRecord {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
}

/**
 * The on-disk download cache:
 *
 * ```
 * <cacheDir>/sha512/<hex>          the bytes, named by their SHA-512; never modified once there
 * <cacheDir>/urls/<sha256(url)>.json   the UrlRecord of the last fetch of that URL
 * <cacheDir>/tmp/<sha256(url)>.part    a download in progress (kept after a cut connection to resume)
 * <cacheDir>/tmp/<sha256(url)>.part.json   its PartialRecord
 * <cacheDir>/tmp/<sha256(url)>.lock    held while a process downloads that URL
 * ```
 *
 * `tmp/` sits inside the cache so that finishing a download is a rename on one filesystem.
 */
export class DownloadCache {
  constructor(readonly directory: string) {}

  contentPath(sha512: string): string {
    return join(this.directory, "sha512", sha512);
  }

  /** The cached file with this digest, if present and (when given) of this size. */
  async findContent(sha512: string, size?: number): Promise<string | undefined> {
    if (!isHexDigest(sha512)) return undefined;
    const file = this.contentPath(sha512);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) return undefined;
    if (size !== undefined && info.size !== size) return undefined;
    return file;
  }

  async readUrlRecord(url: string): Promise<UrlRecord | undefined> {
    const text = await readFile(this.urlRecordPath(url), "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as Partial<UrlRecord>;
      // A record for another URL would be a hash collision or a hand edit; ignore either.
      if (value.url !== url || typeof value.sha512 !== "string" || typeof value.size !== "number") return undefined;
      return value as UrlRecord;
    } catch {
      // A corrupt record only costs a fresh download.
      return undefined;
    }
  }

  async writeUrlRecord(record: UrlRecord): Promise<void> {
    await writeFileAtomic(this.urlRecordPath(record.url), `${JSON.stringify(record, null, 2)}\n`);
  }

  urlRecordPath(url: string): string {
    return join(this.directory, "urls", `${sha256Hex(url)}.json`);
  }

  partialPath(url: string): string {
    return join(this.directory, "tmp", `${sha256Hex(url)}.part`);
  }

  lockPath(url: string): string {
    return join(this.directory, "tmp", `${sha256Hex(url)}.lock`);
  }

  async readPartialRecord(url: string): Promise<PartialRecord | undefined> {
    const text = await readFile(`${this.partialPath(url)}.json`, "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const value = JSON.parse(text) as Partial<PartialRecord>;
      return value.url === url ? (value as PartialRecord) : undefined;
    } catch {
      return undefined;
    }
  }

  async writePartialRecord(record: PartialRecord): Promise<void> {
    await writeFileAtomic(`${this.partialPath(record.url)}.json`, `${JSON.stringify(record)}\n`);
  }

  async removePartial(url: string): Promise<void> {
    const partial = this.partialPath(url);
    await rm(partial, { force: true });
    await rm(`${partial}.json`, { force: true });
  }

  /** Creates the cache's folders; a cache that cannot be created is the user's to fix, so it is a {@link LocalFileError}. */
  async prepare(): Promise<void> {
    try {
      for (const folder of ["sha512", "urls", "tmp"]) await mkdir(join(this.directory, folder), { recursive: true });
    } catch (failure) {
      const code = (failure as NodeJS.ErrnoException).code ?? String(failure);
      throw new LocalFileError(this.directory, `The download cache ${this.directory} cannot be created (${code}). Choose another cache directory, or fix its permissions.`);
    }
  }
}
