import {
  chmodSync,
  existsSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  readdirSync,
  readFileSync,
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
import { join } from "node:path";
import { codes } from "./codes.js";
import { error, type Diagnostic } from "./diagnostics.js";
import { ARTIFACT_TOP_LEVEL, type Artifact, type ArtifactEntry } from "./emit.js";

/** Lists what gp wrote in an artifact directory, so a later compile knows what it may replace. */
export const MANIFEST_NAME = ".gp-artifact.json";

interface Manifest {
  readonly generator: "genpack-ts";
  /** Top-level names gp wrote. */
  readonly entries: readonly string[];
}

export interface WriteOptions {
  /** Replace genpack.json5 and its subdirectories even when gp did not write them. */
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

/** Whether the file on disk already holds exactly this entry. */
function sameEntry(path: string, entry: ArtifactEntry, stats: Stats | undefined): boolean {
  if (stats === undefined) return false;
  switch (entry.kind) {
    case "file":
      return stats.isFile() && (stats.mode & 0o7777) === entry.mode && stats.size === entry.data.byteLength && readFileSync(path).equals(entry.data);
    case "symlink":
      return stats.isSymbolicLink() && readlinkSync(path) === entry.target;
    case "directory":
      return stats.isDirectory() && (stats.mode & 0o7777) === entry.mode;
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

/**
 * Writes an artifact directory so that a reader never sees a half-written one, and so that
 * genpack's rebuild check stays quiet when nothing changed:
 *
 * 1. Nothing is touched unless gp wrote the directory before (it holds gp's manifest), or it
 *    holds none of the names gp writes, or `force` is given. Other entries, such as genpack's
 *    `work/` and built images, are left alone.
 * 2. When the directory already holds exactly the artifact, nothing is written at all.
 * 3. Otherwise the artifact is written to a staging directory beside the old entries; files
 *    whose content and mode did not change keep their old modification time, and so do
 *    directories whose list of entries did not change, because genpack rebuilds the lower
 *    layer when any file below kernel/, env/, savedconfig/ or patches/ is newer than its last
 *    build. Then each top-level entry is swapped in by rename, and the old ones are removed.
 */
export function writeArtifact(outDir: string, artifact: Artifact, options: WriteOptions = {}): WriteResult {
  const outStats = statOrUndefined(outDir);
  if (outStats !== undefined && !outStats.isDirectory()) {
    return { ok: false, diagnostics: [error(codes.outputNotOwned, `${outDir} exists and is not a directory.`, { location: { file: outDir } })] };
  }
  const manifest = outStats === undefined ? undefined : readManifest(outDir);
  if (outStats !== undefined && options.force !== true) {
    const foreign = [...ARTIFACT_TOP_LEVEL, "genpack.json"].filter(
      (name) => existsSync(join(outDir, name)) && !(manifest?.entries.includes(name) ?? false),
    );
    if (foreign.length > 0) {
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
  }

  const topLevel = [...new Set([...artifact.keys()].map((path) => path.split("/")[0] as string))];
  const wanted = new Set(artifact.keys());
  const onDisk = new Set<string>();
  for (const name of manifest?.entries ?? []) listTree(join(outDir, name), name, onDisk);
  const unchanged = new Set([...artifact].filter(([path, entry]) => sameEntry(join(outDir, path), entry, statOrUndefined(join(outDir, path)))).map(([path]) => path));
  const upToDate =
    manifest !== undefined &&
    unchanged.size === artifact.size &&
    [...onDisk].every((path) => wanted.has(path)) &&
    manifest.entries.length === topLevel.length &&
    topLevel.every((name) => manifest.entries.includes(name));
  if (upToDate) return { ok: true, changed: false, files: artifact.size };

  const createdOutDir = outStats === undefined;
  mkdirSync(outDir, { recursive: true });
  removeStaleStaging(outDir);
  const staging = join(outDir, `${STAGING_PREFIX}${process.pid}-${Date.now().toString(36)}`);
  const retired = join(staging, ".retired");
  const moved: { name: string; hadOld: boolean; hasNew: boolean }[] = [];
  try {
    mkdirSync(retired, { recursive: true });
    stage(staging, outDir, artifact, unchanged);
    const newManifest: Manifest = { generator: "genpack-ts", entries: [...topLevel].sort() };
    writeFileSync(join(staging, MANIFEST_NAME), `${JSON.stringify(newManifest, null, 2)}\n`);

    const names = [...new Set([...topLevel, ...(manifest?.entries ?? []), MANIFEST_NAME])];
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
  } catch (failure) {
    // Put back whatever was moved, newest first, so the old artifact is whole again.
    for (const { name, hadOld, hasNew } of moved.reverse()) {
      try {
        if (hasNew) renameSync(join(outDir, name), join(staging, name));
        if (hadOld) renameSync(join(retired, name), join(outDir, name));
      } catch {
        // Best effort; the message below names the staging directory for manual recovery.
      }
    }
    rmSync(staging, { recursive: true, force: true });
    if (createdOutDir) removeIfEmpty(outDir);
    return {
      ok: false,
      diagnostics: [
        error(codes.outputWriteFailed, `Writing ${outDir} failed: ${(failure as Error).message}. The previous content was kept.`, {
          location: { file: outDir },
        }),
      ],
    };
  }
  rmSync(staging, { recursive: true, force: true });
  return { ok: true, changed: true, files: artifact.size };
}

const STAGING_PREFIX = ".gp-staging-";

/** Staging directories of compiles that were killed; a running compile's is left alone. */
function removeStaleStaging(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (failure) {
    return (failure as NodeJS.ErrnoException).code === "EPERM";
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
  for (const [path, entry] of artifact) {
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
    if (entry.kind !== "file" && entry.kind !== "symlink") continue;
    if (!unchanged.has(path)) continue;
    const old = lstatSync(join(outDir, path));
    if (entry.kind === "symlink") lutimesSync(join(staging, path), old.atime, old.mtime);
    else utimesSync(join(staging, path), old.atime, old.mtime);
  }
  // Directories last and deepest first, since writing into a directory changes its time.
  const directories = [...artifact].filter(([, entry]) => entry.kind === "directory").map(([path]) => path);
  directories.sort((a, b) => b.split("/").length - a.split("/").length);
  for (const path of directories) {
    const target = join(staging, path);
    const entry = artifact.get(path) as { mode: number };
    chmodSync(target, entry.mode);
    const old = statOrUndefined(join(outDir, path));
    if (old?.isDirectory() !== true) continue;
    const before = readdirSync(join(outDir, path)).sort().join("\0");
    const after = readdirSync(target).sort().join("\0");
    if (before === after) utimesSync(target, statSync(join(outDir, path)).atime, old.mtime);
  }
}
