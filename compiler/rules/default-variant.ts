import { codes } from "../../errors/codes.js";
import { blocksOf, scalarOf } from "../merge-layers.js";
import type { Rule } from "./finding.js";
import { quote, quoteList } from "../../errors/quote.js";

/** `defaultVariant` must name a variant, or genpack refuses to build. */
export const defaultVariantExists: Rule = (merged) => {
  const chosen = scalarOf(merged, "defaultVariant");
  if (chosen === undefined) return [];
  const names = [...blocksOf(merged, "variants").keys()];
  if (names.includes(chosen.value as string)) return [];
  return [
    {
      entry: codes.unknownDefaultVariant,
      severity: "error",
      message:
        names.length === 0
          ? `The default variant ${quote(String(chosen.value))} does not exist; the image has no variants.`
          : `The default variant ${quote(String(chosen.value))} does not exist; the variants are ${quoteList(names)}.`,
      at: chosen.origin,
    },
  ];
};
