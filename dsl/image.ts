import type { Arch } from "./arch.js";
import type { CheckedAtomFields } from "./atom-fields.js";
import { brand, IMAGE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
import type { AtomCompletions, AtomsToComplete } from "./catalog.js";
import type { ImageSpec } from "./spec.js";
import type { WrittenFields } from "./written.js";

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
 * {@link CheckedAtomFields}); their defaults are what TypeScript reads for a field while an
 * editor completes in it: every atom of the catalog as keys, a marker for the lists. `A` has no
 * default on purpose: when every type parameter of a call has one, TypeScript resolves them all
 * before inferring anything, and the keyed fields' defaults are the size of the catalog.
 */
export function defineImage<
  const A extends Arch,
  const Use extends object = AtomCompletions,
  const Packages extends readonly unknown[] = AtomsToComplete,
  const Buildtime extends readonly unknown[] = AtomsToComplete,
  const Keywords extends object = AtomCompletions,
  const Licenses extends object = AtomCompletions,
  const Masked extends readonly unknown[] = AtomsToComplete,
  const Env extends object = AtomCompletions,
  const Written = unknown,
>(spec: ImageSpec<A, CheckedAtomFields<Use, Packages, Buildtime, Keywords, Licenses, Masked, Env>> & WrittenFields<Written, ImageSpec<A>>): Image {
  return Object.freeze(withCallSite(brand(IMAGE_BRAND, spec), captureCallSite(defineImage))) as unknown as Image;
}
