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
 * genpack's `packages` merge, applied to `trunk`: an added atom is appended unless the exact
 * string is already there; a removal deletes the exact string if present and is otherwise
 * forgotten, so a later block can add the atom back. Returns the new list and the removals
 * that found nothing to remove.
 */
export function applyPackageOperations(
  trunk: readonly Sourced[],
  operations: readonly PackageOperation[],
): { readonly result: Sourced[]; readonly unmatched: PackageOperation[] } {
  const result = [...trunk];
  const unmatched: PackageOperation[] = [];
  for (const operation of operations) {
    const index = result.findIndex((item) => item.value === operation.atom);
    if (operation.kind === "add") {
      if (index === -1) result.push({ value: operation.atom, origin: operation.item.origin });
    } else if (index === -1) {
      unmatched.push(operation);
    } else {
      result.splice(index, 1);
    }
  }
  return { result, unmatched };
}
