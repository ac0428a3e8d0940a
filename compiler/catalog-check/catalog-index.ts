import { splitAtom, splitVersion } from "../../portage/atom.js";
import type { CatalogNames } from "./catalog-names.js";
import { closestName, didYouMean } from "../../errors/closest-name.js";
import { excerpt, quote } from "../../errors/quote.js";

/** What an atom of a blueprint names, looked up in a catalog. */
export type AtomLookup =
  /** One package the catalog (or the image itself) has; `flags` undefined for a package of the image's own. */
  | { readonly kind: "package"; readonly atom: string; readonly flags: ReadonlySet<string> | undefined }
  /** A wildcard that matches packages of the catalog, or one with `*` in its category, which is not looked up. */
  | { readonly kind: "pattern" }
  /** Nothing the catalog has: `message` says what is missing, `hint` offers a close name. */
  | { readonly kind: "unknown"; readonly message: string; readonly hint: string | undefined };

const MISSING_HINT = "If a repository has it, write the catalog again with that repository (gp catalog --repo PATH).";

/**
 * A catalog's packages by category and by name, for looking atoms up and for suggesting the
 * name a misspelled one was meant to be. Built once per catalog and kept while it lives.
 */
export class CatalogIndex {
  static #built = new WeakMap<CatalogNames, CatalogIndex>();

  /** The index of `catalog`, built on first use. */
  static of(catalog: CatalogNames): CatalogIndex {
    let index = CatalogIndex.#built.get(catalog);
    if (index === undefined) {
      index = new CatalogIndex(catalog);
      CatalogIndex.#built.set(catalog, index);
    }
    return index;
  }

  /** Category → its atoms. */
  readonly #categories = new Map<string, string[]>();
  /** Package name → the atoms of that name, in every category. */
  readonly #names = new Map<string, string[]>();

  private constructor(readonly catalog: CatalogNames) {
    for (const atom of catalog.packages.keys()) {
      const slash = atom.indexOf("/");
      push(this.#categories, atom.slice(0, slash), atom);
      push(this.#names, atom.slice(slash + 1), atom);
    }
  }

  /**
   * Looks up the package an atom names: its `category/name` without operator, version, slot,
   * repository or USE dependency. A `*` in the name needs the category to exist and something in
   * it to match; a `*` in the category is not looked up. Atoms in `local` are known too.
   */
  lookUp(atom: string, local: ReadonlySet<string>): AtomLookup {
    const { operator, body } = splitAtom(atom);
    const slash = body.indexOf("/");
    if (slash === -1) return { kind: "pattern" };
    const category = body.slice(0, slash);
    let name = body.slice(slash + 1);
    if (operator === "=" && name.endsWith("*")) name = name.slice(0, -1);
    if (operator !== undefined) name = splitVersion(name)?.name ?? name;
    const full = `${category}/${name}`;
    if (category.includes("*")) return { kind: "pattern" };
    if (local.has(full)) return { kind: "package", atom: full, flags: undefined };
    const flags = this.catalog.packages.get(full);
    if (flags !== undefined) return { kind: "package", atom: full, flags };
    const inCategory = [...(this.#categories.get(category) ?? []), ...(localByCategory(local).get(category) ?? [])];
    if (inCategory.length === 0) {
      if (name.includes("*")) {
        return {
          kind: "unknown",
          message: `No repository in the catalog has a package in the category ${quote(category)}, which ${quote(atom)} names.`,
          hint: didYouMean([closestName(category, this.#categories.keys())]) ?? MISSING_HINT,
        };
      }
      return {
        kind: "unknown",
        message: `No repository in the catalog has the package ${excerpt(full)}${full === atom ? "" : `, which ${quote(atom)} names`}, nor any package in the category ${quote(category)}.`,
        hint: this.#sameName(name) ?? this.#inNearCategory(category, name) ?? MISSING_HINT,
      };
    }
    if (name.includes("*")) {
      const glob = new RegExp(`^${category.replace(/[.+]/g, "\\$&")}/${name.replace(/[.+]/g, "\\$&").replaceAll("*", ".*")}$`);
      if (inCategory.some((known) => glob.test(known))) return { kind: "pattern" };
      return { kind: "unknown", message: `No package in the catalog matches ${quote(atom)}.`, hint: MISSING_HINT };
    }
    return {
      kind: "unknown",
      message: full === atom ? `No repository in the catalog has the package ${excerpt(full)}.` : `No repository in the catalog has the package ${excerpt(full)}, which ${quote(atom)} names.`,
      hint: this.#sameName(name) ?? didYouMean([closestName(full, inCategory)]) ?? MISSING_HINT,
    };
  }

  /**
   * "Did you mean ...?" for a misspelled category: the closest package in the closest category,
   * or that category. Searching all atoms instead would cost tens of milliseconds an atom.
   */
  #inNearCategory(category: string, name: string): string | undefined {
    const near = closestName(category, this.#categories.keys());
    if (near === undefined) return undefined;
    return didYouMean([closestName(`${near}/${name}`, this.#categories.get(near) ?? []) ?? near]);
  }

  /** "Did you mean ...?" for packages of this name in other categories, the first three. */
  #sameName(name: string): string | undefined {
    return didYouMean(this.#names.get(name)?.slice(0, 3) ?? []);
  }
}

/** The image's own packages by category, built once per set: looking each atom up must not walk them all. */
const localCategories = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

function localByCategory(local: ReadonlySet<string>): Map<string, string[]> {
  let byCategory = localCategories.get(local);
  if (byCategory === undefined) {
    byCategory = new Map();
    for (const atom of local) push(byCategory, atom.slice(0, atom.indexOf("/")), atom);
    localCategories.set(local, byCategory);
  }
  return byCategory;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
