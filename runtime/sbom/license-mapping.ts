import { isSupportedSpdxId } from "@cyclonedx/cyclonedx-library/SPDX";
import { parseDependencyTree, reduceDependencies, type Requirement } from "../../portage/dependency-tree.js";

/**
 * Gentoo LICENSE values as SPDX, through the gentoo repository's own table,
 * `metadata/license-mapping.conf`. Its section `[spdx-to-ebuild]` maps SPDX terms to Gentoo
 * names (`GPL-2.0-only = GPL-2`); read backwards it names each Gentoo license in SPDX.
 */

/** Gentoo license name -> the SPDX term that stands for it (an identifier, or `id WITH exception`). */
export type LicenseMapping = ReadonlyMap<string, string>;

/** The section of license-mapping.conf that maps SPDX terms to Gentoo license names. */
export const SPDX_SECTION = "spdx-to-ebuild";

/**
 * Which SPDX term names a Gentoo license that several terms map to: `GPL-2` is the target of
 * both the deprecated `GPL-2.0` and `GPL-2.0-only`. Terms ending in `+` are SPDX 2.0's
 * deprecated form; among the rest an explicit `-only` or `-or-later` term wins, then the
 * shortest (`BSD-2-Clause` over `BSD-2-Clause-Views`), then the first in the file.
 */
function preferred(a: string, b: string): string {
  const explicit = (term: string) => /-(?:only|or-later)$/.test(term.split(" WITH ")[0] ?? term);
  const deprecated = (term: string) => (term.split(" WITH ")[0] ?? term).endsWith("+");
  if (deprecated(a) !== deprecated(b)) return deprecated(a) ? b : a;
  if (explicit(a) !== explicit(b)) return explicit(a) ? a : b;
  return b.length < a.length ? b : a;
}

/** Whether every license of an SPDX term (`id` or `id WITH exception`) is an identifier SPDX knows. */
function knownTerm(term: string): boolean {
  const [license = "", exception] = term.split(" WITH ");
  return isSupportedSpdxId(license) && (exception === undefined || /^[A-Za-z0-9.-]+$/.test(exception));
}

/**
 * Parses license-mapping.conf. Only entries whose value is one Gentoo license name count: a
 * value that is a group of licenses says what an SPDX term means in Gentoo terms, not what a
 * Gentoo name means in SPDX. Comments (`#`, `;`), other sections and malformed lines are skipped.
 */
export function parseLicenseMapping(text: string): LicenseMapping {
  const mapping = new Map<string, string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      section = line.slice(1, -1).trim();
      continue;
    }
    if (section !== SPDX_SECTION) continue;
    const equals = line.indexOf("=");
    if (equals === -1) continue;
    const term = line.slice(0, equals).trim().split(/\s+/).join(" ");
    const value = line.slice(equals + 1).trim();
    if (value === "" || /\s|[()|?]/.test(value) || !knownTerm(term)) continue;
    const current = mapping.get(value);
    mapping.set(value, current === undefined ? term : preferred(current, term));
  }
  return mapping;
}

/** A package's license as the SBOM carries it. */
export type SpdxLicensing =
  /** Every name maps: one SPDX expression (`MIT`, `GPL-2.0-only OR MIT`). */
  | { readonly kind: "expression"; readonly expression: string; readonly single: boolean }
  /** Some name has no SPDX term: each license by itself, an SPDX id where there is one, else the Gentoo name. */
  | { readonly kind: "licenses"; readonly licenses: readonly ({ readonly id: string } | { readonly name: string })[] }
  | { readonly kind: "none" };

/**
 * A Gentoo LICENSE value in SPDX terms: USE conditionals are reduced with the package's enabled
 * flags first, `|| ( … )` groups become `OR` and plain lists `AND`.
 *
 * @throws Error when the LICENSE value's groups are unbalanced
 */
export function spdxLicensing(license: string, enabled: ReadonlySet<string>, mapping: LicenseMapping): SpdxLicensing {
  const requirements = reduceDependencies(parseDependencyTree(license), enabled);
  const names: string[] = [];
  const collect = (list: readonly Requirement[]) => {
    for (const requirement of list) {
      if (requirement.kind === "any-of") for (const alternative of requirement.alternatives) collect(alternative);
      else if (!names.includes(requirement.atom)) names.push(requirement.atom);
    }
  };
  collect(requirements);
  if (names.length === 0) return { kind: "none" };
  if (names.every((name) => mapping.has(name))) {
    const render = (list: readonly Requirement[], nested: boolean): string => {
      const parts = list.map((requirement) =>
        requirement.kind === "any-of"
          ? requirement.alternatives.map((alternative) => render(alternative, true)).join(" OR ")
          : (mapping.get(requirement.atom) as string),
      );
      const wrap = (part: string, index: number) => (list.length > 1 && list[index]?.kind === "any-of" ? `(${part})` : part);
      const joined = parts.map(wrap).join(" AND ");
      return nested && parts.length > 1 ? `(${joined})` : joined;
    };
    const expression = render(requirements, false);
    const single = requirements.length === 1 && requirements[0]?.kind !== "any-of" && !expression.includes(" ");
    return { kind: "expression", expression, single };
  }
  return { kind: "licenses", licenses: names.map((name) => (mapping.has(name) && knownTerm(mapping.get(name) as string) && !(mapping.get(name) as string).includes(" ") ? { id: mapping.get(name) as string } : { name })) };
}
