import type { Arch } from "../dsl/index.js";
import { archKeyApplies } from "./arch-blocks.js";
import type { PlainValue } from "./json5/syntax.js";
import { firstItem, PythonError } from "./python.js";
import { UniqueValues } from "./unique-values.js";

/**
 * How genpack.json5 is read: `docs` follows genpack's documentation where its code disagrees
 * (a variant's name, profile and outfile apply; setup_commands and buildtime_packages_first merge
 * in arch blocks too); `genpack` reproduces the reference code exactly, quirks included.
 */
export type Semantics = "docs" | "genpack";

/** The merged settings of one phase; keys are genpack's, in the order they were first set. */
export type Trunk = Map<string, PlainValue>;

export type Dictionary = Map<string, PlainValue>;

export function isDictionary(value: PlainValue | undefined): value is Dictionary {
  return value instanceof Map;
}

/** The keys each phase of genpack asks the merge for (genpack-builder notes §2.3). */
export const PHASE_KEYS = {
  lower: ["profile", "packages", "buildtime_packages", "buildtime_packages_first", "accept_keywords", "use", "mask", "license", "env", "binpkg_excludes", "arch", "variants"],
  upper: ["users", "groups", "services", "arch", "variants"],
  pack: ["outfile", "variants"],
} as const;

/** What genpack merges inside an arch block, and what its documentation adds. */
function archKeys(semantics: Semantics): readonly string[] {
  const code = ["packages", "buildtime_packages", "accept_keywords", "use", "mask", "license", "env", "binpkg_excludes", "setup_commands", "services"];
  return semantics === "docs" ? [...code, "buildtime_packages_first"] : code;
}

/** What genpack merges inside a variant. */
const VARIANT_KEYS = [
  "name",
  "profile",
  "outfile",
  "packages",
  "buildtime_packages",
  "buildtime_packages_first",
  "accept_keywords",
  "use",
  "mask",
  "license",
  "env",
  "binpkg_excludes",
  "users",
  "groups",
  "services",
  "setup_commands",
  "arch",
];

export interface MergeTarget {
  readonly arch: Arch;
  /** The variant being built; `undefined` for none (genpack's pack phase merges with none). */
  readonly variant: string | undefined;
  readonly semantics: Semantics;
  /** Told about every `-atom` of `packages`: where it is and whether it removed something. */
  readonly onRemoval?: (path: readonly string[], index: number, matched: boolean) => void;
  /**
   * The `packages` list to merge into, kept by the caller instead of written into the trunk: an
   * overlay of the list merged so far, to merge each variant over the same top level.
   */
  readonly packages?: UniqueValues;
}

/**
 * One merge into a trunk: the trunk, and the lists genpack merges with `if x not in merged:
 * merged.append(x)` (packages, buildtime_packages, mask, binpkg_excludes, services), held as UniqueValues
 * while the merge runs (so a removal or a duplicate is found without scanning the list) and
 * written back as plain lists when it ends.
 */
class Merge {
  readonly #unique = new Map<string, UniqueValues>();

  constructor(
    readonly trunk: Trunk,
    readonly target: MergeTarget,
  ) {}

  unique(key: string): UniqueValues {
    let values = this.#unique.get(key);
    if (values === undefined) {
      const given = key === "packages" ? this.target.packages : undefined;
      values = given ?? UniqueValues.empty();
      if (given === undefined) {
        const existing = this.trunk.get(key);
        if (Array.isArray(existing)) for (const element of existing) values.add(element);
        // Holds the key's place in the trunk, where genpack's dict gets it first.
        this.trunk.set(key, []);
      }
      this.#unique.set(key, values);
    }
    return values;
  }

  finish(): void {
    for (const [key, values] of this.#unique) if (values !== this.target.packages) this.trunk.set(key, values.values());
  }
}

function list(trunk: Trunk, key: string): PlainValue[] {
  let value = trunk.get(key);
  if (!Array.isArray(value)) {
    value = [];
    trunk.set(key, value);
  }
  return value;
}

function dictionary(trunk: Trunk, key: string): Dictionary {
  let value = trunk.get(key);
  if (!isDictionary(value)) {
    value = new Map();
    trunk.set(key, value);
  }
  return value;
}

/**
 * genpack's `merge_genpack_json`, key for key and check for check: merges `branch` into `trunk`
 * for the keys `allowed`, then the matching arch blocks in the order written, then the
 * variant and the variant's arch blocks. Errors carry genpack's own messages, raised where
 * genpack raises them, so `--compat genpack` fails where genpack fails.
 *
 * With `docs` semantics the same function also merges `name` and `setup_commands` wherever the
 * documentation says they merge; the lower and upper phases of gp ask for them explicitly.
 */
export function mergeGenpackJson(trunk: Trunk, branch: PlainValue, path: readonly string[], allowed: readonly string[], target: MergeTarget): void {
  const merge = new Merge(trunk, target);
  mergeBranch(merge, branch, path, allowed);
  merge.finish();
}

/**
 * The last step of {@link mergeGenpackJson} on its own: the target's variant of `json` and the
 * variant's arch blocks, merged into `trunk`. With `target.packages` an overlay of the top
 * level's packages, this merges one variant over a top level merged once for all of them.
 */
export function mergeVariant(trunk: Trunk, json: PlainValue, path: readonly string[], target: MergeTarget): void {
  const merge = new Merge(trunk, target);
  if (!isDictionary(json)) throw new PythonError("ValueError", `branch at ${path.join(" > ")} must be a dictionary`);
  mergeVariantOf(merge, json, path);
  merge.finish();
}

function mergeBranch(merge: Merge, branch: PlainValue, path: readonly string[], allowed: readonly string[]): void {
  const { trunk, target } = merge;
  const where = path.join(" > ");
  if (!isDictionary(branch)) throw new PythonError("ValueError", `branch at ${where} must be a dictionary`);
  const has = (key: string) => allowed.includes(key) && branch.has(key);
  const value = (key: string) => branch.get(key) as PlainValue;

  if (has("name")) trunk.set("name", value("name"));
  if (has("profile")) {
    if (typeof value("profile") !== "string") throw new PythonError("ValueError", `profile at ${where} must be a string`);
    trunk.set("profile", value("profile"));
  }
  if (has("outfile")) trunk.set("outfile", value("outfile"));
  if (has("devel")) {
    if (typeof value("devel") !== "boolean") throw new PythonError("ValueError", `devel at ${where} must be a boolean`);
    trunk.set("devel", value("devel"));
  }
  if (has("buildtime_packages_first")) {
    if (typeof value("buildtime_packages_first") !== "boolean") throw new PythonError("ValueError", `buildtime_packages_first at ${where} must be a boolean`);
    trunk.set("buildtime_packages_first", value("buildtime_packages_first"));
  }
  if (has("packages")) {
    const packages = value("packages");
    if (!Array.isArray(packages)) throw new PythonError("ValueError", `packages at ${where} must be a list`);
    const merged = merge.unique("packages");
    for (const [position, element] of packages.entries()) {
      if (firstItem(element) === "-") {
        // A removal takes out the exact remainder, if present, and is otherwise forgotten.
        const removed = merged.remove(typeof element === "string" ? element.slice(1) : (element as PlainValue[]).slice(1));
        target.onRemoval?.(path, position, removed);
      } else {
        merged.add(element);
      }
    }
  }
  if (allowed.includes("buildtime_packages")) {
    if (branch.has("buildtime-packages")) throw new PythonError("ValueError", `buildtime-packages at ${where} is deprecated, use buildtime_packages instead`);
    if (branch.has("buildtime_packages")) appendUnique(merge, branch, "buildtime_packages", where);
  }
  for (const key of ["accept_keywords", "use"]) if (has(key)) overwriteKeys(trunk, branch, key, where);
  if (has("mask")) appendUnique(merge, branch, "mask", where);
  for (const key of ["license", "env"]) if (has(key)) overwriteKeys(trunk, branch, key, where);
  if (allowed.includes("binpkg_excludes")) {
    if (branch.has("binpkg-exclude")) throw new PythonError("ValueError", `binpkg-exclude at ${where} is deprecated, use binpkg_excludes instead`);
    if (branch.has("binpkg_excludes")) {
      let excludes = value("binpkg_excludes");
      if (typeof excludes !== "string" && !Array.isArray(excludes)) {
        throw new PythonError("ValueError", `binpkg_excludes at ${where} must be a string or a list of strings`);
      }
      const merged = merge.unique("binpkg_excludes");
      // genpack turns the string into a list in the input itself, which later merges then see.
      if (typeof excludes === "string") {
        excludes = [excludes];
        branch.set("binpkg_excludes", excludes);
      }
      for (const element of excludes) merged.add(element);
    }
  }
  for (const key of ["users", "groups", "setup_commands"]) {
    if (!has(key)) continue;
    const entries = value(key);
    if (!Array.isArray(entries)) throw new PythonError("ValueError", `${key} at ${where} must be a list`);
    const merged = list(trunk, key);
    for (const entry of entries) merged.push(entry);
  }
  if (has("services")) appendUnique(merge, branch, "services", where);

  if (has("arch")) {
    const blocks = value("arch");
    if (!isDictionary(blocks)) throw new PythonError("ValueError", `arch at ${where} must be a dictionary`);
    for (const [key, block] of blocks) {
      if (archKeyApplies(key, target.arch)) mergeBranch(merge, block, [...path, `arch=${key}`], archKeys(target.semantics));
    }
  }
  if (allowed.includes("variants")) mergeVariantOf(merge, branch, path);
}

function mergeVariantOf(merge: Merge, branch: Dictionary, path: readonly string[]): void {
  const variant = merge.target.variant;
  if (!branch.has("variants") || variant === undefined) return;
  const variants = branch.get("variants") as PlainValue;
  if (!isDictionary(variants)) throw new PythonError("ValueError", `variants at ${path.join(" > ")} must be a dictionary`);
  if (variants.has(variant)) mergeBranch(merge, variants.get(variant) as PlainValue, [...path, `variant=${variant}`], VARIANT_KEYS);
}

function appendUnique(merge: Merge, branch: Dictionary, key: string, where: string): void {
  const entries = branch.get(key);
  if (!Array.isArray(entries)) throw new PythonError("ValueError", `${key} at ${where} must be a list`);
  const merged = merge.unique(key);
  for (const element of entries) merged.add(element);
}

/** Per-key overwrite: a Python dict keeps a reassigned key in its first place. */
function overwriteKeys(trunk: Trunk, branch: Dictionary, key: string, where: string): void {
  const entries = branch.get(key);
  if (!isDictionary(entries)) throw new PythonError("ValueError", `${key} at ${where} must be a dictionary`);
  const merged = dictionary(trunk, key);
  for (const [name, entry] of entries) merged.set(name, entry);
}
