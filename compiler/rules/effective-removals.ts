import type { Arch } from "../../dsl/index.js";
import { archesByBlocks, archKeyApplies } from "../../genpack/arch-blocks.js";
import { codes } from "../../errors/codes.js";
import { blocksOf, itemsOf, type MergedBlock, type Sourced } from "../merge-layers.js";
import { UniqueValues } from "../../genpack/unique-values.js";
import { applyPackageOperations, packageOperations, type PackageOperation } from "../package-list.js";
import { quote } from "../../errors/quote.js";
import type { Rule } from "./finding.js";

/** A block's own arch blocks that apply to `arch`, in the order written. */
function matching(block: MergedBlock, arch: string): MergedBlock[] {
  return [...blocksOf(block, "arch")].filter(([key]) => archKeyApplies(key, arch)).map(([, inner]) => inner);
}

/**
 * A removal must remove something in at least one build: some arch, with some variant or none.
 * genpack applies the top level, then matching arch blocks, then the variant and its arch
 * blocks, each removal acting on what came before it; a removal that never finds its exact atom
 * does nothing, and genpack says nothing about it.
 *
 * The top level and its arch blocks are applied once per set of arches they treat alike, and each
 * variant over an overlay of them, so the cost is the size of the spec, not its size times the number of variants.
 */
export const effectiveRemovals: Rule = (merged) => {
  const matched = new Set<Sourced>();
  const removals = new Map<Sourced, PackageOperation>();
  const apply = (present: UniqueValues, blocks: readonly MergedBlock[]) => {
    for (const block of blocks) {
      const operations = packageOperations(itemsOf(block, "packages"));
      const missed = new Set(applyPackageOperations(present, operations).map((operation) => operation.item));
      for (const operation of operations) {
        if (operation.kind !== "remove") continue;
        removals.set(operation.item, operation);
        if (!missed.has(operation.item)) matched.add(operation.item);
      }
    }
  };
  const variants = [...blocksOf(merged, "variants").values()];
  for (const arches of archesByBlocks(blocksOf(merged, "arch").keys())) {
    const top = UniqueValues.empty();
    apply(top, [merged, ...matching(merged, arches[0] as Arch)]);
    for (const arch of arches) for (const variant of variants) apply(top.overlay(), [variant, ...matching(variant, arch)]);
  }
  return [...removals]
    .filter(([item]) => !matched.has(item))
    .map(([item, { atom }]) => {
      return {
        entry: codes.removalMatchesNothing,
        severity: "warning" as const,
        message: `remove(${quote(atom)}) removes nothing for any arch or variant: nothing adds exactly ${quote(atom)} before it.`,
        at: item.origin,
        hint: "A removal matches the exact atom string, and acts only on what the blocks applied before it added (profiles, the top level, then arch blocks, then the variant). It cannot remove what the Portage profile adds.",
      };
    });
};
