import type { UniqueValues } from "../genpack/unique-values.js";
import type { Sourced } from "./merge-layers.js";

/** One entry of a `packages` list: an atom to add, or an atom to remove. */
export interface PackageOperation {
  readonly kind: "add" | "remove";
  readonly atom: string;
  readonly item: Sourced;
}

/** Reads validated `packages` items: strings add, `{ remove }` values remove. */
export function packageOperations(items: readonly Sourced[]): PackageOperation[] {
  return items.map((item) => {
    const value = item.value;
    if (typeof value === "string") return { kind: "add", atom: value, item };
    return { kind: "remove", atom: (value as { remove: string }).remove, item };
  });
}

/**
 * genpack's `packages` merge, applied to `present`: an added atom is appended unless the exact
 * string is already there; a removal deletes the exact string if present and is otherwise
 * forgotten, so a later block can add the atom back. Returns the removals that found nothing
 * to remove. Each operation is one lookup, however long the list.
 */
export function applyPackageOperations(present: UniqueValues, operations: readonly PackageOperation[]): PackageOperation[] {
  const unmatched: PackageOperation[] = [];
  for (const operation of operations) {
    if (operation.kind === "add") present.add(operation.atom);
    else if (!present.remove(operation.atom)) unmatched.push(operation);
  }
  return unmatched;
}
