import type { Arch } from "../dsl/index.js";
import { ARCH_FACTS } from "./arch.js";
import type { PlainValue } from "./json5/syntax.js";
import { isDictionary, mergeGenpackJson, PHASE_KEYS, type Dictionary, type MergeTarget, type Semantics, type Trunk } from "./merge.js";
import { renderPortageFiles, type PortageFilePath } from "./portage-files.js";
import { pyEquals, pyRepr, pyStr, PythonError } from "./python.js";

export interface ResolveOptions {
  readonly arch: Arch;
  /** A variant name; `undefined` takes `default_variant`; `null` builds without a variant. */
  readonly variant?: string | null;
  readonly semantics: Semantics;
  /** genpack names an artifact without `name` after its directory. */
  readonly directoryName: string;
}

/**
 * Everything genpack's phases take from genpack.json5 for one arch and variant, as the Python
 * values genpack holds: what `gp resolve` shows. A build takes its typed form (resolution.ts).
 */
export interface GenpackResolution {
  readonly variant: string | null;
  readonly name: string;
  /** As `eselect profile set` receives it, such as `genpack-overlay:genpack/amd64/paravirt`. */
  readonly portageProfile: string;
  /** The profile name within genpack-overlay (`paravirt`), or null for the bare arch profile. */
  readonly profile: PlainValue;
  readonly portageFiles: Readonly<Record<PortageFilePath, string>>;
  readonly binpkgExcludes: readonly PlainValue[];
  readonly buildtimePackagesFirst: boolean;
  /** Entries as genpack reads them: strings or objects, in merge order. */
  readonly users: readonly PlainValue[];
  readonly groups: readonly PlainValue[];
  readonly services: readonly PlainValue[];
  /** The commands genpack runs with `sh -c`, in order. */
  readonly setupCommands: readonly string[];
  readonly outfile: string;
  readonly compression: PlainValue;
  readonly circulardepBreaker: { readonly packages: readonly PlainValue[]; readonly use: PlainValue } | null;
  /** Size of the lower image in GiB. */
  readonly lowerLayerCapacity: PlainValue;
  readonly independentBinpkgs: PlainValue;
}

export type ResolveResult = { readonly ok: true; readonly resolution: GenpackResolution } | { readonly ok: false; readonly error: PythonError };

function get(dictionary: Dictionary, key: string, fallback: PlainValue): PlainValue {
  return dictionary.has(key) ? (dictionary.get(key) as PlainValue) : fallback;
}

/** Python's `value.get(key, fallback)`, which fails on anything but a dict. */
function getOf(value: PlainValue, key: string, fallback: PlainValue): PlainValue {
  if (!isDictionary(value)) throw new PythonError("AttributeError", `'${typeNameForAttribute(value)}' object has no attribute 'get'`);
  return get(value, key, fallback);
}

function typeNameForAttribute(value: PlainValue): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  return Number.isInteger(value) ? "int" : "float";
}

/**
 * genpack's variant choice: `--variant`, else `default_variant`, which must name a variant. Only
 * a missing or null default means no variant; genpack takes any other value, even false, as a
 * variant name.
 */
function chooseVariant(json: Dictionary, requested: string | null | undefined): string | null {
  const chosen = requested === null ? null : requested !== undefined && requested !== "" ? requested : get(json, "default_variant", null);
  if (chosen === null) return null;
  const available = get(json, "variants", new Map());
  const names = isDictionary(available) ? [...available.keys()] : Array.isArray(available) ? available : [];
  if (!names.some((name) => pyEquals(name, chosen))) {
    throw new PythonError("ValueError", `Variant '${pyStr(chosen)}' is not available in genpack.json. Available variants: ${pyRepr(names)}`);
  }
  return pyStr(chosen);
}

function merged(json: Dictionary, allowed: readonly string[], target: MergeTarget): Trunk {
  const trunk: Trunk = new Map();
  mergeGenpackJson(trunk, json, ["genpack.json"], allowed, target);
  return trunk;
}

/** The groups genpack creates, checked as its upper phase checks them. */
function checkGroups(groups: readonly PlainValue[]): void {
  for (const group of groups) {
    if (typeof group === "string") continue;
    if (!isDictionary(group)) throw new PythonError("Exception", "group must be string or dict");
    if (!group.has("name")) throw new PythonError("Exception", "group dict must have 'name' key");
  }
}

/** The users genpack creates, checked as its upper phase checks them. */
function checkUsers(users: readonly PlainValue[], semantics: Semantics): void {
  for (const user of users) {
    if (typeof user === "string") {
      // genpack documents string users but calls user.get() on them.
      if (semantics === "genpack") throw new PythonError("AttributeError", "'str' object has no attribute 'get'");
      continue;
    }
    if (!isDictionary(user)) throw new PythonError("Exception", "user must be string or dict");
    if (!user.has("name")) throw new PythonError("Exception", "user dict must have 'name' key");
    const additional = get(user, "additional_groups", get(user, "additional-groups", []));
    if (typeof additional !== "string" && !Array.isArray(additional)) throw new PythonError("Exception", "additional-groups must be list or string");
  }
}

/** genpack's `name += f"-{variant}"`, with what Python's += does to names that are not strings. */
function variantStem(name: PlainValue, variant: string): string {
  if (typeof name === "string") return `${name}-${variant}`;
  if (Array.isArray(name)) return pyRepr([...name, ...[..."-" + variant]]);
  throw new PythonError("TypeError", `unsupported operand type(s) for +=: '${typeNameForAttribute(name)}' and 'str'`);
}

/** The setup commands genpack runs: strings, skipping objects ("TBD" in genpack). */
function runnableCommands(commands: PlainValue, what: string): string[] {
  if (!Array.isArray(commands)) throw new PythonError("ValueError", `${what} must be a list`);
  const run: string[] = [];
  for (const command of commands) {
    if (typeof command === "string") run.push(command);
    else if (!isDictionary(command)) throw new PythonError("ValueError", "setup_commands must be a list of strings or dicts");
  }
  return run;
}

/**
 * Resolves a genpack.json5 for one arch and variant the way genpack's phases read it: startup
 * (name, variant), lower (profile, the Portage files, binpkg excludes, the circular dependency
 * breaker), upper (groups, users, setup commands, services) and pack (output file). With
 * `genpack` semantics every quirk of the reference code is kept and its first exception is the
 * result; with `docs` semantics a variant's name, profile and outfile, and setup_commands and
 * buildtime_packages_first in arch blocks and variants, apply as genpack's documentation says.
 */
export function resolve(json: PlainValue, options: ResolveOptions): ResolveResult {
  try {
    return { ok: true, resolution: resolveOrThrow(json, options) };
  } catch (problem) {
    if (problem instanceof PythonError) return { ok: false, error: problem };
    throw problem;
  }
}

function resolveOrThrow(json: PlainValue, options: ResolveOptions): GenpackResolution {
  if (!isDictionary(json)) throw new PythonError("TypeError", `genpack.json must hold an object, not ${pyRepr(json).slice(0, 40)}`);
  const { arch, semantics } = options;
  const topName = get(json, "name", options.directoryName);
  const variant = chooseVariant(json, options.variant);
  const target: MergeTarget = { arch, variant: variant ?? undefined, semantics };
  const docs = semantics === "docs";
  const variants = get(json, "variants", new Map());
  const variantBlock = variant === null || !isDictionary(variants) ? undefined : variants.get(variant);

  // Lower phase.
  const lower = merged(json, docs ? ["name", "outfile", ...PHASE_KEYS.lower] : PHASE_KEYS.lower, target);
  const profile = docs ? (lower.get("profile") ?? null) : get(json, "profile", null);
  const portageProfile = `genpack-overlay:genpack/${ARCH_FACTS[arch].portage}${profile === null || profile === "" ? "" : `/${pyStr(profile)}`}`;
  const portageFiles = renderPortageFiles(lower);
  const binpkgExcludes = lower.get("binpkg_excludes") ?? [];
  if (json.has("circulardep-breaker")) throw new PythonError("ValueError", "Use circulardep_breaker instead of circulardep-breaker in genpack.json");
  const breaker = json.has("circulardep_breaker")
    ? { packages: getOf(json.get("circulardep_breaker") as PlainValue, "packages", []) as PlainValue[], use: getOf(json.get("circulardep_breaker") as PlainValue, "use", null) }
    : null;
  const buildtimePackagesFirst = lower.get("buildtime_packages_first") === true;

  // Upper phase.
  const upper = merged(json, PHASE_KEYS.upper, target);
  const groups = (upper.get("groups") ?? []) as PlainValue[];
  checkGroups(groups);
  const users = (upper.get("users") ?? []) as PlainValue[];
  checkUsers(users, semantics);
  let setupCommands: string[] = [];
  if (docs) {
    const withCommands = merged(json, ["setup_commands", "arch", "variants"], target);
    setupCommands = runnableCommands(withCommands.get("setup_commands") ?? [], "setup_commands");
  } else if (json.has("setup_commands")) {
    setupCommands = runnableCommands(json.get("setup_commands") as PlainValue, "setup_commands");
  }
  const services = (upper.get("services") ?? []) as PlainValue[];

  // Pack phase: genpack merges without the variant, so only the top-level outfile counts.
  const name = docs && variantBlock !== undefined && isDictionary(variantBlock) && typeof variantBlock.get("name") === "string" ? (variantBlock.get("name") as string) : pyStr(topName);
  const packed = docs ? lower : merged(json, PHASE_KEYS.pack, { ...target, variant: undefined });
  const renamed = docs && name !== pyStr(topName);
  const stem = variant === null || renamed ? name : variantStem(topName, variant);
  const outfile = packed.has("outfile") ? (packed.get("outfile") as PlainValue) : `${stem}-${arch}.squashfs`;
  if (typeof outfile !== "string") throw new PythonError("AttributeError", `'${typeNameForAttribute(outfile)}' object has no attribute 'removesuffix'`);

  return {
    variant,
    name,
    portageProfile,
    profile: profile === "" ? null : profile,
    portageFiles,
    binpkgExcludes: binpkgExcludes as PlainValue[],
    buildtimePackagesFirst,
    users,
    groups,
    services,
    setupCommands,
    outfile,
    compression: get(json, "compression", "gzip"),
    circulardepBreaker: breaker,
    lowerLayerCapacity: get(json, "lower-layer-capacity", 128),
    independentBinpkgs: get(json, "independent_binpkgs", false),
  };
}
