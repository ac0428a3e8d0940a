import type { UseSettingOf } from "./use.js";

/**
 * The packages, USE flags, licenses and profiles of the Portage repositories a project builds
 * from, as `gp catalog` declares them. Without a catalog every atom, flag and license is an open
 * string, checked for its syntax only; with one, an atom or flag the repositories do not have is
 * a type error at its line, and editors complete them.
 *
 * The catalog file declares each atom once, as a member of `GpCatalogPackages`; everything keyed
 * by atom is derived from that interface here. A catalog of the Gentoo tree has 19,000 atoms, and
 * TypeScript pays for each declared member of a file in parsing and binding, in every program that
 * loads it, whereas a type derived from the members costs only where a blueprint uses it.
 */

declare global {
  /**
   * Filled in by the declaration file `gp catalog` writes (`gp-catalog.d.ts`), which merges its
   * own `interface GpCatalog` into this one: `repositories` names the repositories read,
   * `useExpand` maps each USE_EXPAND variable to its values, `licenses` and `profiles` are unions
   * of names.
   */
  interface GpCatalog {}
  /**
   * Each atom of the catalog and its USE flags, one string of space-separated words (see
   * {@link Words}); the package's description and its flags' descriptions are the member's doc
   * comment, which editors show for the keys of `use`. An index signature of {@link GpAtomForm}
   * keeps versioned, slotted and wildcard atoms open.
   */
  interface GpCatalogPackages {}
  /** The keys the catalog file leaves open: {@link AtomForm}, marked (see {@link AtomFormMark}). */
  type GpAtomForm = AtomForm & AtomFormMark;
}

/**
 * Keeps the {@link AtomForm} patterns an intersection rather than template literal types. In a
 * union with tens of thousands of atoms, template literal types make TypeScript match every atom
 * against every pattern whenever it builds the union; an intersection is left alone. It admits
 * every string, so the patterns alone decide.
 */
interface AtomFormMark {
  readonly "gp:atomForm"?: never;
}

/** Whether the project has a catalog. */
export type HasCatalog = GpCatalog extends { readonly repositories: string } ? true : false;

/** Portage's version operators: `>=dev-lang/php-8.2`, `~sys-libs/glibc-2.40`. */
export type VersionOperator = ">=" | "<=" | ">" | "<" | "=" | "~";

/**
 * Atoms whose package the types do not look up in the catalog: with a version, a slot, a
 * repository, or a wildcard. `gp check --catalog` looks them up.
 */
export type AtomForm =
  | `${VersionOperator}${string}/${string}`
  | `${string}/${string}:${string}`
  | `${string}/*`
  | `*/${string}`;

/**
 * `package.use` by atom, with a catalog: each atom's list takes that package's own flags, and the
 * key carries the package's doc comment. A homomorphic mapped type, so that its members keep the
 * catalog's declarations (and their docs); its keys are the union `keyof GpCatalogPackages`,
 * which TypeScript computes once for the mapped type and hands out again for `keyof CatalogUse`.
 */
export type CatalogUse = { [Atom in keyof GpCatalogPackages]?: UseSettingOf<Words<GpCatalogPackages[Atom]>> };

/** The catalog's atoms and {@link GpAtomForm}s, as one union (see {@link CatalogUse}). */
type CatalogKey = keyof CatalogUse;

/** A `package.*` file keyed by atom, with a catalog: the catalog's atoms and the {@link AtomForm}s. */
export type CatalogKeyed<Setting> = { [Atom in CatalogKey]?: Setting };

/** An atom (`category/name`) of the catalog; never without one. */
export type KnownAtom = HasCatalog extends true ? Exclude<CatalogKey, GpAtomForm> : never;

/** An atom: one the catalog knows or one of the {@link AtomForm}s; any `category/name` without a catalog. */
export type CatalogAtom = HasCatalog extends true ? CatalogKey : `${string}/${string}`;

/** The values of USE_EXPAND variable `V` in the catalog; any value without one. */
export type UseExpandValueOf<V extends string> = GpCatalog extends { readonly useExpand: infer Groups } ? (V extends keyof Groups ? Groups[V] & string : string) : string;

/** A license of the catalog's repositories (`licenses/`); any name without a catalog. */
export type LicenseName = GpCatalog extends { readonly licenses: infer Names } ? Names & string : string;

/**
 * A `package.*` file as an object keyed by atom: with a catalog, its atoms (completed by editors)
 * or the {@link AtomForm}s; any `category/name` without one.
 *
 * `NoInfer` keeps `defineImage` from inferring its arches through the catalog's atoms, and makes
 * the type one TypeScript does not take apart when it explains an error inside the object: for a
 * field that may be left out it would otherwise intersect the object's keys with the catalog's
 * tens of thousands, give up ("union type that is too complex to represent") and report the
 * mistake at the field instead of at its line.
 */
export type AtomKeyed<Setting> = HasCatalog extends true ? NoInfer<CatalogKeyed<Setting>> : { readonly [atom: `${string}/${string}`]: Setting };

/**
 * The space-separated words of `Text`, as a union: how the catalog writes each atom's flags.
 * Tail-recursive, so TypeScript splits a package with hundreds of flags.
 */
export type Words<Text extends string, Found extends string = never> = Text extends `${infer Word} ${infer Rest}`
  ? Words<Rest, Found | Word>
  : Text extends ""
    ? Found
    : Found | Text;

/** `package.use` by atom: with a catalog, each atom's list takes that package's own flags (see {@link AtomKeyed} for `NoInfer`). */
export type UseByAtom = HasCatalog extends true ? NoInfer<CatalogUse> : { readonly [atom: `${string}/${string}`]: UseSettingOf<string> };

/**
 * The catalog as a table to look names up in: `CatalogLookup[Name]` is a package's flags, or
 * `unknown` for a name the catalog lacks, one member lookup either way. The checks below go
 * through it so that a blueprint costs what it names; anything built on `keyof
 * GpCatalogPackages` makes TypeScript take in all 19,000 atoms of a Gentoo-size catalog.
 */
interface CatalogLookup extends GpCatalogPackages {
  readonly [name: string]: unknown;
}

/**
 * What a name the catalog does not have is checked against, so that the error names it:
 * `Type 'string[]' is not assignable to type 'NotInCatalog<"dev-lang/phq">'`.
 */
export interface NotInCatalog<Atom extends string> {
  readonly "gp: not a package of the catalog": Atom;
}

/** What a key that is no atom at all is checked against, without a catalog (see {@link NotInCatalog}). */
export interface NotAnAtom<Name extends string> {
  readonly "gp: not an atom, which is category/name": Name;
}

/** The type an unknown key of an atom-keyed field is checked against, naming the key. */
export type UnknownAtom<Name> = Name extends string ? (HasCatalog extends true ? NotInCatalog<Name> : NotAnAtom<Name>) : never;

/**
 * Whether an atom may be written: one the catalog has, or one of the {@link AtomForm}s (the
 * catalog's packages are looked up first, because matching a name against the patterns is the
 * slower test); without a catalog, any `category/name`.
 */
export type IsKnownAtom<Atom> = HasCatalog extends true
  ? Atom extends string
    ? CatalogLookup[Atom] extends string
      ? true
      : Atom extends AtomForm
        ? true
        : false
    : false
  : Atom extends `${string}/${string}`
    ? true
    : false;

/** The USE setting of `Atom`: its own flags with a catalog, any flag for an {@link AtomForm} or without one. */
export type UseSettingOfAtom<Atom extends string> = HasCatalog extends true
  ? CatalogLookup[Atom] extends infer Flags extends string
    ? UseSettingOf<Words<Flags>>
    : Atom extends AtomForm
      ? UseSettingOf<string>
      : NotInCatalog<Atom>
  : UseSettingOf<string>;

/**
 * Every atom of the catalog, as keys: what `defineImage` and `defineProfile` fall back to for
 * an atom-keyed field when they infer nothing from it, which is what an editor asks while the
 * field is being written, so it completes the catalog's atoms (with their docs, through the
 * homomorphic {@link CatalogKeys}). An interface, so that TypeScript reads its members only when
 * asked for them: tsc checking a blueprint that leaves such a field out does not.
 */
export interface AtomCompletions extends CatalogKeys {}

/** See {@link AtomCompletions}. */
type CatalogKeys = { readonly [Atom in keyof GpCatalogPackages]: unknown };

/**
 * `package.use` as a blueprint wrote it (`Written`, inferred): each atom it names takes that
 * package's own flags, and an atom the catalog lacks is an error at its line.
 *
 * A `Written` whose keys take in every {@link GpAtomForm} is no blueprint's object literal but
 * a type of every atom already: {@link UseByAtom} from a spec held in a variable, or
 * {@link AtomCompletions}. It is taken as it is, rather than looked at atom by atom.
 */
export type CheckedUse<Written> = [GpAtomForm] extends [keyof Written]
  ? Written
  : {
      readonly [Atom in keyof Written]: IsKnownAtom<Atom> extends true ? UseSettingOfAtom<Atom & string> : UnknownAtom<Atom>;
    };

/**
 * A `package.*` file as a blueprint wrote it (`Written`, inferred): `Setting` for each atom the
 * catalog has. A type of every atom already is taken as it is (see {@link CheckedUse}).
 */
export type CheckedKeyed<Written, Setting> = [GpAtomForm] extends [keyof Written]
  ? Written
  : { readonly [Atom in keyof Written]: IsKnownAtom<Atom> extends true ? Setting : UnknownAtom<Atom> };

/**
 * The default of a list's type parameter in `defineImage` and `defineProfile`, which is what
 * TypeScript reads for the list while an editor completes a string in it: {@link CheckedAtoms}
 * answers it with every atom, so that editors offer them. Small, so that tsc checking a
 * blueprint that leaves such a list out reads no atom.
 */
export interface AtomToComplete {
  readonly "gp: an atom an editor completes": true;
}

/** See {@link AtomToComplete}. */
export type AtomsToComplete = readonly AtomToComplete[];

/**
 * A list of atoms as a blueprint wrote it (`Written`, inferred), where entries may also be
 * `Other` values. An entry at fault is checked against every atom and `Other`, so that
 * TypeScript suggests the nearest ("Did you mean ...?"); so are {@link AtomToComplete} and
 * `any` entries (the test takes the entry whole, so `any` passes it), which are what
 * TypeScript reads while an editor completes a string.
 *
 * Every atom stays in the check type of a conditional (`extends infer Expected`), where it is
 * built only for such an entry; the conditional is written out in each branch that needs it.
 * TypeScript works out the constraint of a generic conditional from its branches, for every
 * entry of a list it reads: a branch holding the atoms, or an alias of that conditional, made it
 * take them all in there. For the same reason an entry whose type takes in every
 * {@link GpAtomForm} passes as it is: `unknown`, which TypeScript reads where the list is still
 * `readonly unknown[]`, or a type of every atom already, from a list held in a variable.
 */
export type CheckedAtoms<Written, Other> = {
  readonly [Index in keyof Written]: [Written[Index]] extends [AtomToComplete]
    ? ExpectedEntry<Written[Index], Other> extends infer Expected
      ? Expected
      : never
    : [GpAtomForm] extends [Written[Index]]
      ? Written[Index]
      : IsKnownEntry<Written[Index], Other> extends true
        ? Written[Index]
        : ExpectedEntry<Written[Index], Other> extends infer Expected
          ? Expected
          : never;
};

/** Whether each member of `Entry` is a known atom or an `Other` value. */
type IsKnownEntry<Entry, Other> = Entry extends string ? IsKnownAtom<Entry> : Entry extends Other ? true : false;

/**
 * What an entry at fault should have been: an atom of the catalog or an `Other` value. Generic
 * in `Entry` only so that it stays unevaluated until an entry is at fault.
 */
type ExpectedEntry<Entry, Other> = Entry extends unknown ? CatalogAtom | Other : never;
