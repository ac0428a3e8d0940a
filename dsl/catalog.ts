import type { UseSettingOf } from "./use.js";

/**
 * The packages, USE flags, licenses and profiles of the Portage repositories a project builds
 * from, as `gp catalog` declares them. Without a catalog every atom, flag and license is an open
 * string, checked for its syntax only; with one, an atom or flag the repositories do not have is
 * a type error at its line, and editors complete them.
 */

declare global {
  /**
   * Filled in by the declaration file `gp catalog` writes (`gp-catalog.d.ts`), which merges its
   * own `interface GpCatalog` into this one: `packages` maps each atom to its USE flags, one
   * string of space-separated words (see {@link Words}); `useExpand` each USE_EXPAND variable to
   * its values; `licenses` and `profiles` are unions of names.
   */
  interface GpCatalog {}
  /**
   * `package.use` by atom, as the catalog file declares it: each atom's own flags, and
   * {@link GpAtomForm} keys open. Written out in the file rather than mapped over the atoms here:
   * TypeScript would build a mapped type's tens of thousands of members on every check.
   */
  interface GpCatalogUse {}
  /** A `package.*` file keyed by atom, as the catalog file declares it (see {@link GpCatalogUse}). */
  interface GpCatalogAtoms<Setting> {}
  /** The keys the catalog file leaves open: {@link AtomForm}. */
  type GpAtomForm = AtomForm;
  /** The USE setting of a package whose flags are the words `FlagWords`. */
  type GpUseFlags<FlagWords extends string> = UseSettingOf<Words<FlagWords>>;
}

/** The catalog's atoms and their flags, or undefined without a catalog. */
type CatalogPackages = GpCatalog extends { readonly packages: infer Packages } ? Packages : undefined;

/** Whether the project has a catalog. */
export type HasCatalog = [CatalogPackages] extends [undefined] ? false : true;

/** An atom (`category/name`) of the catalog; never without one. */
export type KnownAtom = HasCatalog extends true ? keyof CatalogPackages : never;

/** Portage's version operators: `>=dev-lang/php-8.2`, `~sys-libs/glibc-2.40`. */
export type VersionOperator = ">=" | "<=" | ">" | "<" | "=" | "~";

/**
 * Atoms whose package the types do not look up in the catalog: with a version, a slot, a
 * repository, or a wildcard. `gp check --catalog` looks them up. (Intersected with `{}` so that
 * TypeScript keeps them apart from the catalog's tens of thousands of names, instead of matching
 * every name against every pattern when it builds the union.)
 */
export type AtomForm =
  | `${VersionOperator}${string}/${string}`
  | `${string}/${string}:${string}`
  | `${string}/*`
  | `*/${string}`;

/** An atom: one the catalog knows or one of the {@link AtomForm}s; any `category/name` without a catalog. */
export type CatalogAtom = HasCatalog extends true ? KnownAtom | (AtomForm & {}) : `${string}/${string}`;

/** The values of USE_EXPAND variable `V` in the catalog; any value without one. */
export type UseExpandValueOf<V extends string> = GpCatalog extends { readonly useExpand: infer Groups } ? (V extends keyof Groups ? Groups[V] & string : string) : string;

/** A license of the catalog's repositories (`licenses/`); any name without a catalog. */
export type LicenseName = GpCatalog extends { readonly licenses: infer Names } ? Names & string : string;

/**
 * A `package.*` file as an object keyed by atom: with a catalog, its atoms (completed by editors)
 * or the {@link AtomForm}s; any `category/name` without one.
 */
export type AtomKeyed<Setting> = HasCatalog extends true ? GpCatalogAtoms<Setting> : { readonly [atom: `${string}/${string}`]: Setting };

/**
 * The space-separated words of `Text`, as a union: how the catalog writes each atom's flags.
 * Tail-recursive, so TypeScript splits a package with hundreds of flags.
 */
export type Words<Text extends string, Found extends string = never> = Text extends `${infer Word} ${infer Rest}`
  ? Words<Rest, Found | Word>
  : Text extends ""
    ? Found
    : Found | Text;

/** `package.use` by atom: with a catalog, each atom's list takes that package's own flags. */
export type UseByAtom = HasCatalog extends true ? GpCatalogUse : { readonly [atom: `${string}/${string}`]: UseSettingOf<string> };
