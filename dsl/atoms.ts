import type { CatalogAtom } from "./catalog.js";

/**
 * A Portage package atom: `category/name`, optionally with a version operator, a version, a slot
 * or a repository, such as `www-apps/nextcloud`, `>=dev-lang/php-8.2` or `dev-lang/python:3.12`.
 * The compiler checks the full syntax; without a catalog the type catches the missing category,
 * and with one (`gp catalog`) a plain `category/name` must be a package of its repositories.
 */
export type PackageAtom = CatalogAtom;

/**
 * The key of a `package.*` entry: an atom, or a wildcard pattern such as `"dev-php/*"`.
 */
export type AtomPattern = CatalogAtom;

/** Removal of an atom that an earlier layer added: see {@link remove}. */
export interface PackageRemoval {
  /** The exact atom string to take out of the package list. */
  readonly remove: PackageAtom;
}

/** An entry of `packages`: an atom to install, or a removal made with {@link remove}. */
export type PackageEntry = PackageAtom | PackageRemoval;

/**
 * Takes an atom out of the package list that earlier layers built: the profiles this image
 * extends, and the top level when used inside an arch block or a variant.
 * genpack spells this `"-atom"` in genpack.json5; the match is on the exact string.
 *
 * @example
 * packages: ["www-apps/nextcloud", remove("app-editors/nano")]
 */
export function remove(atom: PackageAtom): PackageRemoval {
  return Object.freeze({ remove: atom });
}
