import { lstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic } from "../../errors/diagnostics.js";

/** The subdirectories of an artifact that a blueprint references. */
export const DATA_DIRECTORIES = ["files", "kernel", "env", "savedconfig", "patches", "overlay"] as const;

/** What gp import writes: a TypeScript module, which `gp compile` type-checks. */
const BLUEPRINT_NAME = /\.(?:[cm]?ts|tsx)$/;

/** Where an import goes, every folder resolved through its links. */
export interface Destination {
  /** The blueprint to write. */
  readonly blueprint: string;
  /** Its folder. */
  readonly base: string;
  /** Folders to create for it, outermost first; none exist yet. */
  readonly missing: readonly string[];
  /** Where the blueprint finds the artifact's subdirectories: the artifact itself, or `base` when they are copied there. */
  readonly referenceRoot: string;
  /** Subdirectories of the artifact copied beside the blueprint, by name. */
  readonly copies: readonly string[];
  /** The artifact directory. */
  readonly artifact: string;
}

export type PlaceResult = { readonly ok: true; readonly destination: Destination } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Whether `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rest = relative(parent, child);
  return rest === "" || (rest !== ".." && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return "a device";
  return "not a regular file";
}

/**
 * The real path of a folder that may not exist yet: its deepest existing ancestor with every
 * link resolved, and the names below it still to create; or why it cannot be a folder.
 */
function realFolder(folder: string): { real: string; missing: string[] } | { problem: string } {
  const names: string[] = [];
  let existing = folder;
  for (;;) {
    const stats = lstatOrUndefined(existing);
    if (stats !== undefined) break;
    const parent = dirname(existing);
    if (parent === existing) return { problem: `${folder} cannot be reached` };
    names.unshift(basename(existing));
    existing = parent;
  }
  let real: string;
  try {
    real = realpathSync(existing);
    if (!statSync(real).isDirectory()) return { problem: `${existing} is not a folder` };
  } catch (problem) {
    return { problem: `${existing} cannot be resolved: ${(problem as Error).message}` };
  }
  const missing: string[] = [];
  let path = real;
  for (const name of names) {
    path = join(path, name);
    missing.push(path);
  }
  return { real: path, missing };
}

/**
 * Decides where an import of `artifactDirectory` writes `requested` (an absolute path), and
 * refuses what would overlap the artifact or replace something without `force`:
 *
 * - the blueprint must be a file name of a TypeScript module, never a folder;
 * - beside the artifact's genpack.json5 it references the artifact's subdirectories in place,
 *   and so it does in a folder that holds the artifact;
 * - in a folder inside the artifact it is refused: copies of the artifact's subdirectories
 *   would land inside the artifact itself;
 * - anywhere else the subdirectories are copied beside it, and must not be there yet.
 *
 * Every folder is compared by its real path, so a link to the artifact is the artifact.
 */
export function placeImport(artifactDirectory: string, requested: string, options: { readonly force: boolean; readonly cwd: string; readonly defaultName: string }): PlaceResult {
  const shown = (path: string) => (isInside(path, options.cwd) ? relative(options.cwd, path) || "." : path);
  const refuse = (message: string, file: string, hint?: string): PlaceResult => ({
    ok: false,
    diagnostics: [error(codes.outputNotOwned, message, { location: { file }, ...(hint === undefined ? {} : { hint }) })],
  });
  const name = basename(requested);
  let requestedStats: Stats | undefined;
  try {
    requestedStats = statSync(requested);
  } catch {
    requestedStats = undefined;
  }
  if (requestedStats?.isDirectory() === true || name === "" || requested.endsWith("/")) {
    return refuse(`${shown(requested)} is a folder; gp import writes one blueprint file.`, requested, `Name the file, such as -o ${join(shown(requested), options.defaultName)}.`);
  }
  if (!BLUEPRINT_NAME.test(name)) {
    return refuse(`${shown(requested)} is not the name of a TypeScript module; gp import writes the blueprint as TypeScript.`, requested, `Name it like ${name.replace(/\.[^.]*$/, "")}.image.ts.`);
  }
  const folder = realFolder(dirname(requested));
  if ("problem" in folder) return refuse(`The blueprint cannot go to ${shown(requested)}: ${folder.problem}.`, requested);
  const artifact = realpathSync(artifactDirectory);
  const base = folder.real;
  const blueprint = join(base, name);

  let referenceRoot = artifact;
  let copies: string[] = [];
  if (base !== artifact && isInside(base, artifact)) {
    return refuse(`${shown(requested)} is inside the artifact ${shown(artifactDirectory)}, where copies of its subdirectories would land in the artifact itself.`, requested, "Write the blueprint beside genpack.json5 (leave out -o), or outside the artifact.");
  }
  if (!isInside(artifact, base)) {
    referenceRoot = base;
    copies = DATA_DIRECTORIES.filter((directory) => lstatOrUndefined(join(artifact, directory))?.isDirectory() === true);
  }

  const existing = lstatOrUndefined(blueprint);
  if (existing !== undefined && !existing.isFile() && !existing.isSymbolicLink()) {
    return refuse(`${shown(requested)} is ${kindOf(existing)}; gp import replaces a blueprint file only.`, requested);
  }
  const taken = [blueprint, ...copies.map((directory) => join(base, directory))].filter((path) => lstatOrUndefined(path) !== undefined);
  if (taken.length > 0 && !options.force) {
    return refuse(`${taken.map(shown).join(", ")} already exist${taken.length === 1 ? "s" : ""}; gp import does not replace what is there.`, taken[0] as string, "Choose another place with -o, or pass --force to replace it.");
  }
  return { ok: true, destination: { blueprint, base, missing: folder.missing, referenceRoot, copies, artifact } };
}
