import { quote } from "../errors/quote.js";

/**
 * USE dependencies (PMS §8.3.4): the `[…]` suffix of an atom, which asks for USE flags of the
 * package the atom matches, and their evaluation against an installed package as Portage's
 * `_use_dep` and `dbapi._match_use` do it.
 */

/**
 * What one USE dependency asks of its flag. The conditional forms depend on the USE of the
 * package whose dependency string holds the atom (the *parent*):
 *
 * | written    | form          | the matched package's flag must be |
 * |------------|---------------|-------------------------------------|
 * | `[flag]`   | `enabled`     | enabled                             |
 * | `[-flag]`  | `disabled`    | disabled                            |
 * | `[flag=]`  | `same`        | enabled iff enabled in the parent   |
 * | `[!flag=]` | `opposite`    | enabled iff disabled in the parent  |
 * | `[flag?]`  | `if-enabled`  | enabled if enabled in the parent    |
 * | `[!flag?]` | `if-disabled` | disabled if disabled in the parent  |
 */
export type UseDependencyForm = "enabled" | "disabled" | "same" | "opposite" | "if-enabled" | "if-disabled";

/** A flag state a USE dependency can ask for, or assume for a flag the package does not have. */
export type FlagState = "enabled" | "disabled";

/** One comma-separated item of a USE dependency. */
export interface UseDependency {
  /** The item as written, such as `ssl(+)=`. */
  readonly text: string;
  readonly flag: string;
  readonly form: UseDependencyForm;
  /**
   * The state assumed when the flag is not in the matched package's IUSE: `(+)` enabled, `(-)`
   * disabled. Undefined when the item gives no default; then such a package does not match.
   */
  readonly missing: FlagState | undefined;
}

/** A malformed USE dependency, naming the brackets as written and the item at fault. */
export class UseDependencyError extends Error {
  constructor(
    /** The text between the brackets. */
    readonly useDependencies: string,
    readonly reason: string,
  ) {
    super(`${quote(`[${useDependencies}]`)} is not a valid USE dependency: ${reason}`);
    this.name = "UseDependencyError";
  }
}

const FLAG = /^[A-Za-z0-9][A-Za-z0-9+_@-]*$/;
/** Prefix, flag, optional default and suffix; the flag is checked on its own for a better message. */
const ITEM = /^(?<prefix>[!-]?)(?<flag>[^()?=!]*)(?<default>\([^)]*\))?(?<suffix>[?=]?)$/;

const FORMS: Readonly<Record<string, UseDependencyForm>> = {
  "": "enabled",
  "-": "disabled",
  "=": "same",
  "!=": "opposite",
  "?": "if-enabled",
  "!?": "if-disabled",
};

/** Why one item is malformed, or its parsed form. */
function parseItem(item: string): UseDependency | string {
  if (item === "") return "an item between commas is empty";
  const match = ITEM.exec(item);
  const groups = match?.groups;
  if (groups === undefined) {
    if (/[?=]\([+-]\)$/.test(item)) return `in ${quote(item)} the default goes right after the flag name: ${quote(item.replace(/([?=])(\([+-]\))$/, "$2$1"))}`;
    return `${quote(item)} is not of the form \`flag\`, \`-flag\`, \`flag=\`, \`!flag=\`, \`flag?\` or \`!flag?\``;
  }
  const { prefix = "", flag = "", default: written, suffix = "" } = groups;
  if (!FLAG.test(flag)) return `${quote(flag)} in ${quote(item)} is not a valid USE flag name`;
  if (written !== undefined && written !== "(+)" && written !== "(-)") return `${quote(written)} in ${quote(item)} is not a default; write \`(+)\` or \`(-)\``;
  if (prefix === "!" && suffix === "") return `${quote(item)} negates nothing: \`!\` needs \`=\` or \`?\` after the flag, as in \`!${flag}=\` or \`!${flag}?\``;
  if (prefix === "-" && suffix !== "") return `${quote(item)} mixes \`-\` with \`${suffix}\`; the conditional forms negate with \`!\`, as in \`!${flag}${suffix}\``;
  const form = FORMS[`${prefix}${suffix}`] as UseDependencyForm;
  const missing = written === "(+)" ? "enabled" : written === "(-)" ? "disabled" : undefined;
  return { text: item, flag, form, missing };
}

/**
 * Reads the text between the brackets of a USE dependency. Like Portage, it refuses a flag that
 * is given two different defaults, or a default in one item and none in another, since the
 * package could then match and not match at once.
 *
 * @throws UseDependencyError naming the brackets and the reason.
 * @example parseUseDependencies("ssl(+),-static-libs,python_targets_python3_12?")
 */
export function parseUseDependencies(text: string): UseDependency[] {
  const dependencies: UseDependency[] = [];
  const defaults = new Map<string, UseDependency>();
  for (const item of text.split(",")) {
    const parsed = parseItem(item);
    if (typeof parsed === "string") throw new UseDependencyError(text, parsed);
    const earlier = defaults.get(parsed.flag);
    if (earlier !== undefined && earlier.missing !== parsed.missing) {
      const [withDefault, without] = earlier.missing === undefined ? [parsed, earlier] : [earlier, parsed];
      throw new UseDependencyError(
        text,
        without.missing === undefined && withDefault.missing !== undefined
          ? `${quote(withDefault.text)} gives the flag ${quote(parsed.flag)} a default and ${quote(without.text)} does not; give every item of a flag the same default`
          : `${quote(earlier.text)} and ${quote(parsed.text)} give the flag ${quote(parsed.flag)} different defaults`,
      );
    }
    defaults.set(parsed.flag, parsed);
    dependencies.push(parsed);
  }
  return dependencies;
}

/** Why the text between the brackets of a USE dependency is malformed, or undefined when it is valid. */
export function checkUseDependencies(text: string): string | undefined {
  try {
    parseUseDependencies(text);
    return undefined;
  } catch (error) {
    if (error instanceof UseDependencyError) return error.message;
    throw error;
  }
}

/** Whether any item depends on the parent's USE (`flag=`, `!flag=`, `flag?`, `!flag?`). */
export function hasConditionalUseDependencies(dependencies: readonly UseDependency[]): boolean {
  return dependencies.some((dependency) => dependency.form !== "enabled" && dependency.form !== "disabled");
}

/**
 * The state a USE dependency asks for once evaluated against the parent's USE, as Portage's
 * `_use_dep.evaluate_conditionals` does; undefined when it asks for nothing. Without a parent
 * (an atom from a set file) the conditional forms ask for nothing, as when Portage matches an
 * atom whose conditionals were never evaluated.
 */
export function wantedState(dependency: UseDependency, parentUse: ReadonlySet<string> | undefined): FlagState | undefined {
  if (dependency.form === "enabled" || dependency.form === "disabled") return dependency.form;
  if (parentUse === undefined) return undefined;
  const inParent = parentUse.has(dependency.flag);
  switch (dependency.form) {
    case "same":
      return inParent ? "enabled" : "disabled";
    case "opposite":
      return inParent ? "disabled" : "enabled";
    case "if-enabled":
      return inParent ? "enabled" : undefined;
    case "if-disabled":
      return inParent ? undefined : "disabled";
  }
}

/** The USE state of an installed package, as its vdb entry records it. */
export interface InstalledUse {
  /** The flags it was built with that it knows (the vdb's USE, restricted to `iuse`). */
  readonly use: ReadonlySet<string>;
  /**
   * The flags it knows: IUSE without `+`/`-` defaults, IUSE_EFFECTIVE when the vdb has it, the
   * profile's implicit flags and, from EAPI 5 on, every flag of its built USE.
   */
  readonly iuse: ReadonlySet<string>;
}

/** What besides its own IUSE decides which flags an installed package knows. */
export interface InstalledUseContext {
  /** The package's EAPI as the vdb records it, "" meaning EAPI 0; when not given, a current EAPI. */
  readonly eapi?: string;
  /**
   * The profile's implicit flags (IUSE_IMPLICIT and the values of USE_EXPAND_IMPLICIT), which
   * Portage adds to every package's IUSE: see `readImplicitFlags`.
   */
  readonly implicit?: ReadonlySet<string>;
}

const words = (text: string) => text.split(/\s+/).filter((word) => word !== "");

/**
 * Whether an EAPI has IUSE_EFFECTIVE (EAPI 5 and later). For such a built package Portage takes
 * every flag of its built USE as known, so that a later change of the profile's implicit flags
 * does not change what it was built with; before EAPI 5 a built USE flag outside IUSE and the
 * implicit flags is ignored.
 */
export function hasIuseEffective(eapi: string): boolean {
  const leading = /^[0-9]+/.exec(eapi.trim() === "" ? "0" : eapi.trim());
  return leading === null || Number(leading[0]) >= 5;
}

/**
 * The USE state of an installed package from its vdb USE, IUSE and IUSE_EFFECTIVE values, as
 * Portage's `_iuse_implicit_cnstr` and `_match_use` see a built package.
 *
 * @example installedUse("amd64 ssl", "+ssl -static-libs", "amd64 ssl static-libs", { eapi: "8" })
 */
export function installedUse(use: string, iuse: string, iuseEffective = "", context: InstalledUseContext = {}): InstalledUse {
  const built = words(use);
  const known = new Set(words(iuse).map((flag) => flag.replace(/^[+-]/, "")));
  for (const flag of words(iuseEffective)) known.add(flag);
  for (const flag of context.implicit ?? []) known.add(flag);
  if (context.eapi === undefined || hasIuseEffective(context.eapi)) for (const flag of built) known.add(flag);
  return { use: new Set(built.filter((flag) => known.has(flag))), iuse: known };
}

/**
 * Whether an installed package satisfies USE dependencies, as Portage's `dbapi._match_use` decides
 * for a built package:
 *
 * 1. A flag the package does not know (see `installedUse`) takes the item's
 *    `(+)`/`(-)` default; an item without a default then fails, whatever its form, conditional
 *    forms included.
 * 2. A flag the package knows is enabled when it is in the package's USE.
 * 3. Each item, its conditional form evaluated against `parentUse` (see `wantedState`), must find
 *    the flag in the state it asks for.
 *
 * @param parentUse the USE of the package whose dependency string holds the atom; undefined for a set entry
 */
export function satisfiesUseDependencies(dependencies: readonly UseDependency[], target: InstalledUse, parentUse?: ReadonlySet<string>): boolean {
  for (const dependency of dependencies) {
    const known = target.iuse.has(dependency.flag);
    if (!known && dependency.missing === undefined) return false;
    const wanted = wantedState(dependency, parentUse);
    if (wanted === undefined) continue;
    const state = known ? (target.use.has(dependency.flag) ? "enabled" : "disabled") : dependency.missing;
    if (state !== wanted) return false;
  }
  return true;
}
