import type { Arch } from "./arch.js";
import { brand, IMAGE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
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
 */
export function defineImage<const A extends Arch = Arch>(spec: ImageSpec<A>): Image {
  return Object.freeze(withCallSite(brand(IMAGE_BRAND, spec), captureCallSite(defineImage))) as unknown as Image;
}
