import { codes } from "../../errors/codes.js";
import { blocksOf, replacedOf, scalarOf, type MergedBlock } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { quote } from "../../errors/quote.js";

function conflicts(block: MergedBlock, where: string): Finding[] {
  const chosen = scalarOf(block, "profile");
  if (chosen === undefined) return [];
  const other = replacedOf(block, "profile").find((earlier) => earlier.value !== chosen.value && earlier.origin.layer !== chosen.origin.layer);
  if (other === undefined) return [];
  return [
    {
      entry: codes.profileConflict,
      severity: "error",
      message: `Two different Portage profiles are set ${where}: ${quote(String(other.value))} and ${quote(String(chosen.value))}; an image is built on one.`,
      at: chosen.origin,
      hint: "Extend profiles that agree on the Portage profile, or set it once in the image.",
      related: [{ message: `${quote(String(other.value))} is set here.`, at: other.origin }],
    },
  ];
}

/** The layers of an image may not disagree on its Portage profile, at the top or in a variant. */
export const onePortageProfile: Rule = (merged) => [
  ...conflicts(merged, "for the image"),
  ...[...blocksOf(merged, "variants")].flatMap(([name, variant]) => conflicts(variant, `for the variant ${quote(name)}`)),
];
