import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import type { Arch } from "../../dsl/index.js";
import { blocksOf, check, defaultOutDir, hasErrors, supportedArches, type Diagnostic } from "../../compiler/index.js";
import { resolveCompiled } from "../../compiler/artifact/resolve-target.js";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import { codes } from "../../errors/codes.js";
import { error } from "../../errors/diagnostics.js";
import { quote } from "../../errors/quote.js";
import { typedResolution } from "../../genpack/resolution.js";
import { imageOfTarget } from "../build/pack/pack-phase.js";
import { LOCK_FILE_NAME } from "../inputs/lockfile.js";

/** One job of the CI matrix: a blueprint built for one arch and variant. Paths are relative to the project folder, with `/`. */
export interface BuildCell {
  readonly blueprint: string;
  /** The image's name, as the blueprint sets it. */
  readonly name: string;
  readonly arch: Arch;
  /** The variant built, or null for an image that has none. */
  readonly variant: string | null;
  /** The image gp build writes. */
  readonly image: string;
  /** gp.lock beside the blueprint, which pins the build's inputs. */
  readonly lock: string;
}

export type BuildMatrixResult =
  | { readonly ok: true; readonly cells: readonly BuildCell[]; readonly blueprints: readonly string[]; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** A blueprint's file name, as gp init and gp import write them. */
const BLUEPRINT = /\.image\.(?:[cm]?ts|[cm]?js)$/;

/**
 * What a path in a CI file may hold: no space, quote, `$`, `{` or `:` that YAML, the shell or a
 * CI engine's expressions would read as something other than a name.
 */
const FIT_FOR_CI = /^[A-Za-z0-9_.+/-]+$/;

/**
 * The blueprints in a folder and the folders below it, sorted, as paths relative to it. Links are
 * not followed (a link out of the project would bring in blueprints that are not its own), nor
 * are `node_modules` and folders whose names start with a dot (`.git`, `.gp-cache`).
 */
export function findBlueprints(root: string): string[] {
  const found: string[] = [];
  const pending = [root];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) pending.push(path);
      } else if (entry.isFile() && BLUEPRINT.test(entry.name)) found.push(relative(root, path).split(sep).join("/"));
    }
  }
  return found.sort();
}

function unfitPath(root: string, path: string): Diagnostic {
  return error(codes.pathUnfitForCi, `${quote(path)} holds characters other than letters, digits and \`_ . + / -\`, which the CI file would not carry as a name.`, {
    location: { file: join(root, path) },
    hint: "Rename the blueprint or its folder.",
  });
}

/**
 * The CI matrix of a project folder: every blueprint in it, for every arch it exists for and
 * every variant it declares (or none, when it declares none), in the order of the blueprints'
 * paths, then arch, then variant. Every blueprint is compiled as `gp check` compiles it; one
 * that does not compile, or does not resolve for one of its cells, fails the whole matrix with
 * its diagnostics, so that a CI file never leaves an image out unnoticed.
 */
export async function buildMatrix(root: string, options: { readonly evaluation?: EvaluateOptions } = {}): Promise<BuildMatrixResult> {
  const kind = statSync(root, { throwIfNoEntry: false });
  if (kind === undefined || !kind.isDirectory()) {
    return {
      ok: false,
      diagnostics: [error(codes.noBlueprintsForCi, `${root} ${kind === undefined ? "does not exist" : "is not a folder"}.`, { location: { file: root }, hint: "Name the folder that holds the blueprints." })],
    };
  }
  const blueprints = findBlueprints(root);
  if (blueprints.length === 0) {
    return {
      ok: false,
      diagnostics: [
        error(codes.noBlueprintsForCi, `${root} holds no blueprint (*.image.ts) in it or the folders below it.`, {
          location: { file: root },
          hint: "Name the folder that holds the blueprints.",
        }),
      ],
    };
  }
  const unfit = blueprints.filter((blueprint) => !FIT_FOR_CI.test(blueprint)).map((blueprint) => unfitPath(root, blueprint));
  if (unfit.length > 0) return { ok: false, diagnostics: unfit };
  const compiled = await check(
    blueprints.map((blueprint) => join(root, blueprint)),
    { cwd: root, ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }) },
  );
  const diagnostics: Diagnostic[] = [];
  const cells: BuildCell[] = [];
  compiled.forEach((result, index) => {
    const blueprint = blueprints[index] as string;
    diagnostics.push(...result.diagnostics);
    if (!result.ok || result.merged === undefined || result.name === undefined) return;
    const artifactDir = defaultOutDir(result.entry, result.name);
    const variants: (string | null)[] = [...blocksOf(result.merged, "variants").keys()];
    for (const arch of supportedArches(result.merged).arches) {
      for (const variant of variants.length === 0 ? [null] : variants) {
        const resolved = resolveCompiled(result, { arch, variant, semantics: "docs", cwd: root });
        diagnostics.push(...resolved.diagnostics.filter((diagnostic) => !result.diagnostics.includes(diagnostic)));
        if (!resolved.ok || hasErrors(resolved.diagnostics)) continue;
        const image = imageOfTarget({ artifactDir, arch, variant, resolution: typedResolution(resolved.resolution) });
        const relativeImage = relative(root, image).split(sep).join("/");
        if (!FIT_FOR_CI.test(relativeImage)) {
          diagnostics.push(unfitPath(root, relativeImage));
          continue;
        }
        cells.push({ blueprint, name: result.name, arch, variant, image: relativeImage, lock: relative(root, join(dirname(result.entry), LOCK_FILE_NAME)).split(sep).join("/") });
      }
    }
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, cells, blueprints, diagnostics };
}
