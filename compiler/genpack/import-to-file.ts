import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { ARCHES } from "../../dsl/index.js";
import { codes } from "../codes.js";
import { error, hasErrors, type Diagnostic } from "../diagnostics.js";
import type { EvaluateOptions } from "../evaluate.js";
import { compile } from "../pipeline.js";
import { importArtifact } from "./import-artifact.js";
import { readArtifact } from "./read-artifact.js";
import { parseJson5 } from "../json5/parse.js";
import { effectiveResolution } from "./resolve-target.js";
import { resolve } from "./resolve.js";
import { fromSyntax } from "./python.js";
import { isDictionary } from "./merge.js";

/** The subdirectories of an artifact that a blueprint references. */
const DATA_DIRECTORIES = ["files", "kernel", "env", "savedconfig", "patches", "overlay"];

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

function isInside(child: string, parent: string): boolean {
  const rest = relative(parent, child);
  return rest === "" || (!rest.startsWith("..") && !isAbsolute(rest));
}

/**
 * `gp import`: writes a blueprint for an artifact directory, copying its subdirectories beside
 * the blueprint when the blueprint goes outside the artifact (a blueprint only reads files below
 * its own folder). Nothing existing is replaced without `force`. The result is checked before it
 * counts: the blueprint must compile, type-check included, and resolve exactly like the
 * original for every arch and every variant, and for none.
 */
export async function importToFile(target: string, options: ImportOptions = {}): Promise<ImportToFileResult> {
  const cwd = options.cwd ?? process.cwd();
  const read = readArtifact(resolvePath(cwd, target), { check: true });
  if (!read.ok) return { ok: false, diagnostics: read.diagnostics };
  const artifact = read.artifact;
  const json = fromSyntax(artifact.document.root);
  const name = isDictionary(json) && typeof json.get("name") === "string" ? (json.get("name") as string) : basename(artifact.directory);
  const blueprint = options.output === undefined ? join(artifact.directory, `${name}.image.ts`) : resolvePath(cwd, options.output);
  const base = dirname(blueprint);
  const copyData = !isInside(artifact.directory, base);
  const toCopy = copyData ? DATA_DIRECTORIES.filter((directory) => existsSync(join(artifact.directory, directory))) : [];
  const taken = [blueprint, ...toCopy.map((directory) => join(base, directory))].filter((path) => existsSync(path));
  if (taken.length > 0 && options.force !== true) {
    return {
      ok: false,
      diagnostics: [
        error(codes.outputNotOwned, `${taken.map((path) => relative(cwd, path) || path).join(", ")} already exist${taken.length === 1 ? "s" : ""}; gp import does not replace what is there.`, {
          location: { file: taken[0] as string },
          hint: "Choose another place with -o, or pass --force to replace it.",
        }),
      ],
    };
  }

  const imported = importArtifact(artifact, base, copyData ? base : artifact.directory);
  const diagnostics: Diagnostic[] = [...read.diagnostics, ...imported.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };

  const copied: string[] = [];
  mkdirSync(base, { recursive: true });
  for (const directory of toCopy) {
    rmSync(join(base, directory), { recursive: true, force: true });
    cpSync(join(artifact.directory, directory), join(base, directory), { recursive: true, verbatimSymlinks: true });
    makeOwnerWritable(join(base, directory));
    copied.push(join(base, directory));
  }
  const partial = join(base, `.${basename(blueprint)}.${process.pid}.tmp`);
  writeFileSync(partial, imported.source);
  renameSync(partial, blueprint);

  const verified = await verifyImport(artifact.directory, blueprint, cwd, options.evaluation);
  if (hasErrors(verified.diagnostics)) {
    // A blueprint that does not mean what the artifact means is worse than none.
    rmSync(blueprint, { force: true });
    for (const directory of copied) rmSync(directory, { recursive: true, force: true });
    return { ok: false, diagnostics: [...diagnostics, ...verified.diagnostics] };
  }
  return { ok: true, blueprint, copied, checked: verified.checked, diagnostics: [...diagnostics, ...verified.diagnostics] };
}

/**
 * Copies keep their modes, and an artifact checked out read-only would give the new project
 * read-only folders; the copies are the user's to edit.
 */
function makeOwnerWritable(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  chmodSync(path, stats.mode | 0o200);
  if (stats.isDirectory()) for (const name of readdirSync(path)) makeOwnerWritable(join(path, name));
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
  if (!compiled.ok || emitted?.kind !== "file") return { diagnostics: [...compiled.diagnostics, fault("The imported blueprint does not compile")], checked: 0 };
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
