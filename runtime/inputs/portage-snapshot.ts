import { readFile, rm } from "node:fs/promises";
import { DownloadCache } from "./download-cache.js";
import { ChecksumMismatchError, DownloadError, MalformedInputError, OfflineError, SignatureError } from "./errors.js";
import { describeFetch, fetchInput, fetchOptionalInput, shortDigest, type InputFetchContext } from "./fetch-context.js";
import { hashFile } from "./hash.js";
import type { PortageLockEntry, Verification } from "./lockfile.js";

/** The moving Portage snapshot genpack downloads; gp pins the dated snapshot it stands for. */
export const DEFAULT_PORTAGE_SNAPSHOT_URL = "https://distfiles.gentoo.org/snapshots/portage-latest.tar.xz";

/**
 * How many days back from the newest possible snapshot to look for one. Gentoo keeps dated
 * snapshots for weeks, and one missing day (a failed generation) must not stop a build.
 */
export const SNAPSHOT_SEARCH_DAYS = 14;

/**
 * What a snapshot URL names. Gentoo publishes, under `snapshots/` on every mirror,
 * `<name>-latest.tar.<ext>` (moving) and `<name>-<YYYYMMDD>.tar.<ext>` (one per day), where
 * `<name>` is `portage` or, for newer tooling, `gentoo`, and `<ext>` is `xz` (formerly `bz2`),
 * each beside a `.md5sum` and a detached OpenPGP `.gpgsig`.
 */
export type SnapshotUrl =
  | { readonly kind: "latest"; readonly directory: string; readonly name: string; readonly extension: string }
  | { readonly kind: "dated"; readonly directory: string; readonly name: string; readonly extension: string; readonly date: string }
  | { readonly kind: "other" };

export function classifySnapshotUrl(url: string): SnapshotUrl {
  const parsed = new URL(url);
  if (parsed.search !== "" || parsed.hash !== "") return { kind: "other" };
  const match = /^(.*\/)([a-z][a-z0-9_]*)-(latest|\d{8})\.(tar\.[a-z0-9]+)$/.exec(parsed.href);
  if (match === null) return { kind: "other" };
  const [, directory = "", name = "", stamp = "", extension = ""] = match;
  return stamp === "latest" ? { kind: "latest", directory, name, extension } : { kind: "dated", directory, name, extension, date: stamp };
}

/** `<directory><name>-<date>.<extension>`: the dated sibling of a `-latest` URL. */
export function datedSnapshotUrl(latest: Extract<SnapshotUrl, { kind: "latest" }>, date: string): string {
  return `${latest.directory}${latest.name}-${date}.${latest.extension}`;
}

/**
 * The dates (`YYYYMMDD`, UTC) to try, newest first. The snapshot of a day is made at about
 * 00:45 UTC the next day, so the newest that can exist at `now` is yesterday's, or the day
 * before's when it is not yet 01:00 UTC; this is the same reasoning emerge-webrsync uses.
 */
export function snapshotDateCandidates(now: Date, days: number = SNAPSHOT_SEARCH_DAYS): string[] {
  const day = 86_400_000;
  const newest = now.getTime() - day - (now.getUTCHours() < 1 ? day : 0);
  return Array.from({ length: days }, (_, index) => new Date(newest - index * day).toISOString().slice(0, 10).replaceAll("-", ""));
}

/**
 * The MD5 in a `.md5sum` file (`<hex>  <file name>`). When the line names a file, it must be
 * `fileName`, so a mirror cannot pass off another day's digest.
 */
export function parseMd5sum(text: string, source: string, fileName: string): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== "" && !candidate.trimStart().startsWith("#"));
  const match = line === undefined ? null : /^([0-9a-fA-F]{32})(?:\s+\*?(\S+))?\s*$/.exec(line.trim());
  if (match === null) throw new MalformedInputError(`${source} does not hold an MD5 digest ("<32 hex digits>  <file>").`, source);
  const named = match[2];
  if (named !== undefined && named.slice(named.lastIndexOf("/") + 1) !== fileName) {
    throw new MalformedInputError(`${source} gives the digest of ${named}, not of ${fileName}.`, source);
  }
  return (match[1] ?? "").toLowerCase();
}

/** A Portage snapshot in the download cache and how it was pinned. */
export interface ResolvedPortage {
  readonly path: string;
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
  /** `YYYYMMDD` of a dated snapshot, or null. */
  readonly snapshot: string | null;
  /** `md5` or `openpgp` for a dated snapshot (the latter with a key), else `none`. */
  readonly verified: Verification;
}

/**
 * Resolves and fetches the Portage snapshot `source` stands for.
 *
 * - `…/<name>-latest.tar.xz`: the newest dated snapshot beside it, found by asking for the
 *   `.md5sum` of each candidate date (newest first) until one exists.
 * - `…/<name>-YYYYMMDD.tar.xz`: that snapshot.
 * - any other URL: fetched as is and pinned by its SHA-512 (its `.gpgsig` is required when a
 *   key is configured).
 *
 * A dated snapshot must match its `.md5sum`, and its `.gpgsig` when a key is configured.
 */
export async function resolvePortageSnapshot(source: string, context: InputFetchContext, now: Date = new Date()): Promise<ResolvedPortage> {
  const kind = classifySnapshotUrl(source);
  if (kind.kind === "dated") return await fetchDatedSnapshot(source, kind.date, context, undefined, undefined);
  if (kind.kind === "other") {
    const tarball = await fetchInput(context, source);
    const verified = await checkSignature(source, tarball.path, context);
    context.note(`portage: ${source} ${describeFetch(tarball)} (${shortDigest(tarball.sha512)}); ${describePortageVerification(verified)}.`);
    return { path: tarball.path, url: source, sha512: tarball.sha512, size: tarball.size, snapshot: null, verified };
  }

  let offlineMisses = 0;
  const candidates = snapshotDateCandidates(now);
  for (const date of candidates) {
    const url = datedSnapshotUrl(kind, date);
    try {
      const md5File = await fetchInput(context, `${url}.md5sum`, { immutable: true });
      context.note(`portage: the newest dated snapshot beside ${source} is ${url.slice(url.lastIndexOf("/") + 1)}.`);
      return await fetchDatedSnapshot(url, date, context, md5File.path, undefined);
    } catch (failure) {
      if (failure instanceof DownloadError && failure.notFound) continue;
      if (failure instanceof OfflineError) {
        offlineMisses += 1;
        continue;
      }
      throw failure;
    }
  }
  if (offlineMisses > 0) {
    throw new OfflineError(
      `No dated Portage snapshot beside ${source} from ${candidates.at(-1)} to ${candidates[0]} is in the download cache, ` +
        "and offline mode may not look for one. Run the same command once without --offline.",
      source,
    );
  }
  throw new DownloadError(
    "http",
    `No dated Portage snapshot beside ${source} exists for ${candidates.at(-1)} to ${candidates[0]}. ` +
      "Check the mirror, or give a dated snapshot URL (…/portage-YYYYMMDD.tar.xz).",
    source,
    404,
  );
}

/** Fetches the snapshot a lock entry pins, checks its SHA-512, and checks upstream's evidence again. */
export async function fetchLockedPortage(entry: PortageLockEntry, context: InputFetchContext): Promise<ResolvedPortage> {
  const advice = "The file on the server changed since gp.lock was written. Run `gp lock --update` to pin the current snapshot.";
  if (entry.snapshot !== null) return await fetchDatedSnapshot(entry.url, entry.snapshot, context, undefined, entry, advice);
  const tarball = await fetchInput(context, entry.url, { immutable: true, expected: { sha512: entry.sha512, size: entry.size }, mismatchAdvice: advice });
  const verified = await checkSignature(entry.url, tarball.path, context);
  context.note(`portage: gp.lock pins ${entry.url}; ${describeFetch(tarball)}; ${describePortageVerification(verified)}.`);
  return { path: tarball.path, url: entry.url, sha512: entry.sha512, size: entry.size, snapshot: null, verified };
}

async function fetchDatedSnapshot(
  url: string,
  date: string,
  context: InputFetchContext,
  md5Path: string | undefined,
  locked: PortageLockEntry | undefined,
  mismatchAdvice?: string,
): Promise<ResolvedPortage> {
  const fileName = url.slice(url.lastIndexOf("/") + 1);
  const tarball = await fetchInput(context, url, {
    immutable: true,
    expected: locked === undefined ? undefined : { sha512: locked.sha512, size: locked.size },
    mismatchAdvice,
  });
  let verified: Verification = "none";
  const md5File = md5Path ?? (await optionalEvidence(context, `${url}.md5sum`));
  if (md5File !== undefined) {
    const expected = parseMd5sum(await readFile(md5File, "utf8"), `${url}.md5sum`, fileName);
    const actual = await hashFile(tarball.path, "md5", context.tuning.signal);
    if (actual !== expected) {
      // A file the lock vouches for stays; otherwise it must not be served from the cache again.
      if (locked === undefined) await forget(context, url, tarball.path);
      throw new ChecksumMismatchError(
        url,
        "md5",
        expected,
        actual,
        `${url} does not match the MD5 digest in ${url}.md5sum.\n  expected: ${expected}\n  actual:   ${actual}\n` +
          (locked === undefined ? "The download was deleted. Try again, or use another mirror." : "The .md5sum on the mirror changed after gp.lock was written; use another mirror."),
      );
    }
    verified = "md5";
  }
  const signed = await checkSignature(url, tarball.path, context);
  if (signed === "openpgp") verified = "openpgp";
  const pinned = locked === undefined ? `${fileName} (${shortDigest(tarball.sha512)})` : `gp.lock pins ${url};`;
  context.note(`portage: ${pinned} ${describeFetch(tarball)}; ${describePortageVerification(verified)}.`);
  return { path: tarball.path, url, sha512: tarball.sha512, size: tarball.size, snapshot: date, verified };
}

/**
 * A companion file (such as a `.md5sum`) for re-checking a locked snapshot. Without a key, one
 * that is gone from the mirror or, offline, not cached is skipped: the lock's SHA-512 already
 * fixes the bytes.
 */
async function optionalEvidence(context: InputFetchContext, url: string): Promise<string | undefined> {
  try {
    return (await fetchOptionalInput(context, url, { immutable: true }))?.path;
  } catch (failure) {
    if (failure instanceof OfflineError) return undefined;
    throw failure;
  }
}

/** With a key configured, checks the detached signature `<url>.gpgsig` over `file`; it must exist. */
async function checkSignature(url: string, file: string, context: InputFetchContext): Promise<Verification> {
  if (context.verifier === undefined) return "none";
  const signatureUrl = `${url}.gpgsig`;
  const signature = await fetchOptionalInput(context, signatureUrl, { immutable: true });
  if (signature === undefined) {
    throw new SignatureError(
      `${url} has no OpenPGP signature (${signatureUrl} does not exist), but a key is configured (${context.verifier.keyFile}), ` +
        "so unsigned snapshots are refused. Use a signed snapshot, or leave out the key to build without signature checks.",
      url,
    );
  }
  await context.verifier.verifyDetached(signature.path, file, url);
  return "openpgp";
}

/** Drops a downloaded file that turned out wrong, and the URL's record, so it is fetched again next time. */
async function forget(context: InputFetchContext, url: string, path: string): Promise<void> {
  const cache = new DownloadCache(context.cacheDir);
  await rm(path, { force: true });
  await rm(cache.urlRecordPath(url), { force: true });
}

function describePortageVerification(verified: Verification): string {
  switch (verified) {
    case "md5":
      return "matches its .md5sum; signature not checked (no OpenPGP key configured)";
    case "openpgp":
      return "its OpenPGP signature (.gpgsig) is good";
    default:
      return "not verified against upstream digests (pinned by its SHA-512)";
  }
}
