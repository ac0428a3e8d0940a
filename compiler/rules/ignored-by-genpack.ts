import { codes } from "../../errors/codes.js";
import { blocksOf, itemsOf, scalarOf, type MergedBlock, type Sourced } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { quote } from "../../errors/quote.js";

/**
 * Settings genpack's documentation promises but its code does not apply (genpack-builder notes
 * §11): a variant's `name`, `profile` and `outfile`, and `setup_commands` anywhere but the top
 * level. gp writes them, since they are what the user means, and says what genpack will do.
 */
export const ignoredByGenpack: Rule = (merged: MergedBlock) => {
  const findings: Finding[] = [];
  const topProfile = scalarOf(merged, "profile")?.value as string | undefined;
  for (const [variantName, variant] of blocksOf(merged, "variants")) {
    for (const field of ["name", "profile", "outfile"] as const) {
      const setting = scalarOf(variant, field);
      if (setting === undefined) continue;
      const fallback =
        field === "profile" ? (topProfile === undefined ? "no profile" : `the top-level profile ${quote(topProfile)}`) : field === "name" ? "the top-level name" : "the top-level output file";
      findings.push({
        entry: codes.ignoredByGenpack,
        severity: "warning",
        message: `genpack reads \`${field}\` only at the top level, so it builds the variant ${quote(variantName)} with ${fallback}, although its documentation says a variant may set it.`,
        at: setting.origin,
      });
    }
    findings.push(...ignoredSetupCommands(variant, `the variant ${quote(variantName)}`));
    for (const [archKey, block] of blocksOf(variant, "arch")) findings.push(...ignoredInArchBlock(block, `an arch block (${archKey}) of the variant ${quote(variantName)}`));
  }
  for (const [archKey, block] of blocksOf(merged, "arch")) findings.push(...ignoredInArchBlock(block, `the arch block ${archKey}`));

  const outfile = scalarOf(merged, "outfile");
  if (outfile !== undefined && blocksOf(merged, "variants").size > 0) {
    findings.push({
      entry: codes.sharedOutfile,
      severity: "warning",
      message: `With a top-level \`outfile\`, genpack writes every variant to ${quote(String(outfile.value))}, each build replacing the last.`,
      at: outfile.origin,
      hint: "Leave `outfile` out to get <name>-<variant>-<arch>.squashfs per variant.",
    });
  }
  return findings;
};

function ignoredInArchBlock(block: MergedBlock, where: string): Finding[] {
  const first = scalarOf(block, "buildtimePackagesFirst");
  const ignoredFirst: Finding[] =
    first === undefined
      ? []
      : [
          {
            entry: codes.ignoredByGenpack,
            severity: "warning",
            message: `genpack reads \`buildtime_packages_first\` only at the top level and in variants; it skips the one in ${where}, although its documentation says arch blocks merge it.`,
            at: first.origin,
          },
        ];
  return [...ignoredFirst, ...ignoredSetupCommands(block, where)];
}

function ignoredSetupCommands(block: MergedBlock, where: string): Finding[] {
  const [first] = itemsOf(block, "setupCommands") as Sourced[];
  if (first === undefined) return [];
  return [
    {
      entry: codes.ignoredByGenpack,
      severity: "warning",
      message: `genpack runs only the top-level \`setup_commands\`; it skips those of ${where}, although its documentation says they are merged.`,
      at: first.origin,
    },
  ];
}
