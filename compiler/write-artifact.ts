import {
  chmodSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  type Stats,
} from "node:fs";
import { join } from "node:path";
import { codes } from "./codes.js";
import { error, type Diagnostic } from "./diagnostics.js";
import { ARTIFACT_TOP_LEVEL, type Artifact, type ArtifactEntry } from "./emit.js";
import { acquirePidLock, isRunning, releasePidLock, type PidLock } from "./pid-lock.js";

/** Lists what gp wrote in an artifact directory, so a later compile knows what it may replace. */
export const MANIFEST_NAME = ".gp-artifact.json";

/** Held while a compile writes a directory, so two compiles never interleave their renames. */
const LOCK_NAME = ".gp-artifact.lock";
const STAGING_PREFIX = ".gp-staging-";

/** Subdirectories whose change makes genpack rebuild the lower layer (besides genpack.json5). */
const LOWER_INPUTS = ["savedconfig", "patches", "kernel", "env", "overlay"];

interface Manifest {
  readonly generator: "genpack-ts";
  /** Top-level names gp wrote. */
  readonly entries: readonly string[];
}

export interface WriteOptions {
  /** Replace genpack.json5, genpack.json and the subdirectories even when gp did not write them. */
  readonly force?: boolean;
}

export type WriteResult =
  | { readonly ok: true; readonly changed: boolean; readonly files: number }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function readManifest(outDir: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(outDir, MANIFEST_NAME), "utf8")) as Partial<Manifest>;
    if (parsed.generator === "genpack-ts" && Array.isArray(parsed.entries)) return parsed as Manifest;
  } catch {
    // No manifest, or not one of ours: the directory is treated as the user's.
  }
  return undefined;
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
      case "file":
        return stats.isFile() && (stats.mode & 0o7777) === entry.mode && stats.size === entry.data.byteLength && readFileSync(path).equals(entry.data);
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

/**
 * Writes an artifact directory so that a failed or interrupted compile never leaves a mixture
 * that gp would later trust, and so that genpack's rebuild check stays quiet when nothing changed:
 *
 * 1. Nothing is touched unless gp wrote the directory before (it holds gp's manifest), or it
 *    holds none of the names gp writes, or `force` is given. Other entries, such as genpack's
 *    `work/` and built images, are left alone.
 * 2. When the directory already holds exactly the artifact, nothing is written at all.
 * 3. Otherwise the artifact is written to a staging directory beside the old entries; files
 *    whose content and mode did not change keep their old modification time, and so do
 *    directories whose list of entries did not change, because genpack rebuilds the lower
 *    layer when any file below kernel/, env/, savedconfig/ or patches/ is newer than its last
 *    build. When one of those directories goes away, genpack.json5 gets a new time instead,
 *    since genpack cannot notice a directory that is gone.
 * 4. The top-level entries are swapped in by rename, one after the other, with the manifest
 *    last; if the process dies half way, the old manifest still claims the directory, so the
 *    next compile replaces every entry again.
 */
export function writeArtifact(outDir: string, artifact: Artifact, options: WriteOptions = {}): WriteResult {
  const outStats = statOrUndefined(outDir);
  if (outStats !== undefined && !outStats.isDirectory()) return failure(outDir, `${outDir} exists and is not a directory.`);
  const manifest = outStats === undefined ? undefined : readManifest(outDir);
  const claimable = [...ARTIFACT_TOP_LEVEL, "genpack.json"];
  const present = outStats === undefined ? [] : claimable.filter((name) => statOrUndefined(join(outDir, name)) !== undefined);
  // A manifest marks the whole directory as gp's: every name gp may write is gp's to replace.
  const foreign = manifest === undefined ? present : present.filter((name) => name === "genpack.json" && !manifest.entries.includes(name));
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

  const createdOutDir = outStats === undefined;
  let lock: PidLock | undefined;
  try {
    mkdirSync(outDir, { recursive: true });
    lock = acquireLock(outDir);
    if (lock === undefined) {
      return failure(outDir, `Another gp is writing ${outDir} right now.`, `Wait for it to finish; if none runs, remove ${join(outDir, LOCK_NAME)}.`);
    }
    removeStaleStaging(outDir);
  } catch (problem) {
    if (lock !== undefined) releasePidLock(lock);
    return failure(outDir, `${outDir} cannot be written: ${(problem as Error).message}.`);
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
    for (const { name, hadOld, hasNew } of moved.reverse()) {
      try {
        if (hasNew) renameSync(join(outDir, name), join(staging, name));
        if (hadOld) renameSync(join(retired, name), join(outDir, name));
      } catch {
        // Best effort; what could not be put back stays in the staging directory.
      }
    }
    rmSync(staging, { recursive: true, force: true });
    releasePidLock(lock);
    if (createdOutDir) removeIfEmpty(outDir);
    return failure(outDir, `Writing ${outDir} failed: ${(problem as Error).message}. The previous content was kept.`);
  }
  rmSync(staging, { recursive: true, force: true });
  releasePidLock(lock);
  return { ok: true, changed: true, files: artifact.size };
}

/** Takes the directory's lock, clearing one left by a process that no longer runs. */
function acquireLock(outDir: string): PidLock | undefined {
  const lock = acquirePidLock(join(outDir, LOCK_NAME));
  return "descriptor" in lock ? lock : undefined;
}

/** Staging directories of compiles that were killed; a running compile's is left alone. */
function removeStaleStaging(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(outDir, name), { recursive: true, force: true });
  }
}


function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty or already gone.
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
