import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve as resolvePath, sep } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ARCHES } from "../../dsl/index.js";
import { codes } from "../../errors/codes.js";
import { copyTree } from "../copy-tree.js";
import { error, hasErrors, type Diagnostic, type Location } from "../../errors/diagnostics.js";
import type { EvaluateOptions } from "../evaluate.js";
import { compile } from "../pipeline.js";
import { isRunning } from "../../host/pid-lock.js";
import { swapIn } from "../swap-in.js";
import { importArtifact } from "./import-artifact.js";
import { placeImport, type Destination } from "./import-destination.js";
import { readArtifact, type ArtifactSource } from "./read-artifact.js";
import { parseJson5 } from "../../genpack/json5/parse.js";
import { effectiveResolution } from "./resolve-target.js";
import { resolve } from "../../genpack/resolve.js";
import { fromSyntax } from "../../genpack/python.js";
import { isDictionary } from "../../genpack/merge.js";

export interface ImportOptions {
  /** Where to write the blueprint; by default `<name>.image.ts` in the artifact directory. */
  readonly output?: string;
  /** Replace an existing blueprint and data directories. */
  readonly force?: boolean;
  readonly cwd?: string;
  /** How the imported blueprint is run when it is verified. */
  readonly evaluation?: EvaluateOptions;
}

export type ImportToFileResult =
  | { readonly ok: true; readonly blueprint: string; readonly copied: readonly string[]; readonly checked: number; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Names of what an import stages beside its destination; `<prefix><pid>-` tells whose they are. */
const STAGING_PREFIX = ".gp-import-";

/** The image name genpack gives the artifact: its `name`, else its directory's name. */
function imageNameOf(artifact: ArtifactSource): string {
  const json = fromSyntax(artifact.document.root);
  return isDictionary(json) && typeof json.get("name") === "string" ? (json.get("name") as string) : basename(artifact.directory);
}

/**
 * `gp import`: writes a blueprint for an artifact directory, copying its subdirectories beside
 * the blueprint when the blueprint goes outside the artifact (a blueprint only reads files below
 * its own folder). Nothing existing is replaced without `force`. The result is checked before it
 * counts: the blueprint must compile, type-check included, and resolve exactly like the
 * original for every arch and every variant, and for none.
 *
 * Everything is written aside first (a staging folder, or a temporary file, beside the
 * destination) and checked there; only then is it renamed into place, replacing what was there
 * in one step per entry. A failure at any point leaves the destination as it was, and no staged
 * file behind.
 */
export async function importToFile(target: string, options: ImportOptions = {}): Promise<ImportToFileResult> {
  const cwd = options.cwd ?? process.cwd();
  const read = readArtifact(resolvePath(cwd, target), { check: true });
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const artifact = read.artifact;
  const defaultName = `${imageNameOf(artifact)}.image.ts`;
  const requested = options.output === undefined ? join(artifact.directory, defaultName) : resolvePath(cwd, options.output);
  const placed = placeImport(artifact.directory, requested, { force: options.force === true, cwd, defaultName });
  if (!placed.ok) return { ok: false, diagnostics: [...read.diagnostics, ...placed.diagnostics] };
  const destination = placed.destination;

  const imported = importArtifact(artifact, destination.base, destination.referenceRoot);
  const diagnostics: Diagnostic[] = [...read.diagnostics, ...imported.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return writeAside(destination, artifact.directory, imported.source, options.force === true, cwd, diagnostics, options.evaluation);
}

/**
 * Writes the blueprint (and the copies of the subdirectories) aside, verifies it against the
 * artifact at `original`, and swaps it in. Folders made for the destination are removed again
 * when the import fails.
 */
async function writeAside(destination: Destination, original: string, source: string, force: boolean, cwd: string, earlier: readonly Diagnostic[], evaluation?: EvaluateOptions): Promise<ImportToFileResult> {
  const { base, blueprint, copies } = destination;
  const name = basename(blueprint);
  const stem = `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`;
  // With copies, the blueprint is staged in a folder of its own with them, so that its
  // references (`./files/...`) read the copies; alone, it is a temporary file beside its place.
  const staging = copies.length > 0 ? join(base, stem) : undefined;
  const staged = staging === undefined ? join(base, `${stem}-${name}`) : join(staging, name);
  const retired = join(base, `${stem}-retired`);
  const created: string[] = [];
  let swapped = false;
  const failed = (diagnostics: readonly Diagnostic[]): ImportToFileResult => ({ ok: false, diagnostics: [...earlier, ...diagnostics] });
  try {
    for (const folder of destination.missing) {
      mkdirSync(folder);
      created.push(folder);
    }
    removeStaleStaging(base);
    if (staging !== undefined) mkdirSync(staging);
    writeFileSync(staged, source, { flag: "wx" });
    for (const directory of copies) copyTree(join(destination.artifact, directory), join(staging as string, directory));

    // The artifact as it was named: without `name`, genpack names it after that folder.
    const verified = await verifyImport(original, staged, cwd, evaluation);
    const shown = verified.diagnostics.map((diagnostic) => movedTo(diagnostic, staged, staging, blueprint, base));
    if (hasErrors(shown)) return failed(shown);

    if (staging !== undefined) {
      mkdirSync(retired);
      swapIn(base, staging, [name, ...copies], retired, { replace: force });
    } else if (force) {
      renameSync(staged, blueprint);
    } else {
      // A link fails where something appeared since the destination was checked; a rename would replace it.
      linkSync(staged, blueprint);
    }
    swapped = true;
    return { ok: true, blueprint, copied: copies.map((directory) => join(base, directory)), checked: verified.checked, diagnostics: [...earlier, ...shown] };
  } catch (problem) {
    return failed([error(codes.outputWriteFailed, `Writing ${relative(cwd, blueprint) || blueprint} failed: ${(problem as Error).message}. Nothing was replaced.`, { location: { file: blueprint } })]);
  } finally {
    // Only what this import made is removed: the staged blueprint and copies, and on failure
    // the folders it created for the destination. What the swap replaced (with --force) goes
    // once the swap is done; after a failed swap, only if all of it was put back.
    try {
      rmSync(staging ?? staged, { recursive: true, force: true });
      if (swapped) rmSync(retired, { recursive: true, force: true });
    } catch {
      // A file system that refuses to remove what it let gp write: the names say whose they are.
    }
    if (!swapped) removeIfEmpty(retired);
    if (!swapped) for (const folder of created.reverse()) removeIfEmpty(folder);
  }
}

/** A diagnostic about the staged blueprint or copies, pointed at where they were to go. */
function movedTo(diagnostic: Diagnostic, staged: string, staging: string | undefined, blueprint: string, base: string): Diagnostic {
  const move = <T extends Location>(location: T): T => {
    if (location.file === staged) return { ...location, file: blueprint };
    if (staging !== undefined && location.file.startsWith(`${staging}${sep}`)) return { ...location, file: join(base, location.file.slice(staging.length + 1)) };
    return location;
  };
  return {
    ...diagnostic,
    ...(diagnostic.location === undefined ? {} : { location: move(diagnostic.location) }),
    ...(diagnostic.related === undefined ? {} : { related: diagnostic.related.map(move) }),
  };
}

function removeIfEmpty(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty, or not there.
  }
}

/** A staged blueprint or staging folder: `.gp-import-<pid>-<8 hex digits>` and, for a file, `-<name>`. */
const STAGED = /^\.gp-import-(\d+)-[0-9a-f]{8}(?:-(.*))?$/;

/**
 * What imports that were killed left beside the destination: their staged blueprints and
 * copies. A running import's are left alone, and so is a `-retired` folder, which holds what
 * an import killed while swapping had moved out of the way: the user's, to recover.
 */
function removeStaleStaging(base: string): void {
  for (const entry of readdirSync(base)) {
    const match = STAGED.exec(entry);
    if (match === null || match[2] === "retired") continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    rmSync(join(base, entry), { recursive: true, force: true });
  }
}

/**
 * Compiles the imported blueprint and resolves it and the original for every arch and variant,
 * and for none; any difference is a fault of gp import, reported as such.
 */
export async function verifyImport(original: string, blueprint: string, cwd: string, evaluation?: EvaluateOptions): Promise<{ diagnostics: Diagnostic[]; checked: number }> {
  const fault = (message: string): Diagnostic =>
    error(codes.genpackStops, `${message}; this is a fault of gp import, please report it with the artifact.`, { location: { file: blueprint } });
  const compiled = await compile(blueprint, { cwd, ...(evaluation === undefined ? {} : { evaluation }) });
  const emitted = compiled.artifact?.get("genpack.json5");
  if (!compiled.ok || emitted?.kind !== "file") {
    const failure = error(codes.genpackStops, "The imported blueprint does not compile, so gp import wrote nothing.", {
      location: { file: blueprint },
      hint: "Where the problems above lie outside the blueprint (a tsconfig.json, an installed genpack-ts), fix them and import again; in the blueprint itself, they are a fault of gp import, please report them with the artifact.",
    });
    return { diagnostics: [...compiled.diagnostics, failure], checked: 0 };
  }
  const parsed = parseJson5(Buffer.from(emitted.data).toString("utf8"));
  const read = readArtifact(original, { check: false });
  if (!parsed.ok || !read.ok) return { diagnostics: [fault("The imported blueprint's genpack.json5 cannot be read")], checked: 0 };
  const before = fromSyntax(read.artifact.document.root);
  const after = fromSyntax(parsed.document.root);
  const variants = isDictionary(before) && isDictionary(before.get("variants")) ? [...(before.get("variants") as Map<string, unknown>).keys()] : [];
  let checked = 0;
  for (const arch of ARCHES) {
    for (const variant of [null, ...variants]) {
      const options = { arch, variant, semantics: "docs" as const, directoryName: basename(read.artifact.directory) };
      const expected = resolve(before, options);
      const actual = resolve(after, options);
      checked++;
      const same = expected.ok && actual.ok ? isDeepStrictEqual(effectiveResolution(expected.resolution), effectiveResolution(actual.resolution)) : expected.ok === actual.ok;
      if (!same) return { diagnostics: [fault(`The imported blueprint resolves differently from the artifact for ${arch}${variant === null ? "" : `, variant ${variant}`}`)], checked };
    }
  }
  return { diagnostics: [], checked };
}
