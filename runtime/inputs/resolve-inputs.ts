import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Arch } from "../../dsl/index.js";
import { DownloadCache } from "./download-cache.js";
import type { DownloadTuning } from "./download.js";
import { LocalFileError, LockfileError, MalformedInputError } from "./errors.js";
import type { InputFetchContext } from "./fetch-context.js";
import { withFileLock } from "./file-lock.js";
import {
  DEFAULT_OVERLAY_SOURCE,
  fetchLockedOverlay,
  overlayArchiveUrl,
  resolveGenpackOverlay,
  resolveOverlayArchive,
  type OverlaySource,
  type ResolvedOverlay,
} from "./genpack-overlay.js";
import { hashFile } from "./hash.js";
import {
  emptyLock,
  readLock,
  renderLock,
  writeLock,
  type InputLock,
  type OverlayLockEntry,
  type PortageLockEntry,
  type Stage3LockEntry,
  type Stage3Verification,
} from "./lockfile.js";
import { OpenPgpVerifier } from "./openpgp.js";
import { classifySnapshotUrl, fetchLockedPortage, resolvePortageSnapshot, type ResolvedPortage } from "./portage-snapshot.js";
import { DEFAULT_GENTOO_MIRROR, DEFAULT_STAGE3_FLAVOUR, fetchLockedStage3, latestStage3Url, resolveStage3, type ResolvedStage3 } from "./stage3.js";
import { inspectInputFile } from "../../host/input-file.js";
import { quote } from "../../errors/quote.js";

/** The three inputs of a build. */
export type InputName = "stage3" | "portage" | "overlay";

/**
 * Inputs given instead of the defaults. Each is a URL or a path to a local file. A local file
 * is hashed and used where it is, never copied; it is recorded in gp.lock only with
 * `lockLocalFiles`.
 */
export interface InputOverrides {
  /**
   * A latest-stage3 pointer (a URL ending in `.txt`), a stage3 tarball URL (checked against
   * `<url>.DIGESTS` when the server has one), or a local tarball.
   * @default the pointer for the arch and flavour on `sources.gentooMirror`
   */
  readonly stage3?: string;
  /**
   * A `…-latest.tar.xz` URL (pinned to the newest dated snapshot beside it), a dated
   * `…-YYYYMMDD.tar.xz` URL, any other tarball URL, or a local tarball.
   * @default "<gentooMirror>snapshots/portage-latest.tar.xz"
   */
  readonly portage?: string;
  /**
   * A genpack-overlay tarball URL or local tarball.
   * @default the archive of the tip of `sources.overlay`
   */
  readonly overlay?: string;
}

/** Where the default inputs come from. */
export interface InputSources {
  /** @default "https://distfiles.gentoo.org/" */
  readonly gentooMirror?: string;
  /** Which stage3: `systemd`, `openrc`, `desktop-systemd`, … @default "systemd" */
  readonly stage3Flavour?: string;
  readonly overlay?: OverlaySource;
}

/** Progress of one download. `total` is undefined when the server does not say. */
export interface InputProgress {
  readonly input: InputName;
  readonly url: string;
  readonly bytes: number;
  readonly total: number | undefined;
}

interface CommonOptions extends DownloadTuning {
  /** The lock file; see `lockfile.ts` for its format and `defaultLockPath` for where it lives. */
  readonly lockPath: string;
  /** The download cache shared by builds (see `DownloadCache`). */
  readonly cacheDir: string;
  readonly overrides?: InputOverrides;
  readonly sources?: InputSources;
  /** Never touch the network. @default false */
  readonly offline?: boolean;
  /**
   * Re-resolve "latest" for every input (`true`) or for the named ones, ignoring what gp.lock
   * pins, and record the result.
   * @default false
   */
  readonly update?: boolean | readonly InputName[];
  /** Fail instead of changing gp.lock (for CI). @default false */
  readonly frozen?: boolean;
  /**
   * An OpenPGP public key file (ASCII-armored or binary), such as Gentoo's
   * `/usr/share/openpgp-keys/gentoo-release.asc`. With it, the latest-stage3 pointer, the
   * DIGESTS and the Portage snapshot must carry good signatures by that key, checked with gpgv.
   */
  readonly openpgpKey?: string;
  /** Record local files given as overrides in gp.lock as `file://` URLs. @default false */
  readonly lockLocalFiles?: boolean;
  /** Base for relative paths in overrides and `openpgpKey`. @default process.cwd() */
  readonly cwd?: string;
  readonly onProgress?: (progress: InputProgress) => void;
  /** Called with each note as it is made, for live output; the notes are also returned. */
  readonly onNote?: (note: string) => void;
  /** The current time, which decides the newest Portage snapshot that can exist. @default new Date() */
  readonly now?: Date;
}

export interface ResolveInputsOptions extends CommonOptions {
  readonly arch: Arch;
}

export interface LockInputsOptions extends CommonOptions {
  /** The arches whose stage3 to pin; entries for other arches are kept. */
  readonly arches: readonly Arch[];
}

/**
 * Where an input came from: pinned in gp.lock, resolved now (and recorded unless local),
 * or a local file given as an override.
 */
export type InputOrigin = "lock" | "resolved" | "local";

export type Stage3Input = ResolvedStage3 & { readonly origin: InputOrigin };
export type PortageInput = ResolvedPortage & { readonly origin: InputOrigin };
export type OverlayInput = ResolvedOverlay & { readonly origin: InputOrigin };

/** The inputs of one build, on disk and pinned. */
export interface ResolvedInputs {
  readonly arch: Arch;
  readonly stage3: Stage3Input;
  readonly portage: PortageInput;
  readonly overlay: OverlayInput;
  /** The lock as it is now on disk (or would be, when nothing needed writing). */
  readonly lock: InputLock;
  /** gp.lock was written because an entry was added or changed. */
  readonly lockChanged: boolean;
  /** What was resolved, reused from the cache and verified how, one sentence each. */
  readonly notes: readonly string[];
}

/** What `gp lock` pinned. */
export interface LockedInputs {
  readonly stage3: Readonly<Partial<Record<Arch, Stage3Input>>>;
  readonly portage: PortageInput;
  readonly overlay: OverlayInput;
  readonly lock: InputLock;
  readonly lockChanged: boolean;
  readonly notes: readonly string[];
}

/**
 * Resolves, downloads and verifies the stage3 (for `arch`), Portage snapshot and
 * genpack-overlay of one build, and returns where they are on disk.
 *
 * 1. An input with an entry in gp.lock that answers the same request (same pointer, same
 *    snapshot series, same repository) is fetched by the pinned URL and must match the pinned
 *    SHA-512; a mismatch means upstream replaced the file, and the error says to run
 *    `gp lock --update`.
 * 2. An input without such an entry, or every input named by `update`, is resolved from its
 *    "latest" source and its entry added or replaced.
 * 3. A local file given as an override is hashed and used where it is; gp.lock keeps its
 *    entry for that input unless `lockLocalFiles` asks to record the file.
 * 4. gp.lock is rewritten when an entry changed, unless `frozen` makes that an error.
 */
export async function resolveInputs(options: ResolveInputsOptions): Promise<ResolvedInputs> {
  const result = await resolveAndLock([options.arch], options);
  const stage3 = result.stage3[options.arch];
  // resolveAndLock resolves every arch it is given, so the entry is always there.
  if (stage3 === undefined) throw new Error(`internal: no stage3 was resolved for ${options.arch}`);
  return { arch: options.arch, stage3, portage: result.portage, overlay: result.overlay, lock: result.lock, lockChanged: result.lockChanged, notes: result.notes };
}

/**
 * `gp lock [--update]`: pins the inputs of every arch in `arches` and writes gp.lock, fetching
 * the files into the download cache on the way (their digests are needed, and a later build
 * then starts without downloading).
 */
export async function lockInputs(options: LockInputsOptions): Promise<LockedInputs> {
  return await resolveAndLock(options.arches, options);
}

/** Everything one resolution run shares. */
interface Run {
  readonly options: CommonOptions;
  readonly lock: InputLock;
  readonly notes: string[];
  readonly verifier: OpenPgpVerifier | undefined;
  readonly changes: LockChanges;
}

interface LockChanges {
  stage3: Partial<Record<Arch, Stage3LockEntry>>;
  portage?: PortageLockEntry;
  overlay?: OverlayLockEntry;
}

async function resolveAndLock(arches: readonly Arch[], options: CommonOptions): Promise<LockedInputs> {
  const cwd = options.cwd ?? process.cwd();
  const existing = await readLock(options.lockPath);
  const lock = existing ?? emptyLock();
  const verifier = options.openpgpKey === undefined ? undefined : await OpenPgpVerifier.create(resolve(cwd, options.openpgpKey));
  const run: Run = { options, lock, notes: [], verifier, changes: { stage3: {} } };
  try {
    const stage3: Partial<Record<Arch, Stage3Input>> = {};
    for (const arch of new Set(arches)) stage3[arch] = await stage3Input(run, arch);
    const portage = await portageInput(run);
    const overlay = await overlayInput(run);
    const written = await recordChanges(run, existing);
    return { stage3, portage, overlay, lock: written.lock, lockChanged: written.changed, notes: run.notes };
  } finally {
    await verifier?.dispose();
  }
}

/** Where else each input can come from when its download fails for good, in gp's options. */
const FAILURE_ADVICE: Readonly<Record<InputName, string>> = {
  stage3: "Try another Gentoo mirror with --gentoo-mirror, or give the stage3 itself with --stage3 URL|FILE; a file fetched before is available with --offline.",
  portage: "Try another Gentoo mirror with --gentoo-mirror, or give the snapshot itself with --portage URL|FILE; a file fetched before is available with --offline.",
  overlay: "Give genpack-overlay itself with --genpack-overlay URL|FILE, or another archive host with --github-archive; a file fetched before is available with --offline.",
};

function contextFor(run: Run, input: InputName): InputFetchContext {
  const { options } = run;
  const onProgress = options.onProgress;
  return {
    cacheDir: options.cacheDir,
    offline: options.offline ?? false,
    tuning: {
      connectTimeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      retries: options.retries,
      backoffMs: options.backoffMs,
      totalTimeoutMs: options.totalTimeoutMs,
      onRetry: options.onRetry,
      failureAdvice: options.failureAdvice ?? FAILURE_ADVICE[input],
      signal: options.signal,
    },
    verifier: run.verifier,
    note: (message) => note(run, message),
    onProgress: onProgress === undefined ? undefined : (url, bytes, total) => onProgress({ input, url, bytes, total }),
  };
}

function note(run: Run, message: string): void {
  run.notes.push(message);
  run.options.onNote?.(message);
}

function wantsUpdate(options: CommonOptions, input: InputName): boolean {
  const update = options.update ?? false;
  return typeof update === "boolean" ? update : update.includes(input);
}

/** What the build asks for: a URL to resolve or fetch, or a local file. */
type Request = { readonly kind: "remote"; readonly url: string } | { readonly kind: "local"; readonly file: string };

function request(override: string | undefined, fallback: string, cwd: string): Request {
  if (override === undefined) return { kind: "remote", url: fallback };
  if (/^file:\/\//i.test(override)) return { kind: "local", file: fileURLToPath(override) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(override)) {
    if (!URL.canParse(override)) throw new MalformedInputError(`${quote(override)} is not a valid URL. Give an http(s) URL or a path to a local file.`, override);
    return { kind: "remote", url: override };
  }
  return { kind: "local", file: isAbsolute(override) ? override : resolve(cwd, override) };
}

/**
 * Why an input is resolved afresh rather than taken from gp.lock, or undefined to use the
 * entry. With `frozen`, any reason is an error.
 */
function reasonToResolve(run: Run, input: InputName, label: string, entry: { readonly url: string } | undefined, answers: boolean, wanted: string): string | undefined {
  let reason: string | undefined;
  if (wantsUpdate(run.options, input)) reason = "updating to the latest";
  else if (entry === undefined) reason = "gp.lock has no entry yet";
  else if (!answers) reason = `gp.lock pins ${entry.url}, which does not come from ${wanted}`;
  if (reason !== undefined && run.options.frozen) {
    throw new LockfileError(
      run.options.lockPath,
      `${label}: ${reason}, but gp.lock is frozen and may not change. Run \`gp lock\` (with --update to move to the latest) and commit gp.lock.`,
      input,
    );
  }
  return reason;
}

async function stage3Input(run: Run, arch: Arch): Promise<Stage3Input> {
  const { options } = run;
  const label = `stage3 ${arch}`;
  const context = contextFor(run, "stage3");
  const pointer = latestStage3Url(arch, options.sources?.gentooMirror ?? DEFAULT_GENTOO_MIRROR, options.sources?.stage3Flavour ?? DEFAULT_STAGE3_FLAVOUR);
  const wanted = request(options.overrides?.stage3, pointer, options.cwd ?? process.cwd());
  const entry = run.lock.stage3[arch];

  if (wanted.kind === "local") {
    const file = await localFile(wanted.file, label);
    const url = pathToFileURL(file.path).href;
    const pinned: Stage3Input = { ...file, url, verified: "none", resolvedFrom: url, origin: "local" };
    if (options.lockLocalFiles) run.changes.stage3[arch] = { url, sha512: file.sha512, size: file.size, verified: "none", resolvedFrom: url };
    noteLocal(run, label, file);
    return pinned;
  }

  const reason = reasonToResolve(run, "stage3", label, entry, entry?.resolvedFrom === wanted.url, wanted.url);
  if (reason === undefined && entry !== undefined) {
    const fetched = await fetchLockedStage3(entry, context, label);
    // A lock entry only ever gains verification: a build without the key must not weaken it.
    if (rank(fetched.verified) > rank(entry.verified) && !options.frozen) {
      run.changes.stage3[arch] = { ...entry, verified: fetched.verified };
      note(run, `${label}: gp.lock recorded it as verified ${quote(entry.verified)}; now recorded as ${quote(fetched.verified)}.`);
    }
    return { ...fetched, verified: rank(fetched.verified) >= rank(entry.verified) ? fetched.verified : entry.verified, origin: "lock" };
  }
  note(run, `${label}: ${reason}; resolving ${wanted.url}.`);
  const resolved = await resolveStage3(wanted.url, context, label);
  run.changes.stage3[arch] = {
    url: resolved.url,
    sha512: resolved.sha512,
    size: resolved.size,
    verified: resolved.verified,
    resolvedFrom: resolved.resolvedFrom,
  };
  return { ...resolved, origin: "resolved" };
}

async function portageInput(run: Run): Promise<PortageInput> {
  const { options } = run;
  const label = "portage";
  const context = contextFor(run, "portage");
  const fallback = new URL("snapshots/portage-latest.tar.xz", withSlash(options.sources?.gentooMirror ?? DEFAULT_GENTOO_MIRROR)).href;
  const wanted = request(options.overrides?.portage, fallback, options.cwd ?? process.cwd());
  const entry = run.lock.portage;

  if (wanted.kind === "local") {
    const file = await localFile(wanted.file, label);
    const url = pathToFileURL(file.path).href;
    if (options.lockLocalFiles) run.changes.portage = { url, sha512: file.sha512, size: file.size, snapshot: null };
    noteLocal(run, label, file);
    return { ...file, url, snapshot: null, verified: "none", origin: "local" };
  }

  const reason = reasonToResolve(run, "portage", label, entry, entry !== undefined && portageEntryAnswers(entry, wanted.url), wanted.url);
  if (reason === undefined && entry !== undefined) return { ...(await fetchLockedPortage(entry, context)), origin: "lock" };
  note(run, `${label}: ${reason}; resolving ${wanted.url}.`);
  const resolved = await resolvePortageSnapshot(wanted.url, context, options.now);
  run.changes.portage = { url: resolved.url, sha512: resolved.sha512, size: resolved.size, snapshot: resolved.snapshot };
  return { ...resolved, origin: "resolved" };
}

/** A pinned dated snapshot answers a `-latest` URL of the same series; anything else must be the same URL. */
function portageEntryAnswers(entry: PortageLockEntry, wanted: string): boolean {
  const request = classifySnapshotUrl(wanted);
  if (request.kind !== "latest") return entry.url === wanted;
  const pinned = classifySnapshotUrl(entry.url);
  return (
    pinned.kind === "dated" &&
    pinned.directory === request.directory &&
    pinned.name === request.name &&
    pinned.extension === request.extension &&
    pinned.date === entry.snapshot
  );
}

async function overlayInput(run: Run): Promise<OverlayInput> {
  const { options } = run;
  const label = "overlay";
  const context = contextFor(run, "overlay");
  const source = options.sources?.overlay ?? {};
  const override = options.overrides?.overlay;
  const wanted = override === undefined ? undefined : request(override, "", options.cwd ?? process.cwd());
  const entry = run.lock.overlay;

  if (wanted?.kind === "local") {
    const file = await localFile(wanted.file, label);
    const url = pathToFileURL(file.path).href;
    if (options.lockLocalFiles) run.changes.overlay = { url, sha512: file.sha512, size: file.size, commit: null };
    noteLocal(run, label, file);
    return { ...file, url, commit: null, origin: "local" };
  }

  const answers =
    entry !== undefined &&
    (wanted === undefined ? entry.commit !== null && entry.url === overlayArchiveUrl(entry.commit, source) : entry.url === wanted.url);
  const description = wanted?.url ?? `${source.repository ?? DEFAULT_OVERLAY_SOURCE.repository} ${source.ref ?? DEFAULT_OVERLAY_SOURCE.ref}`;
  const reason = reasonToResolve(run, "overlay", label, entry, answers, description);
  if (reason === undefined && entry !== undefined) return { ...(await fetchLockedOverlay(entry, context)), origin: "lock" };
  note(run, `${label}: ${reason}; resolving ${description}.`);
  const resolved = wanted === undefined ? await resolveGenpackOverlay(source, context) : await resolveOverlayArchive(wanted.url, context);
  run.changes.overlay = { url: resolved.url, sha512: resolved.sha512, size: resolved.size, commit: resolved.commit };
  return { ...resolved, origin: "resolved" };
}

/** A local file given as an input: hashed where it is. */
async function localFile(file: string, label: string): Promise<{ path: string; sha512: string; size: number }> {
  const inspected = inspectInputFile(file);
  if (!inspected.ok && inspected.problem === "missing") throw new LocalFileError(file, `${label}: the file ${file} ${inspected.reason}. Give a path to an existing tarball, or an http(s) URL.`);
  if (!inspected.ok) throw new LocalFileError(file, `${label}: ${file} ${inspected.reason}. Give a path to a tarball, or an http(s) URL.`);
  return { path: file, sha512: await hashFile(file), size: inspected.stats.size };
}

function noteLocal(run: Run, label: string, file: { path: string; sha512: string }): void {
  const recorded = run.options.lockLocalFiles ? "recorded in gp.lock" : "not recorded in gp.lock";
  note(run, `${label}: using the local file ${file.path} as is (sha512 ${file.sha512.slice(0, 12)}…); ${recorded}.`);
}

const RANKS: Readonly<Record<Stage3Verification, number>> = { none: 0, sha512: 1, "openpgp+sha512": 2 };

function rank(verified: Stage3Verification): number {
  return RANKS[verified];
}

/**
 * Applies the run's changes to gp.lock as it is on disk now (another build of another arch
 * may have written it meanwhile), under a lock in the download cache, and writes it if it
 * differs.
 */
async function recordChanges(run: Run, before: InputLock | undefined): Promise<{ lock: InputLock; changed: boolean }> {
  const { changes, options } = run;
  const nothing = Object.keys(changes.stage3).length === 0 && changes.portage === undefined && changes.overlay === undefined;
  if (nothing) return { lock: before ?? run.lock, changed: false };
  const cache = new DownloadCache(options.cacheDir);
  await cache.prepare();
  return await withFileLock(cache.lockPath(`lock:${resolve(options.lockPath)}`), async () => {
    const current = (await readLock(options.lockPath)) ?? emptyLock();
    const next: InputLock = {
      version: 1,
      stage3: { ...current.stage3, ...changes.stage3 },
      portage: changes.portage ?? current.portage,
      overlay: changes.overlay ?? current.overlay,
    };
    const exists = (await stat(options.lockPath).catch(() => undefined)) !== undefined;
    if (exists && renderLock(next) === renderLock(current)) return { lock: current, changed: false };
    if (options.frozen) {
      throw new LockfileError(options.lockPath, `gp.lock would change, but it is frozen. Run \`gp lock\` and commit gp.lock.`);
    }
    await writeLock(options.lockPath, next).catch((failure: NodeJS.ErrnoException) => {
      throw new LockfileError(options.lockPath, `${options.lockPath} cannot be written (${failure.code ?? failure.message}). Check the permissions of its folder.`);
    });
    note(run, `gp.lock: ${exists ? "updated" : "written"} at ${options.lockPath}.`);
    return { lock: next, changed: true };
  });
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
