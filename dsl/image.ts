import type { Arch } from "./arch.js";
import type { CheckedAtomFields } from "./atom-fields.js";
import { brand, IMAGE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
import type { AtomCompletions, CatalogAtomList } from "./catalog.js";
import type { ImageSpec } from "./spec.js";

/** An image blueprint: what `defineImage` returns and a blueprint module exports by default. */
export type Image = ImageSpec & { readonly [IMAGE_BRAND]: BrandInfo };

/**
 * Declares an image. A blueprint module exports the result as its default export; `gp compile`
 * turns it into a genpack artifact directory. Pure: it only brands and freezes the spec.
 *
 * @example
 * export default defineImage({
 *   name: "nextcloud",
 *   profile: "paravirt",
 *   packages: ["www-apps/nextcloud", "dev-db/mysql"],
 *   services: ["apache2", "mysqld"],
 * });
 *
 * The type parameters after `A` take the top-level fields that hold atoms as written (see
 * {@link CheckedAtomFields}); their defaults, every atom of the catalog, are what editors
 * complete from. `A` has no default on purpose: when every type parameter of a call has one,
 * TypeScript resolves them all before inferring anything, and these defaults are the size of
 * the catalog. The lists' parameters have no constraint for a like reason: TypeScript checks a
 * default against its constraint, which reads every atom.
 */
export function defineImage<
  const A extends Arch,
  const Use extends object = AtomCompletions,
  const Packages = CatalogAtomList,
  const Buildtime = CatalogAtomList,
  const Keywords extends object = AtomCompletions,
  const Licenses extends object = AtomCompletions,
  const Masked = CatalogAtomList,
  const Env extends object = AtomCompletions,
>(spec: ImageSpec<A, CheckedAtomFields<Use, Packages, Buildtime, Keywords, Licenses, Masked, Env>>): Image {
  return Object.freeze(withCallSite(brand(IMAGE_BRAND, spec), captureCallSite(defineImage))) as unknown as Image;
}
