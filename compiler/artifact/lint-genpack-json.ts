import type { Arch } from "../../dsl/index.js";
import { archesByBlocks } from "../../genpack/arch-blocks.js";
import { codes } from "../../errors/codes.js";
import { formatValuePath, warning, type Diagnostic, type ValuePath } from "../../errors/diagnostics.js";
import type { ValueNode } from "../../genpack/json5/syntax.js";
import { locateInDocument } from "./locate.js";
import { isDictionary, mergeGenpackJson, mergeVariant, PHASE_KEYS, type MergeTarget } from "../../genpack/merge.js";
import { fromSyntax, PythonError } from "../../genpack/python.js";
import { UniqueValues } from "../../genpack/unique-values.js";

/** A genpack path such as `genpack.json > variant=cuda > arch=x86_64` as a key path. */
function keyPath(genpackPath: readonly string[]): ValuePath {
  return genpackPath.slice(1).flatMap((part) => {
    const [kind, name = ""] = part.split(/=(.*)/s);
    return kind === "variant" ? ["variants", name] : ["arch", name];
  });
}

/**
 * Removals that never remove anything: a `-atom` in `packages` that, for every arch and every
 * variant (and none), finds no exact `atom` added before it. genpack forgets such a removal
 * silently; usually the atom is spelled differently, or comes from the Portage profile, which
 * `-atom` cannot touch.
 */
function idleRemovals(file: string, root: ValueNode): Diagnostic[] {
  const json = fromSyntax(root);
  if (!isDictionary(json)) return [];
  const variants = json.get("variants");
  const names = isDictionary(variants) ? [...variants.keys()] : [];
  const seen = new Map<string, { path: ValuePath; matched: boolean }>();
  const onRemoval: MergeTarget["onRemoval"] = (path, index, matched) => {
    const key = `${JSON.stringify(path)}${index}`;
    const known = seen.get(key);
    if (known === undefined) seen.set(key, { path: [...keyPath(path), "packages", index], matched });
    else if (matched) known.matched = true;
  };
  try {
    const blocks = json.get("arch");
    for (const arches of archesByBlocks(isDictionary(blocks) ? blocks.keys() : [])) {
      // The top level and its arch blocks are merged once for the arches they treat alike, each
      // variant over them: merging the whole file again for every variant and arch would cost
      // their number times its size.
      const packages = UniqueValues.empty();
      mergeGenpackJson(new Map(), json, ["genpack.json"], PHASE_KEYS.lower, { arch: arches[0] as Arch, variant: undefined, semantics: "docs", onRemoval, packages });
      for (const arch of arches) {
        for (const variant of names) mergeVariant(new Map(), json, ["genpack.json"], { arch, variant, semantics: "docs", onRemoval, packages: packages.overlay() });
      }
    }
  } catch (problem) {
    if (problem instanceof PythonError) return [];
    throw problem;
  }
  return [...seen.values()]
    .filter((removal) => !removal.matched)
    .map((removal) =>
      warning(codes.removalMatchesNothing, `${formatValuePath(removal.path)}: this removal removes nothing for any arch or variant; a removal matches the exact atom string added before it, and cannot remove what the Portage profile adds.`, {
        location: locateInDocument(file, root, removal.path),
        path: removal.path,
      }),
    );
}

/** Warnings about a valid genpack.json5 that need more than one key at a time to see. */
export function lintGenpackJson(file: string, root: ValueNode): Diagnostic[] {
  return idleRemovals(file, root);
}
