import { ARCHES } from "../../dsl/index.js";
import { codes } from "../codes.js";
import { formatValuePath, warning, type Diagnostic, type ValuePath } from "../diagnostics.js";
import type { ValueNode } from "../json5/syntax.js";
import { locateInDocument } from "./locate.js";
import { isDictionary, mergeGenpackJson, PHASE_KEYS, type Trunk } from "./merge.js";
import { fromSyntax, PythonError } from "./python.js";

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
  const names: (string | undefined)[] = [undefined, ...(isDictionary(variants) ? [...variants.keys()] : [])];
  const seen = new Map<string, { path: ValuePath; matched: boolean }>();
  try {
    for (const arch of ARCHES) {
      for (const variant of names) {
        mergeGenpackJson(new Map() as Trunk, json, ["genpack.json"], PHASE_KEYS.lower, {
          arch,
          variant,
          semantics: "docs",
          onRemoval: (path, index, matched) => {
            const at = [...keyPath(path), "packages", index];
            const key = JSON.stringify(at);
            const known = seen.get(key);
            seen.set(key, { path: at, matched: matched || known?.matched === true });
          },
        });
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
