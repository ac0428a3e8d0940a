import { codes } from "../codes.js";
import { itemsOf } from "../merge-layers.js";
import { applyPackageOperations, packageOperations } from "../package-list.js";
import type { Rule } from "./finding.js";

/**
 * A removal at the top level only sees what profiles and earlier entries added at the top level;
 * genpack applies arch blocks and variants afterwards, so it cannot reach what they add.
 */
export const effectiveRemovals: Rule = (merged) => {
  const { unmatched } = applyPackageOperations([], packageOperations(itemsOf(merged, "packages")));
  return unmatched.map((operation) => ({
    entry: codes.removalMatchesNothing,
    severity: "warning" as const,
    message: `remove("${operation.atom}") removes nothing: no profile or earlier entry adds exactly "${operation.atom}" at the top level.`,
    at: operation.item.origin,
    hint: "A removal matches the exact atom string. To remove an atom that an arch block or variant adds, put the removal in that block.",
  }));
};
