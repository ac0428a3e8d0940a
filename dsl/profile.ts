import type { Arch } from "./arch.js";
import type { CheckedAtomFields } from "./atom-fields.js";
import { brand, PROFILE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
import type { AtomCompletions, AtomsToComplete } from "./catalog.js";
import type { ArchBlock, ArchBlocks, LayerFields, ProfileSpec, Variant } from "./spec.js";
import type { WrittenFields } from "./written.js";

/** Marks the arches a profile exists for, in the type only. */
declare const SUPPORTS: unique symbol;

/** A profile as data, whatever arches it exists for. */
export type AnyProfile = Omit<LayerFields, "extends" | "arch" | "variants" | "arches"> & {
  readonly [PROFILE_BRAND]: BrandInfo;
  readonly extends?: AnyProfile | readonly AnyProfile[];
  readonly arches?: readonly Arch[];
  readonly arch?: ArchBlocks<ArchBlock>;
  readonly variants?: { readonly [name: string]: Variant };
};

/**
 * A reusable partial blueprint that images and other profiles `extends`. `A` is the set of
 * arches it exists for; the type admits it only where every arch of the image is among them.
 */
export type Profile<A extends Arch = Arch> = AnyProfile & {
  // A function parameter makes the check go the right way: a profile for every arch fits an
  // image for x86_64, a profile for aarch64 only does not.
  readonly [SUPPORTS]?: (arch: A) => void;
};

/**
 * Declares a profile: settings shared by several images, merged before the image's own by the
 * same rules genpack uses for arch and variant blocks. Pure: it only brands and freezes the spec.
 *
 * @example
 * export default defineProfile({
 *   profile: "paravirt",
 *   packages: ["app-misc/screen"],
 * });
 *
 * Its type parameters are those of {@link defineImage}, for the same reasons.
 */
export function defineProfile<
  const A extends Arch,
  const Use extends object = AtomCompletions,
  const Packages extends readonly unknown[] = AtomsToComplete,
  const Buildtime extends readonly unknown[] = AtomsToComplete,
  const Keywords extends object = AtomCompletions,
  const Licenses extends object = AtomCompletions,
  const Masked extends readonly unknown[] = AtomsToComplete,
  const Env extends object = AtomCompletions,
  const Written = unknown,
>(spec: ProfileSpec<A, CheckedAtomFields<Use, Packages, Buildtime, Keywords, Licenses, Masked, Env>> & WrittenFields<Written, ProfileSpec<A>>): Profile<A> {
  return Object.freeze(withCallSite(brand(PROFILE_BRAND, spec), captureCallSite(defineProfile))) as unknown as Profile<A>;
}
