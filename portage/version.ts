/**
 * Package versions as the Package Manager Specification defines them (PMS §3.2) and compares
 * them (PMS §3.3, algorithms 3.1 to 3.7).
 */

/** Suffix kinds, lowest first: `_alpha < _beta < _pre < _rc < (none) < _p`. */
export type SuffixKind = "alpha" | "beta" | "pre" | "rc" | "p";

const SUFFIX_ORDER: Readonly<Record<SuffixKind, number>> = { alpha: 0, beta: 1, pre: 2, rc: 3, p: 4 };

export interface VersionSuffix {
  readonly kind: SuffixKind;
  /** The digits after the suffix as written; "" when there are none, which counts as 0. */
  readonly number: string;
}

/** A version split into its components, each as written (leading zeros matter, PMS §3.3). */
export interface Version {
  /** The dot-separated numeric components, at least one: `1.02.3` is `["1", "02", "3"]`. */
  readonly numbers: readonly string[];
  /** The letter after the numbers, or "" when there is none. */
  readonly letter: string;
  readonly suffixes: readonly VersionSuffix[];
  /** The digits of `-rN`, or "" when there is no revision, which counts as 0. */
  readonly revision: string;
}

const VERSION = /^(\d+(?:\.\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|p)\d*)*)(?:-r(\d+))?$/;

/** Parses a version such as `1.2.3b_rc1_p2-r4`, or returns undefined when it is not one. */
export function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text);
  if (match === null) return undefined;
  const [, numbers = "", letter = "", suffixes = "", revision = ""] = match;
  return {
    numbers: numbers.split("."),
    letter,
    suffixes: [...suffixes.matchAll(/_(alpha|beta|pre|rc|p)(\d*)/g)].map(([, kind, number]) => ({
      kind: kind as SuffixKind,
      number: number ?? "",
    })),
    revision,
  };
}

/** The version without its `-rN` revision, as written. */
export function withoutRevision(version: string): string {
  return version.replace(/-r\d+$/, "");
}

type Order = -1 | 0 | 1;

const sign = (difference: number): Order => (difference < 0 ? -1 : difference > 0 ? 1 : 0);

/** Compares two unsigned integers of any length written in decimal. */
function compareIntegers(a: string, b: string): Order {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  if (x.length !== y.length) return sign(x.length - y.length);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ASCII string comparison; the inputs are digits and lowercase letters only. */
function compareStrings(a: string, b: string): Order {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Algorithm 3.3: a numeric component after the first. */
function compareLaterNumber(a: string, b: string): Order {
  // A leading zero makes the component a decimal fraction of sorts: 1.01 < 1.1, and 1.010 = 1.01.
  if (a.startsWith("0") || b.startsWith("0")) return compareStrings(a.replace(/0+$/, ""), b.replace(/0+$/, ""));
  return compareIntegers(a, b);
}

/** Algorithm 3.2: the numeric components. */
function compareNumbers(a: readonly string[], b: readonly string[]): Order {
  const first = compareIntegers(a[0] ?? "0", b[0] ?? "0");
  if (first !== 0) return first;
  for (let index = 1; index < a.length && index < b.length; index++) {
    const order = compareLaterNumber(a[index] ?? "", b[index] ?? "");
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

/** Algorithm 3.6: two suffixes at the same position. */
function compareSuffix(a: VersionSuffix, b: VersionSuffix): Order {
  if (a.kind === b.kind) return compareIntegers(a.number || "0", b.number || "0");
  return sign(SUFFIX_ORDER[a.kind] - SUFFIX_ORDER[b.kind]);
}

/** Algorithm 3.5: the suffix lists. */
function compareSuffixes(a: readonly VersionSuffix[], b: readonly VersionSuffix[]): Order {
  const shared = Math.min(a.length, b.length);
  for (let index = 0; index < shared; index++) {
    const order = compareSuffix(a[index] as VersionSuffix, b[index] as VersionSuffix);
    if (order !== 0) return order;
  }
  // The longer list wins only when its next suffix is _p: 1.0_p1 > 1.0, but 1.0_rc1 < 1.0.
  if (a.length > b.length) return a[shared]?.kind === "p" ? 1 : -1;
  if (a.length < b.length) return b[shared]?.kind === "p" ? -1 : 1;
  return 0;
}

/** Algorithm 3.1: compares two parsed versions; negative, zero or positive like a sort comparator. */
export function compareParsedVersions(a: Version, b: Version): Order {
  const numbers = compareNumbers(a.numbers, b.numbers);
  if (numbers !== 0) return numbers;
  const letter = compareStrings(a.letter, b.letter);
  if (letter !== 0) return letter;
  const suffixes = compareSuffixes(a.suffixes, b.suffixes);
  if (suffixes !== 0) return suffixes;
  return compareIntegers(a.revision || "0", b.revision || "0");
}

/**
 * Compares two versions as PMS §3.3 does: -1 when `a` is older, 1 when newer, 0 when equal.
 * Equal is not string equality: `1.0` equals `1.00` and `1.0-r0`.
 *
 * @throws Error when either argument is not a valid version.
 * @example compareVersions("1.0_rc1", "1.0") // -1
 */
export function compareVersions(a: string, b: string): Order {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x === undefined) throw new Error(`"${a}" is not a valid version`);
  if (y === undefined) throw new Error(`"${b}" is not a valid version`);
  return compareParsedVersions(x, y);
}
