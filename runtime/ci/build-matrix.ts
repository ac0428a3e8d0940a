import { dirname, join, relative, sep } from "node:path";
import type { Arch } from "../../dsl/index.js";
import { check, defaultOutDir, hasErrors, imageMatrix, type Diagnostic } from "../../compiler/index.js";
import { resolveCompiled } from "../../compiler/artifact/resolve-target.js";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import { codes } from "../../errors/codes.js";
import { error } from "../../errors/diagnostics.js";
import { quote } from "../../errors/quote.js";
import { typedResolution } from "../../genpack/resolution.js";
import { findBlueprints } from "../build/find-blueprints.js";
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
  | {
      readonly ok: true;
      /** The folder with its links resolved, which the cells' paths are relative to. */
      readonly root: string;
      readonly cells: readonly BuildCell[];
      readonly blueprints: readonly string[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The arch a CI job builds an image for when no layer of it names any. `gp build --all` takes
 * the machine's own arch then; a CI file is written on one machine and run on others, so it
 * takes the arch of the engines' default runners (GitHub's ubuntu-24.04, GitLab's shared
 * runners), x86_64, rather than that of whoever wrote the file.
 */
export const CI_DEFAULT_ARCH: Arch = "x86_64";

/**
 * What a path in a CI file may hold: no space, quote, `$`, `{` or `:` that YAML, the shell or a
 * CI engine's expressions would read as something other than a name.
 */
const FIT_FOR_CI = /^[A-Za-z0-9_.+/-]+$/;

/** A path below `root`, as CI files write it: relative, with `/`. */
function inProject(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}

function unfitPath(root: string, path: string): Diagnostic {
  return error(codes.pathUnfitForCi, `${quote(path)} holds characters other than letters, digits and \`_ . + / -\`, which the CI file would not carry as a name.`, {
    location: { file: join(root, path) },
    hint: "Rename the blueprint or its folder.",
  });
}

/**
 * The CI matrix of a project folder: the blueprints `gp build --all` builds there (the same walk,
 * passing over the same folders and refusing the same links), for every arch and variant each
 * declares ({@link CI_DEFAULT_ARCH} when it names no arch), in the order of the blueprints'
 * paths, then arch, then variant. Every blueprint is compiled as `gp check` compiles it; one that
 * does not compile, or does not resolve for one of its cells, fails the whole matrix with its
 * diagnostics, so that a CI file never leaves an image out unnoticed.
 */
export async function buildMatrix(folder: string, options: { readonly evaluation?: EvaluateOptions } = {}): Promise<BuildMatrixResult> {
  const found = findBlueprints(folder);
  if (!found.ok) return found;
  const { root } = found;
  const blueprints = found.blueprints.map((path) => inProject(root, path));
  const unfit = blueprints.filter((blueprint) => !FIT_FOR_CI.test(blueprint)).map((blueprint) => unfitPath(root, blueprint));
  if (unfit.length > 0) return { ok: false, diagnostics: unfit };
  const compiled = await check(found.blueprints, { cwd: root, ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }) });
  const diagnostics: Diagnostic[] = [];
  const cells: BuildCell[] = [];
  compiled.forEach((result, index) => {
    const blueprint = blueprints[index] as string;
    diagnostics.push(...result.diagnostics);
    if (!result.ok || result.merged === undefined || result.name === undefined) return;
    const artifactDir = defaultOutDir(result.entry, result.name);
    const matrix = imageMatrix(result.merged);
    for (const arch of matrix.arches ?? [CI_DEFAULT_ARCH]) {
      for (const variant of matrix.variants) {
        const resolved = resolveCompiled(result, { arch, variant, semantics: "docs", cwd: root });
        diagnostics.push(...resolved.diagnostics.filter((diagnostic) => !result.diagnostics.includes(diagnostic)));
        if (!resolved.ok || hasErrors(resolved.diagnostics)) continue;
        const image = inProject(root, imageOfTarget({ artifactDir, arch, variant, resolution: typedResolution(resolved.resolution) }));
        if (!FIT_FOR_CI.test(image)) {
          diagnostics.push(unfitPath(root, image));
          continue;
        }
        cells.push({ blueprint, name: result.name, arch, variant, image, lock: inProject(root, join(dirname(result.entry), LOCK_FILE_NAME)) });
      }
    }
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, root, cells, blueprints, diagnostics };
}
