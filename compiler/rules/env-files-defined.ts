import { codes } from "../../errors/codes.js";
import { blocksOf, entriesOf, type MergedBlock } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { excerpt, quote, quoteList } from "../../errors/quote.js";

/** Blocks where `env` may appear: the top level, arch blocks, variants and their arch blocks. */
function allBlocks(merged: MergedBlock): MergedBlock[] {
  const blocks: MergedBlock[] = [merged, ...blocksOf(merged, "arch").values()];
  for (const variant of blocksOf(merged, "variants").values()) blocks.push(variant, ...blocksOf(variant, "arch").values());
  return blocks;
}

/** Every file `env` names must be one of `envFiles`, since genpack syncs env/ with --delete. */
export const envFilesDefined: Rule = (merged) => {
  const defined = new Set(entriesOf(merged, "envFiles").keys());
  const findings: Finding[] = [];
  for (const block of allBlocks(merged)) {
    for (const [atom, entry] of entriesOf(block, "env")) {
      const names = Array.isArray(entry.value) ? (entry.value as string[]) : [entry.value as string];
      for (const name of names) {
        if (defined.has(name)) continue;
        findings.push({
          entry: codes.unknownEnvFile,
          severity: "error",
          message: `\`env\` applies ${quote(name)} to ${excerpt(atom)}, but no environment file of that name is defined.`,
          at: entry.origin,
          hint: defined.size === 0 ? `Define it in \`envFiles: { ${quote(name)}: "..." }\`.` : `Define it in \`envFiles\`, or use one of ${quoteList([...defined])}.`,
        });
      }
    }
  }
  return findings;
};
