import type { Arch } from "../dsl/index.js";
import { blocksOf, itemsOf, type MergedBlock } from "./merge-layers.js";
import { supportedArches } from "./rules/supported-arches.js";

/** The builds an image declares: each of its arches with each of its variants. */
export interface ImageMatrix {
  /** The arches the image exists for, or undefined when no layer names any (`arches`). */
  readonly arches: readonly Arch[] | undefined;
  /** Each variant by name; `null` alone when the image has none. */
  readonly variants: readonly (string | null)[];
}

/**
 * The arches and variants an image declares, from its merged spec. An image whose layers set no
 * `arches` declares none: it is built for the machine it is built on, as `gp build` does. An
 * image with variants is built once per variant; its plain form is what a variant adds to, so
 * it is not a build of its own.
 */
export function imageMatrix(merged: MergedBlock): ImageMatrix {
  const declared = itemsOf(merged, "arches").length > 0;
  const variants = [...blocksOf(merged, "variants").keys()];
  return {
    arches: declared ? supportedArches(merged).arches : undefined,
    variants: variants.length > 0 ? variants : [null],
  };
}
