import {
  chmodSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { dirname, join, parse, relative } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { ARTIFACT_TOP_LEVEL, ARTIFACT_TOP_LEVEL_FILES, type Artifact, type ArtifactEntry } from "./emit.js";
import { describeKind, readInputFile, readInputText } from "../host/input-file.js";
import { isInside, realLocation } from "../host/path-inside.js";
import { acquirePidLock, isRunning, releasePidLock, type PidLock } from "../host/pid-lock.js";

/** Lists what gp wrote in an artifact directory, so a later compile knows what it may replace. */
export const MANIFEST_NAME = ".gp-artifact.json";

/** Held while a compile writes a directory, so two compiles never interleave their renames. */
const LOCK_NAME = ".gp-artifact.lock";
const STAGING_PREFIX = ".gp-staging-";
/** A staging directory's name: the PID of the compile that made it, then a time stamp. */
const STAGING_NAME = /^\.gp-staging-(\d+)-[0-9a-z]+$/;

/** Subdirectories whose change makes genpack rebuild the lower layer (besides genpack.json5). */
const LOWER_INPUTS = ["savedconfig", "patches", "kernel", "env", "overlay"];

/** What a manifest may list: the names gp writes, nothing else. */
const WRITTEN_NAMES: readonly string[] = ARTIFACT_TOP_LEVEL;

interface Manifest {
  readonly generator: "genpack-ts";
  /** Top-level names gp wrote. */
  readonly entries: readonly string[];
}

export interface WriteOptions {
  /** Write into a directory gp did not write, replacing genpack.json5, genpack.json and the subdirectories gp writes there. */
  readonly force?: boolean;
  /**
   * Every file and directory the compile read: the blueprint, the modules and profiles it
   * imports, its `file()` and `directory()` sources. A directory that holds one of them is never
   * written, even with `force`, since replacing `files/` or `kernel/` there could delete the
   * blueprint's own sources.
   * @default none
   */
  readonly sources?: readonly string[];
  /**
   * A directory the output must stay inside once symbolic links are followed, as `out/<name>`
   * must stay inside the blueprint's folder: a project cannot send gp's writes elsewhere by
   * shipping `out` as a link.
   * @default no bound
   */
  readonly within?: string;
}

export type WriteResult =
  | { readonly ok: true; readonly changed: boolean; readonly files: number }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The manifest of a directory: none, one gp wrote, or a file by that name that gp cannot have written. */
type ManifestRead = { readonly kind: "none" } | { readonly kind: "valid"; readonly manifest: Manifest } | { readonly kind: "invalid"; readonly reason: string };

/**
 * Reads a directory's manifest as untrusted input: it claims that gp wrote the entries it
 * lists, and gp replaces what it claims, so only the names gp writes, each the kind of entry gp
 * writes (genpack.json5 and system-ini.json files, the rest directories, none a link), make it valid.
 */
function readManifest(outDir: string): ManifestRead {
  const path = join(outDir, MANIFEST_NAME);
  if (statOrUndefined(path) === undefined) return { kind: "none" };
  const read = readInputText(path, { within: outDir, withinName: "the output directory" });
  if (!read.ok) return { kind: "invalid", reason: read.reason };
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch {
    return { kind: "invalid", reason: "is not valid JSON" };
  }
  const { generator, entries } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as { generator?: unknown; entries?: unknown };
  if (generator !== "genpack-ts" || !Array.isArray(entries)) return { kind: "invalid", reason: 'is not a manifest of gp\'s: gp writes an object with "generator": "genpack-ts" and a list of "entries"' };
  for (const entry of entries as unknown[]) {
    if (typeof entry !== "string" || !WRITTEN_NAMES.includes(entry)) {
      return { kind: "invalid", reason: `lists ${JSON.stringify(entry) ?? String(entry)}, which is not a name gp writes (${WRITTEN_NAMES.join(", ")})` };
    }
    const stats = statOrUndefined(join(outDir, entry));
    const expected = ARTIFACT_TOP_LEVEL_FILES.includes(entry) ? "a file" : "a directory";
    if (stats !== undefined && describeKind(stats) !== expected) return { kind: "invalid", reason: `lists ${entry}, which is ${describeKind(stats)} here, not ${expected} as gp writes it` };
  }
  return { kind: "valid", manifest: { generator, entries: [...new Set(entries as string[])] } };
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the file on disk already holds exactly this entry; unreadable means no. */
function sameEntry(path: string, entry: ArtifactEntry): boolean {
  const stats = statOrUndefined(path);
  if (stats === undefined) return false;
  try {
    switch (entry.kind) {
      case "file": {
        if (!stats.isFile() || (stats.mode & 0o7777) !== entry.mode || stats.size !== entry.data.byteLength) return false;
        const read = readInputFile(path);
        return read.ok && read.data.equals(entry.data);
      }
      case "symlink":
        return stats.isSymbolicLink() && readlinkSync(path) === entry.target;
      case "directory":
        return stats.isDirectory() && (stats.mode & 0o7777) === entry.mode;
    }
  } catch {
    return false;
  }
}

/** Every path below `root` (relative, with `/`), for finding files that are no longer wanted. */
function listTree(root: string, prefix: string, into: Set<string>): void {
  const stats = statOrUndefined(root);
  if (stats === undefined) return;
  into.add(prefix);
  if (!stats.isDirectory()) return;
  for (const name of readdirSync(root)) listTree(join(root, name), `${prefix}/${name}`, into);
}

function failure(outDir: string, message: string, hint?: string): WriteResult {
  return { ok: false, diagnostics: [error(codes.outputWriteFailed, message, { location: { file: outDir }, ...(hint === undefined ? {} : { hint }) })] };
}

function refused(outDir: string, message: string, hint: string): WriteResult {
  return { ok: false, diagnostics: [error(codes.outputRefused, message, { location: { file: outDir }, hint })] };
}

/** Names gp itself leaves while it writes (its lock, staging directories), which do not make a directory the user's. */
function isTransient(name: string): boolean {
  return name === LOCK_NAME || STAGING_NAME.test(name);
}

/** Names for a message: the first few, and how many more. */
function someNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/**
 * Destinations gp never writes, whatever the options: the root of the file system, a directory
 * that holds something the blueprint reads, and a default output that a link leads out of the
 * blueprint's folder. Checked before anything is created.
 */
function refusedDestination(outDir: string, options: WriteOptions): WriteResult | undefined {
  const real = realLocation(outDir);
  if (real === undefined) return undefined;
  if (real === parse(real).root) {
    return refused(outDir, `${outDir} is the root of the file system${real === outDir ? "" : ` (${real})`}; gp writes an artifact only into a directory of its own, --force or not.`, "Give -o a directory such as out/<name>.");
  }
  if (options.within !== undefined) {
    const bound = realLocation(options.within);
    if (bound !== undefined && !isInside(real, bound)) {
      return refused(outDir, `${outDir} leads out of ${options.within} through a symbolic link, and gp does not follow a link out of the blueprint's folder to write.`, "Remove the link, or give the output directory with -o.");
    }
  }
  for (const source of options.sources ?? []) {
    if (!isInside(realLocation(source) ?? source, real)) continue;
    return refused(
      outDir,
      `${outDir} holds ${relative(outDir, source) || source}, which the blueprint reads; gp replaces ${ARTIFACT_TOP_LEVEL_FILES.join(" and ")} and the folders it writes (${WRITTEN_NAMES.filter((name) => !ARTIFACT_TOP_LEVEL_FILES.includes(name)).join(", ")}) as a whole, so writing the artifact there could delete the blueprint's own files, --force or not.`,
      "Write the artifact to a directory of its own, such as out/<name> beside the blueprint (the default).",
    );
  }
  return undefined;
}

/**
 * Writes an artifact directory so that a failed or interrupted compile never leaves a mixture
 * that gp would later trust, nothing gp did not write is lost, and genpack's rebuild check stays
 * quiet when nothing changed:
 *
 * 1. Some directories are never written: `/`, one that holds a file the blueprint reads, and a
 *    default output reached through a link out of the blueprint's folder.
 * 2. Otherwise nothing is touched unless gp wrote the directory before (it holds a valid
 *    manifest), or the directory is empty or missing, or `force` is given. A manifest is
 *    untrusted input: one that lists a name gp does not write, or an entry of another kind than
 *    gp writes, is an error. Entries gp does not write, such as genpack's `work/` and built
 *    images, are left alone.
 * 3. When the directory already holds exactly the artifact, nothing is written at all.
 * 4. Otherwise the artifact is written to a staging directory beside the old entries; files
 *    whose content and mode did not change keep their old modification time, and so do
 *    directories whose list of entries did not change, because genpack rebuilds the lower
 *    layer when any file below kernel/, env/, savedconfig/ or patches/ is newer than its last
 *    build. When one of those directories goes away, genpack.json5 gets a new time instead,
 *    since genpack cannot notice a directory that is gone.
 * 5. The top-level entries are swapped in by rename, one after the other, with the manifest
 *    last; if the process dies half way, the old manifest still claims the directory, so the
 *    next compile replaces every entry again. A write that fails puts the old entries back and
 *    leaves nothing of its own behind: no staging directory, no lock, no directory it created.
 */
export function writeArtifact(outDir: string, artifact: Artifact, options: WriteOptions = {}): WriteResult {
  const destination = refusedDestination(outDir, options);
  if (destination !== undefined) return destination;
  let outStats: Stats | undefined;
  try {
    // The output directory may be a link the user gave with -o; what it leads to is written.
    outStats = statSync(outDir);
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return failure(outDir, `${outDir} cannot be used (${(problem as Error).message.split(",")[0] ?? code}).`);
  }
  if (outStats !== undefined && !outStats.isDirectory()) return failure(outDir, `${outDir} is ${describeKind(outStats)}, not a directory.`);
  const read = outStats === undefined ? ({ kind: "none" } as const) : readManifest(outDir);
  if (read.kind === "invalid") {
    const path = join(outDir, MANIFEST_NAME);
    return {
      ok: false,
      diagnostics: [
        error(codes.invalidManifest, `${MANIFEST_NAME} ${read.reason}; gp cannot tell what it wrote in ${outDir}, so it replaces nothing there.`, {
          location: { file: path },
          hint: `If gp wrote this directory, remove ${MANIFEST_NAME} and compile again with --force; otherwise choose another output directory with -o.`,
        }),
      ],
    };
  }
  const manifest = read.kind === "valid" ? read.manifest : undefined;
  const listing = outStats === undefined ? [] : readdirSync(outDir).filter((name) => !isTransient(name));
  const claimable = [...WRITTEN_NAMES, "genpack.json"];
  const present = claimable.filter((name) => listing.includes(name));
  if (manifest === undefined && listing.length > 0 && options.force !== true) {
    return {
      ok: false,
      diagnostics: [
        error(codes.outputNotOwned, `${outDir} is not empty and gp did not write it: it holds ${someNames(listing)}. Compiling there would replace ${present.length === 0 ? "genpack.json5 and the folders gp writes" : present.join(", ")} if they were there.`, {
          location: { file: outDir },
          hint: "Choose another output directory with -o, or pass --force to write there anyway: gp then replaces genpack.json5, genpack.json and the folders it writes, and leaves everything else.",
        }),
      ],
    };
  }
  // A manifest marks the whole directory as gp's: every name gp may write is gp's to replace.
  // genpack.json is not one of them; genpack refuses a directory with both.
  const foreign = manifest === undefined ? present : present.filter((name) => name === "genpack.json");
  if (foreign.length > 0 && options.force !== true) {
    return {
      ok: false,
      diagnostics: [
        error(codes.outputNotOwned, `${outDir} already holds ${foreign.join(", ")}, which gp did not write; compiling there would replace ${foreign.length === 1 ? "it" : "them"}.`, {
          location: { file: outDir },
          hint: "Choose another output directory with -o, or pass --force to replace them.",
        }),
      ],
    };
  }

  const topLevel = [...new Set([...artifact.keys()].map((path) => path.split("/")[0] as string))];
  const previous = [...new Set([...(manifest?.entries ?? []), ...(options.force === true ? foreign : [])])];
  const onDisk = new Set<string>();
  for (const name of previous) listTree(join(outDir, name), name, onDisk);
  const unchanged = new Set([...artifact].filter(([path, entry]) => sameEntry(join(outDir, path), entry)).map(([path]) => path));
  const upToDate =
    manifest !== undefined &&
    unchanged.size === artifact.size &&
    [...onDisk].every((path) => artifact.has(path)) &&
    previous.length === topLevel.length &&
    topLevel.every((name) => previous.includes(name));
  if (upToDate) return { ok: true, changed: false, files: artifact.size };
  if (previous.some((name) => LOWER_INPUTS.includes(name) && !topLevel.includes(name))) unchanged.delete("genpack.json5");

  let created: string | undefined;
  let lock: PidLock | undefined;
  const giveUp = (result: WriteResult): WriteResult => {
    if (lock !== undefined) releasePidLock(lock);
    removeCreated(outDir, created);
    return result;
  };
  try {
    created = mkdirSync(outDir, { recursive: true });
    const taken = acquirePidLock(join(outDir, LOCK_NAME));
    if ("problem" in taken) return giveUp(failure(outDir, `The lock of ${outDir}: ${taken.problem}.`));
    if ("heldBy" in taken) return giveUp(failure(outDir, `Another gp is writing ${outDir} right now.`, `Wait for it to finish; if none runs, remove ${join(outDir, LOCK_NAME)}.`));
    lock = taken;
    removeStaleStaging(outDir);
  } catch (problem) {
    return giveUp(failure(outDir, `${outDir} cannot be written: ${(problem as Error).message}.`));
  }

  const staging = join(outDir, `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  const retired = join(staging, ".retired");
  const moved: { name: string; hadOld: boolean; hasNew: boolean }[] = [];
  try {
    mkdirSync(retired, { recursive: true });
    stage(staging, outDir, artifact, unchanged);
    const newManifest: Manifest = { generator: "genpack-ts", entries: [...topLevel].sort() };
    writeFileSync(join(staging, MANIFEST_NAME), `${JSON.stringify(newManifest, null, 2)}\n`);

    const names = [...new Set([...topLevel, ...previous]), MANIFEST_NAME];
    for (const name of names) {
      const current = join(outDir, name);
      const step = { name, hadOld: false, hasNew: false };
      moved.push(step);
      if (statOrUndefined(current) !== undefined) {
        renameSync(current, join(retired, name));
        step.hadOld = true;
      }
      if (statOrUndefined(join(staging, name)) !== undefined) {
        renameSync(join(staging, name), current);
        step.hasNew = true;
      }
    }
  } catch (problem) {
    // Put back whatever was moved, newest first, so the old artifact is whole again.
    const stranded: string[] = [];
    for (const { name, hadOld, hasNew } of moved.reverse()) {
      try {
        if (hasNew) renameSync(join(outDir, name), join(staging, name));
      } catch {
        // The new entry stays; the old one cannot go back over it.
      }
      try {
        if (hadOld) renameSync(join(retired, name), join(outDir, name));
      } catch {
        stranded.push(name);
      }
    }
    const message = `Writing ${outDir} failed: ${(problem as Error).message}.`;
    if (stranded.length === 0) {
      rmSync(staging, { recursive: true, force: true });
      return giveUp(failure(outDir, `${message} The previous content was kept.`));
    }
    // What could not be put back is the user's previous artifact: it is kept under a name that
    // no later compile clears as a stale staging directory, and the message says where.
    const kept = join(outDir, `.gp-kept-${process.pid}-${Date.now().toString(36)}`);
    let keptRetired = retired;
    try {
      renameSync(staging, kept);
      keptRetired = join(kept, ".retired");
    } catch {
      // It stays in the staging directory, which only a compile that finds its process gone clears.
    }
    const them = stranded.length === 1 ? "it" : "them";
    return giveUp(failure(outDir, `${message} ${someNames(stranded)} of the previous content could not be put back; ${stranded.length === 1 ? "it is" : "they are"} in ${keptRetired}.`, `Move ${them} back into ${outDir} by hand.`));
  }
  rmSync(staging, { recursive: true, force: true });
  releasePidLock(lock);
  return { ok: true, changed: true, files: artifact.size };
}

/**
 * Removes the directories a failed write created: `outDir`, then its parents up to the first
 * one `mkdirSync` made, each only while it is empty.
 */
function removeCreated(outDir: string, created: string | undefined): void {
  if (created === undefined) return;
  for (let path = outDir; isInside(path, created); path = dirname(path)) {
    try {
      rmdirSync(path);
    } catch {
      return;
    }
    if (path === created) return;
  }
}

/** Staging directories of compiles that were killed; a running compile's is left alone, and so is anything not named and made like one. */
function removeStaleStaging(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    const match = STAGING_NAME.exec(name);
    if (match === null || statOrUndefined(join(outDir, name))?.isDirectory() !== true) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

/** Writes the artifact below `staging`, keeping modification times of what did not change. */
function stage(staging: string, outDir: string, artifact: Artifact, unchanged: ReadonlySet<string>): void {
  // Directories, then files, then links: nothing is ever written through a link.
  const order = { directory: 0, file: 1, symlink: 2 } as const;
  const entries = [...artifact].sort(([, a], [, b]) => order[a.kind] - order[b.kind]);
  for (const [path, entry] of entries) {
    const target = join(staging, path);
    switch (entry.kind) {
      case "directory":
        mkdirSync(target, { recursive: true });
        break;
      case "file":
        writeFileSync(target, entry.data);
        // The umask may have cleared bits the artifact asks for.
        chmodSync(target, entry.mode);
        break;
      case "symlink":
        symlinkSync(entry.target, target);
        break;
    }
  }
  for (const [path, entry] of artifact) {
    if (entry.kind === "directory" || !unchanged.has(path)) continue;
    const old = lstatSync(join(outDir, path));
    if (entry.kind === "symlink") lutimesSync(join(staging, path), old.atime, old.mtime);
    else utimesSync(join(staging, path), old.atime, old.mtime);
  }
  // Directories last and deepest first, since writing into a directory changes its time.
  const directories = [...artifact].filter(([, entry]) => entry.kind === "directory").map(([path]) => path);
  directories.sort((a, b) => b.split("/").length - a.split("/").length);
  for (const path of directories) {
    const target = join(staging, path);
    chmodSync(target, (artifact.get(path) as { mode: number }).mode);
    const old = statOrUndefined(join(outDir, path));
    if (old?.isDirectory() !== true) continue;
    const before = readdirSync(join(outDir, path)).sort().join("\0");
    const after = readdirSync(target).sort().join("\0");
    if (before === after) utimesSync(target, old.atime, old.mtime);
  }
}
