import { checkAtom, splitAtom, splitVersion } from "./atom.js";
import { parseUseDependencies, type UseDependency } from "./use-dependency.js";
import { compareVersions, withoutRevision } from "./version.js";

/**
 * Parsing atoms into their parts and matching them against packages, as Portage's
 * `match_from_list` does for installed packages (PMS §8.3).
 */

/** A version operator; `=*` is `=` with a trailing `*` on the version (a prefix match). */
export type VersionOperator = "=" | "=*" | "~" | ">=" | "<=" | ">" | "<";

export interface ParsedAtom {
  /** The atom as written. */
  readonly text: string;
  readonly operator: VersionOperator | undefined;
  readonly category: string;
  readonly name: string;
  /** The version with its revision when the atom has one, without the glob `*`; set exactly when `operator` is. */
  readonly version: string | undefined;
  /** The slot the package must have; undefined for no slot and for bare slot operators (`:=`, `:*`). */
  readonly slot: string | undefined;
  /** The sub-slot the package must have (`:0/1.2`). */
  readonly subSlot: string | undefined;
  readonly repository: string | undefined;
  /** The items of the atom's USE dependency (`[ssl,-static-libs]`), in order; empty when it has none. */
  readonly useDependencies: readonly UseDependency[];
}

/** What an atom is matched against: one package version, as the vdb or a repository holds it. */
export interface MatchCandidate {
  readonly category: string;
  readonly name: string;
  /** The full version, revision included (PVR). */
  readonly version: string;
  readonly slot: string;
  /** The sub-slot; a SLOT without one has a sub-slot equal to the slot (PMS §7.2). */
  readonly subSlot?: string | undefined;
  readonly repository?: string | undefined;
}

/**
 * Splits an atom into its parts.
 *
 * @throws Error naming the atom and the reason when it is not a valid atom.
 * @example parseAtom(">=dev-lang/python-3.12:3.12[sqlite]") // operator ">=", slot "3.12"
 */
export function parseAtom(text: string): ParsedAtom {
  const problem = checkAtom(text);
  if (problem !== undefined) throw new Error(`"${text}" is not a valid atom: ${problem}`);
  const parts = splitAtom(text);
  let operator: VersionOperator | undefined = parts.operator;
  let slot: string | undefined;
  let subSlot: string | undefined;
  if (parts.slot !== undefined) {
    // `:=` and `:*` only tell the package manager when to rebuild; `:0=` still names slot 0.
    const body = parts.slot.replace(/[=*]$/, "");
    if (body !== "") [slot, subSlot] = body.split("/");
  }

  const slash = parts.body.indexOf("/");
  const category = parts.body.slice(0, slash);
  let nameAndVersion = parts.body.slice(slash + 1);
  if (operator === "=" && nameAndVersion.endsWith("*")) {
    operator = "=*";
    nameAndVersion = nameAndVersion.slice(0, -1);
  }
  const split = operator === undefined ? undefined : splitVersion(nameAndVersion);
  return {
    text,
    operator,
    category,
    name: split?.name ?? nameAndVersion,
    version: split?.version,
    slot,
    subSlot,
    repository: parts.repository,
    useDependencies: parts.use === undefined ? [] : parseUseDependencies(parts.use),
  };
}

/** The `category/name` an atom is about, as Portage's `dep_getkey` gives it. */
export function atomKey(atom: ParsedAtom): string {
  return `${atom.category}/${atom.name}`;
}

/** The first numeric component without leading zeros, as `=*` compares versions literally. */
function withoutLeadingZeros(version: string): string {
  const stripped = version.replace(/^0+/, "");
  return stripped === "" || !/^\d/.test(stripped) ? `0${stripped}` : stripped;
}

const isDigit = (char: string) => char >= "0" && char <= "9";

/**
 * `=cat/pkg-1.2*`: the version is a string prefix of the package's, ending at a component
 * boundary so that `1*` matches `1.5` and `1a` but not `10` (Portage bug 560466).
 */
function globMatches(pattern: string, version: string): boolean {
  const prefix = withoutLeadingZeros(pattern);
  const candidate = withoutLeadingZeros(version);
  if (!candidate.startsWith(prefix)) return false;
  const next = candidate.charAt(prefix.length);
  return next === "" || "._-".includes(next) || isDigit(prefix.at(-1) ?? "") !== isDigit(next);
}

function versionMatches(operator: VersionOperator, wanted: string, version: string): boolean {
  switch (operator) {
    case "=":
      return compareVersions(version, wanted) === 0;
    case "=*":
      return globMatches(wanted, version);
    case "~":
      // Portage compares the revision-less versions as strings, so ~1.0 does not take 1.00-r1.
      return withoutRevision(version) === wanted;
    case ">=":
      return compareVersions(version, wanted) >= 0;
    case "<=":
      return compareVersions(version, wanted) <= 0;
    case ">":
      return compareVersions(version, wanted) > 0;
    case "<":
      return compareVersions(version, wanted) < 0;
  }
}

/**
 * Whether a package satisfies an atom's name, version operator, slot, sub-slot and repository.
 * USE dependencies need the package's USE and IUSE and the dependant's USE: see
 * `satisfiesUseDependencies` in `use-dependency.ts`.
 */
export function matchesAtom(atom: ParsedAtom, candidate: MatchCandidate): boolean {
  if (candidate.category !== atom.category || candidate.name !== atom.name) return false;
  if (atom.operator !== undefined && atom.version !== undefined && !versionMatches(atom.operator, atom.version, candidate.version)) return false;
  if (atom.slot !== undefined && candidate.slot !== atom.slot) return false;
  if (atom.subSlot !== undefined && (candidate.subSlot ?? candidate.slot) !== atom.subSlot) return false;
  if (atom.repository !== undefined && candidate.repository !== atom.repository) return false;
  return true;
}
