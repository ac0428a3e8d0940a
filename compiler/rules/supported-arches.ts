import { ARCHES, PORTAGE_PROFILE_ARCHES, type Arch, type PortageProfile } from "../../dsl/index.js";
import { codes } from "../../errors/codes.js";
import { blocksOf, firstOriginOf, itemsOf, scalarOf, type MergedBlock, type Origin } from "../merge-layers.js";
import type { Finding, Rule } from "./finding.js";
import { quote } from "../../errors/quote.js";

/** One reason an image exists for fewer arches: a layer's `arches`, or its Portage profile. */
export interface ArchLimit {
  readonly arches: readonly Arch[];
  readonly why: string;
  readonly at: Origin;
}

/** The arches an image exists for, and what limits them. */
export interface SupportedArches {
  readonly arches: readonly Arch[];
  readonly limits: readonly ArchLimit[];
}

/**
 * The arches an image exists for: those every layer's `arches` allows, and for which
 * genpack-overlay has the image's Portage profile.
 */
export function supportedArches(merged: MergedBlock): SupportedArches {
  const limits: ArchLimit[] = itemsOf(merged, "arches").map((item) => ({ arches: item.value as Arch[], why: `\`arches\` is ${(item.value as string[]).join(", ")}`, at: item.origin }));
  const profile = scalarOf(merged, "profile");
  if (profile !== undefined) {
    const name = profile.value as PortageProfile;
    limits.push({ arches: PORTAGE_PROFILE_ARCHES[name], why: `genpack-overlay has the Portage profile ${quote(name)} for ${PORTAGE_PROFILE_ARCHES[name].join(", ")} only`, at: profile.origin });
  }
  const arches = ARCHES.filter((arch) => limits.every((limit) => limit.arches.includes(arch)));
  return { arches, limits };
}

/**
 * An image must exist for some arch, and its arch blocks should name arches it exists for; a
 * block for another arch never applies.
 */
export const archesLeft: Rule = (merged) => {
  const { arches, limits } = supportedArches(merged);
  const findings: Finding[] = [];
  const [first, ...others] = limits.filter((limit) => limit.arches.length < ARCHES.length);
  if (arches.length === 0 && first !== undefined) {
    findings.push({
      entry: codes.noArchLeft,
      severity: "error",
      message: `No arch is left that the image exists for: ${[first, ...others].map((limit) => limit.why).join("; ")}.`,
      at: first.at,
      related: others.map((limit) => ({ message: `Here ${limit.why}.`, at: limit.at })),
    });
    return findings;
  }
  const check = (block: MergedBlock) => {
    for (const [key, archBlock] of blocksOf(block, "arch")) {
      if (key.split("|").some((arch) => arches.includes(arch as Arch))) continue;
      const at = firstOriginOf(archBlock);
      if (at === undefined) continue;
      findings.push({
        entry: codes.deadArchBlock,
        severity: "warning",
        message: `The arch block ${quote(key)} never applies: the image exists for ${arches.join(", ")} only.`,
        at: { ...at, path: at.path.slice(0, at.path.indexOf("arch") + 2) },
      });
    }
  };
  check(merged);
  for (const variant of blocksOf(merged, "variants").values()) check(variant);
  return findings;
};
