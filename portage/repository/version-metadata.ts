import { scanLicense } from "../dependency.js";
import { isKeyword, isUseFlag } from "../use-flags.js";
import type { CatalogVariable } from "./ebuild-assignments.js";

/** What one version of a package (one ebuild) contributes to the catalog. */
export interface VersionMetadata {
  /** PVR, such as `1.2.3-r1`. */
  readonly version: string;
  /** IUSE flags without their `+`/`-` defaults, in IUSE order. */
  readonly flags: readonly string[];
  readonly keywords: readonly string[];
  /** The main slot (before any `/`), or undefined when SLOT is empty or unknown. */
  readonly slot: string | undefined;
  readonly licenses: readonly string[];
  readonly description: string;
}

/** A token of IUSE or KEYWORDS that is not a flag or keyword, which the catalog leaves out. */
export interface RejectedToken {
  readonly variable: CatalogVariable;
  readonly token: string;
}

const words = (value: string | undefined): string[] => (value ?? "").split(/\s+/).filter((word) => word !== "");

/**
 * One version's metadata from its variables, however they were read (metadata cache or ebuild
 * text): IUSE defaults stripped, the license names of LICENSE without its operators.
 */
export function versionMetadataOf(version: string, valueOf: (variable: CatalogVariable) => string | undefined): { metadata: VersionMetadata; rejected: RejectedToken[] } {
  const rejected: RejectedToken[] = [];
  const flags: string[] = [];
  for (const token of words(valueOf("IUSE"))) {
    const flag = token.startsWith("+") || token.startsWith("-") ? token.slice(1) : token;
    if (isUseFlag(flag)) flags.push(flag);
    else rejected.push({ variable: "IUSE", token });
  }
  const keywords: string[] = [];
  for (const token of words(valueOf("KEYWORDS"))) {
    if (isKeyword(token)) keywords.push(token);
    else rejected.push({ variable: "KEYWORDS", token });
  }
  const slot = words(valueOf("SLOT"))[0]?.split("/")[0];
  const license = valueOf("LICENSE");
  return {
    metadata: {
      version,
      flags,
      keywords,
      slot: slot === "" ? undefined : slot,
      licenses: license === undefined ? [] : [...scanLicense(license).atoms],
      description: words(valueOf("DESCRIPTION")).join(" "),
    },
    rejected,
  };
}
