import type { PackageAtom, PackageRemoval } from "./atoms.js";
import type { AtomKeyed, CheckedAtoms, CheckedKeyed, CheckedUse, UseByAtom } from "./catalog.js";
import type { Package } from "./package.js";
import type { KeywordSetting, LicenseSetting } from "./use.js";

/**
 * The types of the Portage fields that hold atoms, which {@link PortageFields} reads by name. There
 * are two sets: {@link CatalogAtomFields} for arch blocks, variants and specs written as
 * variables, and {@link CheckedAtomFields} for the top level of a `defineImage` or
 * `defineProfile` call.
 */
export interface AtomFieldTypes {
  readonly packages: unknown;
  readonly buildtimePackages: unknown;
  readonly acceptKeywords: unknown;
  readonly use: unknown;
  readonly mask: unknown;
  readonly license: unknown;
  readonly env: unknown;
}

/**
 * Each field as a type of every atom the catalog has (or any `category/name` without one).
 * `packages` lists its kinds of entry in one union, not through `PackageEntry`, which would have
 * TypeScript copy those atoms into two.
 */
export interface CatalogAtomFields {
  readonly packages: readonly (PackageAtom | PackageRemoval | Package)[];
  readonly buildtimePackages: readonly (PackageAtom | Package)[];
  readonly acceptKeywords: AtomKeyed<KeywordSetting>;
  readonly use: UseByAtom;
  readonly mask: readonly PackageAtom[];
  readonly license: AtomKeyed<LicenseSetting>;
  readonly env: AtomKeyed<string | readonly string[]>;
}

/**
 * Each field as the blueprint wrote it, inferred by `defineImage` or `defineProfile` into the
 * type parameters, with each atom it names looked up in the catalog on its own. A blueprint is
 * checked at the cost of what it names, not of the catalog's size, and the errors land on the
 * entries at fault.
 */
export interface CheckedAtomFields<Use, Packages, Buildtime, Keywords, Licenses, Masked, Env> {
  readonly packages: CheckedAtoms<Packages, PackageRemoval | Package>;
  readonly buildtimePackages: CheckedAtoms<Buildtime, Package>;
  readonly acceptKeywords: CheckedKeyed<Keywords, KeywordSetting>;
  readonly use: CheckedUse<Use>;
  readonly mask: CheckedAtoms<Masked, never>;
  readonly license: CheckedKeyed<Licenses, LicenseSetting>;
  readonly env: CheckedKeyed<Env, string | readonly string[]>;
}
