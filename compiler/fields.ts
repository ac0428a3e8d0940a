import type { ImageSpec, Variant } from "../dsl/index.js";
import * as check from "./validate/checks.js";
import type { Check } from "./validate/issues.js";
import { settingDeclarations } from "./system-ini/declaration-check.js";
import { systemIniValuesShape } from "./system-ini/values-shape.js";

/**
 * The levels of a spec where fields can appear: the top level, a top-level arch block, a variant,
 * and an arch block inside a variant.
 */
export type Level = "top" | "arch" | "variant" | "variantArch";

/**
 * How values of one field combine when several layers (profiles, then the image) set it, and when
 * genpack resolves arch blocks and variants over the top level. These are genpack's own rules.
 *
 * - `replace`: the later value wins.
 * - `packages`: union in order; a removal takes out that exact string if present.
 * - `union`: appended in order, exact duplicates dropped.
 * - `perKey`: entries by key; a later entry replaces the earlier one in its original position.
 * - `perKeyNested`: the same, one level deeper (scripts by user, then by name).
 * - `concat`: appended in order, duplicates kept.
 * - `blocks`: arch blocks or variants, merged block by block under the same key.
 * - `perLayer`: each layer's value kept whole, for rules that combine them (the arches an image
 *   exists for are the arches every layer exists for).
 * - `layering`: consumed when layers are collected; never merged.
 */
export type MergeRule = "replace" | "packages" | "union" | "perKey" | "perKeyNested" | "concat" | "blocks" | "perLayer" | "layering";

export interface FieldInfo {
  /** The key in genpack.json5; absent for fields that become files of the artifact instead. */
  readonly genpackKey?: string;
  readonly levels: readonly Level[];
  readonly merge: MergeRule;
  /** Checks the value; arch blocks and variants are walked by the validator itself. */
  readonly check: Check;
}

const everywhere: readonly Level[] = ["top", "arch", "variant", "variantArch"];
const topAndVariant: readonly Level[] = ["top", "variant"];
const topOnly: readonly Level[] = ["top"];
const noCheck: Check = () => undefined;

/**
 * Every field of a blueprint, in the order genpack processes them (and gp writes them). The
 * `satisfies` clause makes a field added to the DSL without an entry here a type error.
 */
export const fields = {
  name: { genpackKey: "name", levels: topAndVariant, merge: "replace", check: check.imageName },
  profile: { genpackKey: "profile", levels: topAndVariant, merge: "replace", check: check.portageProfile },
  outfile: { genpackKey: "outfile", levels: topAndVariant, merge: "replace", check: check.outfile },
  compression: { genpackKey: "compression", levels: topOnly, merge: "replace", check: check.compression },
  buildtimePackagesFirst: { genpackKey: "buildtime_packages_first", levels: everywhere, merge: "replace", check: check.boolean },
  packages: { genpackKey: "packages", levels: everywhere, merge: "packages", check: check.list(check.packageEntry) },
  buildtimePackages: { genpackKey: "buildtime_packages", levels: everywhere, merge: "union", check: check.list(check.atomOrPackage) },
  acceptKeywords: { genpackKey: "accept_keywords", levels: everywhere, merge: "perKey", check: check.record(check.atomPatternKey, check.keywordSetting) },
  use: { genpackKey: "use", levels: everywhere, merge: "perKey", check: check.record(check.atomPatternKey, check.useSetting) },
  mask: { genpackKey: "mask", levels: everywhere, merge: "union", check: check.list(check.atom({ wildcards: true })) },
  license: { genpackKey: "license", levels: everywhere, merge: "perKey", check: check.record(check.atomPatternKey, check.licenseSetting) },
  env: { genpackKey: "env", levels: everywhere, merge: "perKey", check: check.record(check.atomPatternKey, check.envSetting) },
  binpkgExcludes: { genpackKey: "binpkg_excludes", levels: everywhere, merge: "union", check: check.atomOrAtoms },
  users: { genpackKey: "users", levels: topAndVariant, merge: "concat", check: check.list(check.user) },
  groups: { genpackKey: "groups", levels: topAndVariant, merge: "concat", check: check.list(check.group) },
  setupCommands: { genpackKey: "setup_commands", levels: everywhere, merge: "concat", check: check.list(check.setupCommand) },
  services: { genpackKey: "services", levels: everywhere, merge: "union", check: check.list(check.serviceName) },
  lowerLayerCapacity: { genpackKey: "lower-layer-capacity", levels: topOnly, merge: "replace", check: check.capacity },
  independentBinpkgs: { genpackKey: "independent_binpkgs", levels: topOnly, merge: "replace", check: check.boolean },
  circulardepBreaker: { genpackKey: "circulardep_breaker", levels: topOnly, merge: "replace", check: check.circulardepBreaker },
  arch: { genpackKey: "arch", levels: topAndVariant, merge: "blocks", check: noCheck },
  defaultVariant: { genpackKey: "default_variant", levels: topOnly, merge: "replace", check: check.string({ nonEmpty: true }) },
  variants: { genpackKey: "variants", levels: topOnly, merge: "blocks", check: noCheck },
  extends: { levels: topOnly, merge: "layering", check: noCheck },
  arches: { levels: topOnly, merge: "perLayer", check: check.archList },
  files: { levels: topOnly, merge: "perKey", check: check.record(check.imagePathKey, check.treeSourceCheck) },
  buildScripts: { levels: topOnly, merge: "perKey", check: check.record(check.fileNameKey, check.fileSourceCheck) },
  userBuildScripts: {
    levels: topOnly,
    merge: "perKeyNested",
    check: check.record(check.accountNameKey, check.record(check.fileNameKey, check.fileSourceCheck)),
  },
  kernelConfig: { levels: ["top", "arch"], merge: "perKey", check: check.record(check.kernelConfigKey, check.fileSourceCheck) },
  envFiles: { levels: topOnly, merge: "perKey", check: check.record(check.fileNameKey, check.fileSourceCheck) },
  savedconfig: { levels: topOnly, merge: "perKey", check: check.record(check.savedconfigPathKey, check.treeSourceCheck) },
  patches: { levels: topOnly, merge: "perKey", check: check.record(check.patchTargetKey, check.patchSet) },
  overlay: { levels: topOnly, merge: "perLayer", check: check.directoryOnly },
  systemIniSettings: { levels: topOnly, merge: "perLayer", check: settingDeclarations },
  systemIni: { levels: topOnly, merge: "replace", check: systemIniValuesShape },
} as const satisfies Record<keyof ImageSpec | keyof Variant, FieldInfo>;

export type FieldName = keyof typeof fields;

export const fieldNames = Object.keys(fields) as FieldName[];

/** Fields a profile may not set, because they belong to one image. */
export const imageOnlyFields: ReadonlySet<FieldName> = new Set(["name", "outfile", "systemIni"]);

/** The DSL field for a genpack.json5 key, to point users who write genpack's names to ours. */
export const fieldByGenpackKey: ReadonlyMap<string, FieldName> = new Map(
  fieldNames.flatMap((name) => {
    const info: FieldInfo = fields[name];
    return info.genpackKey === undefined ? [] : [[info.genpackKey, name] as const];
  }),
);

/** The fields allowed at a level, for a layer of the given kind. */
export function fieldsAt(level: Level, kind: "image" | "profile"): FieldName[] {
  return fieldNames.filter((name) => {
    const info: FieldInfo = fields[name];
    if (!info.levels.includes(level)) return false;
    return !(kind === "profile" && level === "top" && imageOnlyFields.has(name));
  });
}
