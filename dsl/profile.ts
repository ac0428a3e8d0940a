import { brand, PROFILE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
import type { ProfileSpec } from "./spec.js";

/** A reusable partial blueprint that images and other profiles `extends`. */
export type Profile = ProfileSpec & { readonly [PROFILE_BRAND]: BrandInfo };

/**
 * Declares a profile: settings shared by several images, merged before the image's own by the
 * same rules genpack uses for arch and variant blocks. Pure: it only brands and freezes the spec.
 *
 * @example
 * export default defineProfile({
 *   profile: "paravirt",
 *   packages: ["app-misc/screen"],
 * });
 */
export function defineProfile(spec: ProfileSpec): Profile {
  return Object.freeze(withCallSite(brand(PROFILE_BRAND, spec), captureCallSite(defineProfile))) as Profile;
}
