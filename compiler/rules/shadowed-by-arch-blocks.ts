import { codes } from "../../errors/codes.js";
import { formatValuePath } from "../../errors/diagnostics.js";
import { blocksOf, entriesOf, type MergedBlock } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { quote } from "../../errors/quote.js";

const PER_KEY_FIELDS = ["use", "acceptKeywords", "license", "env"] as const;

/**
 * Layers merge position by position and genpack applies arch blocks after the top level, so an
 * entry a profile puts in an arch block wins over the same entry at the image's top level for
 * that arch, although the image comes later. That is rarely what the image's author meant.
 */
export const shadowedByArchBlocks: Rule = (merged: MergedBlock) => {
  const findings: Finding[] = [];
  for (const field of PER_KEY_FIELDS) {
    for (const [key, top] of entriesOf(merged, field)) {
      for (const [archKey, block] of blocksOf(merged, "arch")) {
        const shadow = entriesOf(block, field).get(key);
        if (shadow === undefined || shadow.origin.layerIndex >= top.origin.layerIndex) continue;
        findings.push({
          entry: codes.shadowedSetting,
          severity: "warning",
          message: `On ${archKey.split("|").join(" and ")}, an earlier layer's arch block sets ${formatValuePath([field, key])} too, and genpack applies arch blocks after the top level, so that value wins there.`,
          at: top.origin,
          hint: `To override it, set the entry in an arch block ${quote(archKey)} of this layer too.`,
          related: [{ message: "The earlier layer's arch block sets it here.", at: shadow.origin }],
        });
      }
    }
  }
  return findings;
};
