import { lstat, stat } from "node:fs/promises";
import { readInputText } from "../../host/input-file.js";
import { basename, dirname, join } from "node:path";
import { ARCHES, type Arch } from "../../dsl/index.js";
import { writeFileAtomic } from "./atomic-write.js";
import { LockfileError } from "./errors.js";
import { isHexDigest } from "./hash.js";

/**
 * gp.lock: the exact bytes a build starts from, so that building again later, or on another
 * machine, uses the same stage3, Portage tree and genpack-overlay instead of whatever is
 * "latest" that day. It lives beside the blueprint (or in the artifact directory) and belongs
 * in version control.
 *
 * ```json
 * {
 *   "overlay": {
 *     "commit": "<40 hex digits, or null when the archive was not resolved from a commit>",
 *     "sha512": "<128 hex digits>",
 *     "size": 123456,
 *     "url": "https://github.com/wbrxcorp/genpack-overlay/archive/<commit>.tar.gz"
 *   },
 *   "portage": {
 *     "sha512": "…",
 *     "size": 123456,
 *     "snapshot": "<YYYYMMDD of a dated snapshot, or null>",
 *     "url": "https://distfiles.gentoo.org/snapshots/portage-YYYYMMDD.tar.xz"
 *   },
 *   "stage3": {
 *     "x86_64": {
 *       "resolvedFrom": "<the latest-stage3 pointer, or the URL or file:// URL given instead>",
 *       "sha512": "…",
 *       "size": 123456,
 *       "url": "https://distfiles.gentoo.org/releases/amd64/autobuilds/<stamp>/stage3-….tar.xz",
 *       "verified": "none | sha512 | openpgp+sha512"
 *     }
 *   },
 *   "version": 1
 * }
 * ```
 *
 * Rules: `version` is 1. `stage3` is keyed by gp arch (x86_64, aarch64, i686, riscv64) and
 * may hold any subset; `portage` and `overlay` may be absent until first resolved. URLs are
 * http(s), or file:// for local files the user chose to lock. `verified` records how the
 * stage3 was checked when it was locked: `none` (nothing upstream vouched for it; pinned on
 * first download), `sha512` (matched Gentoo's DIGESTS), `openpgp+sha512` (matched a DIGESTS
 * whose OpenPGP signature, like the latest-stage3 pointer's, was good). The file is written
 * with keys sorted, two-space indent and a final newline, atomically, so diffs stay minimal.
 */
export interface InputLock {
  readonly version: 1;
  readonly stage3: Readonly<Partial<Record<Arch, Stage3LockEntry>>>;
  readonly portage?: PortageLockEntry;
  readonly overlay?: OverlayLockEntry;
}

/**
 * How the bytes of an input were checked against what upstream publishes, beyond the SHA-512
 * gp itself pins:
 *
 * - `none`: nothing upstream vouches for them; the pin is trust on first download.
 * - `md5`: a Portage snapshot matches its `.md5sum`.
 * - `sha512`: a stage3 matches the SHA-512 in its DIGESTS.
 * - `openpgp`: a Portage snapshot's detached `.gpgsig` is good.
 * - `openpgp+sha512`: a stage3 matches its DIGESTS, and that file and the pointer naming the
 *   stage3 carry good signatures.
 */
export type Verification = "none" | "md5" | "sha512" | "openpgp" | "openpgp+sha512";

/** The verification levels a stage3 lock entry may record. */
export type Stage3Verification = Extract<Verification, "none" | "sha512" | "openpgp+sha512">;

export interface Stage3LockEntry {
  readonly url: string;
  /** Lower-case hex. */
  readonly sha512: string;
  /** In bytes. */
  readonly size: number;
  readonly verified: Stage3Verification;
  /** The latest-stage3 pointer the URL was read from, or the URL itself when given directly. */
  readonly resolvedFrom: string;
}

export interface PortageLockEntry {
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
  /** The snapshot's date, `YYYYMMDD` (UTC), or null for a snapshot not named by date. */
  readonly snapshot: string | null;
}

export interface OverlayLockEntry {
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
  /** The genpack-overlay commit the archive holds, or null for an archive given by URL. */
  readonly commit: string | null;
}

/** The name of the lock file. */
export const LOCK_FILE_NAME = "gp.lock";

/** A lock that pins nothing yet. */
export function emptyLock(): InputLock {
  return { version: 1, stage3: {} };
}

/**
 * Where the lock of a build target lives: `gp.lock` inside an artifact directory, or beside a
 * blueprint file.
 */
export async function defaultLockPath(target: string): Promise<string> {
  const info = await stat(target).catch(() => undefined);
  return info?.isDirectory() ? join(target, LOCK_FILE_NAME) : join(dirname(target), LOCK_FILE_NAME);
}

/** Reads a lock file; a missing file is `undefined`, a malformed one a {@link LockfileError}. */
export async function readLock(file: string): Promise<InputLock | undefined> {
  if (!(await lstat(file).then(() => true, () => false))) return undefined;
  // A lock that is a FIFO, a directory or a link out of its folder is named, never waited on or read through.
  const read = readInputText(file, { within: dirname(file) });
  if (!read.ok) throw new LockfileError(file, `${file} ${read.reason}. ${recovery(file)}`);
  return parseLock(read.text, file);
}

/** Writes a lock file atomically in its canonical form. */
export async function writeLock(file: string, lock: InputLock): Promise<void> {
  await writeFileAtomic(file, renderLock(lock));
}

/** The canonical text of a lock: keys sorted at every level, two-space indent, final newline. */
export function renderLock(lock: InputLock): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) sorted[key] = sortKeys(field);
  }
  return sorted;
}

/**
 * Parses and checks the text of a lock. Every problem is a {@link LockfileError} whose message
 * names the file and the key path (such as `stage3.x86_64.sha512`) and says how to recover.
 */
export function parseLock(text: string, file: string): InputLock {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (failure) {
    throw new LockfileError(file, `${file} is not valid JSON (${(failure as Error).message}). ${recovery(file)}`);
  }
  // Annotated so that calls to the never-returning fail() narrow types.
  const reader: LockReader = new LockReader(file);
  const root = reader.object(value, "");
  reader.keys(root, "", ["version", "stage3", "portage", "overlay"]);
  if (root.version !== 1) {
    if (typeof root.version === "number" && Number.isInteger(root.version) && root.version > 1) {
      throw new LockfileError(file, `${file} has version ${root.version}, written by a newer gp. Upgrade gp to build with it.`, "version");
    }
    reader.fail("version", `must be 1, found ${show(root.version)}`);
  }
  const stage3: Partial<Record<Arch, Stage3LockEntry>> = {};
  const stage3Value = root.stage3 === undefined ? {} : reader.object(root.stage3, "stage3");
  for (const [arch, entry] of Object.entries(stage3Value)) {
    const path = `stage3.${arch}`;
    if (!(ARCHES as readonly string[]).includes(arch)) reader.fail(path, `is not an arch gp knows (${ARCHES.join(", ")})`);
    const fields = reader.object(entry, path);
    reader.keys(fields, path, ["url", "sha512", "size", "verified", "resolvedFrom"]);
    // Checked in the order the fields are documented, so the first problem reported is the first one read.
    const url = reader.url(fields, path, "url");
    const sha512 = reader.sha512(fields, path);
    const size = reader.size(fields, path);
    const verified = reader.string(fields, path, "verified");
    if (!isStage3Verification(verified)) {
      reader.fail(`${path}.verified`, `must be "none", "sha512" or "openpgp+sha512", found ${show(verified)}`);
    }
    stage3[arch as Arch] = { url, sha512, size, verified, resolvedFrom: reader.url(fields, path, "resolvedFrom") };
  }
  const lock: { -readonly [K in keyof InputLock]: InputLock[K] } = { version: 1, stage3 };
  if (root.portage !== undefined) {
    const fields = reader.object(root.portage, "portage");
    reader.keys(fields, "portage", ["url", "sha512", "size", "snapshot"]);
    const url = reader.url(fields, "portage", "url");
    const sha512 = reader.sha512(fields, "portage");
    const size = reader.size(fields, "portage");
    const snapshot = fields.snapshot === null ? null : reader.string(fields, "portage", "snapshot");
    if (snapshot !== null && !/^\d{8}$/.test(snapshot)) reader.fail("portage.snapshot", `must be a date YYYYMMDD or null, found ${show(snapshot)}`);
    lock.portage = { url, sha512, size, snapshot };
  }
  if (root.overlay !== undefined) {
    const fields = reader.object(root.overlay, "overlay");
    reader.keys(fields, "overlay", ["url", "sha512", "size", "commit"]);
    const url = reader.url(fields, "overlay", "url");
    const sha512 = reader.sha512(fields, "overlay");
    const size = reader.size(fields, "overlay");
    const commit = fields.commit === null ? null : reader.string(fields, "overlay", "commit");
    if (commit !== null && !/^[0-9a-f]{40}$/.test(commit)) reader.fail("overlay.commit", `must be a 40-digit lower-case hex commit id or null, found ${show(commit)}`);
    lock.overlay = { url, sha512, size, commit };
  }
  return lock;
}

function isStage3Verification(value: string): value is Stage3Verification {
  return value === "none" || value === "sha512" || value === "openpgp+sha512";
}

function recovery(file: string): string {
  return `Fix it, or delete ${basename(file)} and run \`gp lock\` to write a new one.`;
}

function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/** Field readers that fail with the key path of the offending value. */
class LockReader {
  constructor(private readonly file: string) {}

  fail(path: string, problem: string): never {
    const where = path === "" ? "the top level" : path;
    throw new LockfileError(this.file, `${this.file}: ${where} ${problem}. ${recovery(this.file)}`, path);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(path, `must be an object, found ${show(value)}`);
    return value as Record<string, unknown>;
  }

  keys(fields: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(fields)) {
      if (!allowed.includes(key)) this.fail(childPath(path, key), `is not a key gp.lock has (expected ${allowed.join(", ")})`);
    }
  }

  string(fields: Record<string, unknown>, path: string, key: string): string {
    const value = fields[key];
    if (value === undefined) this.fail(childPath(path, key), "is missing");
    if (typeof value !== "string") this.fail(childPath(path, key), `must be a string, found ${show(value)}`);
    return value;
  }

  url(fields: Record<string, unknown>, path: string, key: string): string {
    const value = this.string(fields, path, key);
    let protocol: string | undefined;
    try {
      protocol = new URL(value).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== "http:" && protocol !== "https:" && protocol !== "file:") {
      this.fail(childPath(path, key), `must be an http(s) or file URL, found ${show(value)}`);
    }
    return value;
  }

  sha512(fields: Record<string, unknown>, path: string): string {
    const value = this.string(fields, path, "sha512");
    if (!isHexDigest(value)) this.fail(`${path}.sha512`, `must be 128 lower-case hex digits, found ${show(value)}`);
    return value;
  }

  size(fields: Record<string, unknown>, path: string): number {
    const value = fields.size;
    if (value === undefined) this.fail(`${path}.size`, "is missing");
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      this.fail(`${path}.size`, `must be a whole number of bytes, found ${show(value)}`);
    }
    return value;
  }
}

function childPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
