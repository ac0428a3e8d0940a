import { ARCHES } from "../../dsl/index.js";
import { codes } from "../codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Sourced } from "../merge-layers.js";
import { applyPackageOperations, packageOperations, type PackageOperation } from "../package-list.js";
import type { Rule } from "./finding.js";

/** The blocks genpack applies for one arch and variant, in its order. */
function blocksFor(merged: MergedBlock, arch: string, variant: MergedBlock | undefined): MergedBlock[] {
  const matching = (block: MergedBlock) => [...blocksOf(block, "arch")].filter(([key]) => key.split("|").includes(arch)).map(([, inner]) => inner);
  return [merged, ...matching(merged), ...(variant === undefined ? [] : [variant, ...matching(variant)])];
}

/**
 * A removal must remove something in at least one build: some arch, with some variant or none.
 * genpack applies the top level, then matching arch blocks, then the variant and its arch
 * blocks, each removal acting on what came before it; a removal that never finds its exact atom
 * does nothing, and genpack says nothing about it.
 */
export const effectiveRemovals: Rule = (merged) => {
  const matched = new Set<Sourced>();
  const removals = new Map<Sourced, PackageOperation>();
  const variants: (MergedBlock | undefined)[] = [undefined, ...blocksOf(merged, "variants").values()];
  for (const arch of ARCHES) {
    for (const variant of variants) {
      let trunk: Sourced[] = [];
      for (const block of blocksFor(merged, arch, variant)) {
        const operations = packageOperations(itemsOf(block, "packages"));
        for (const operation of operations) if (operation.kind === "remove") removals.set(operation.item, operation);
        const { result, unmatched } = applyPackageOperations(trunk, operations);
        const missed = new Set(unmatched.map((operation) => operation.item));
        for (const operation of operations) if (operation.kind === "remove" && !missed.has(operation.item)) matched.add(operation.item);
        trunk = result;
      }
    }
  }
  return [...removals]
    .filter(([item]) => !matched.has(item))
    .map(([item, { atom }]) => {
      return {
        entry: codes.removalMatchesNothing,
        severity: "warning" as const,
        message: `remove("${atom}") removes nothing for any arch or variant: nothing adds exactly "${atom}" before it.`,
        at: item.origin,
        hint: "A removal matches the exact atom string, and acts only on what the blocks applied before it added (profiles, the top level, then arch blocks, then the variant). It cannot remove what the Portage profile adds.",
      };
    });
};
