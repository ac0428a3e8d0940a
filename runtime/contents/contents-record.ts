import type { AnyOfChoice, ClosureEdge, UnsatisfiedGroup } from "../upper/closure/index.js";
import type { EntryType } from "./tree-listing.js";

/**
 * The contents record: what the upper phase put into the image and why, written beside the
 * upper's phase record (`work/<arch>/contents[-<variant>].json`) and read by `gp contents`.
 */

/** Bumped when the record's shape changes; a record of another format is rebuilt by `gp upper`. */
export const CONTENTS_FORMAT = 1;

/** A step of the upper phase that put paths into the upper layer, in genpack's order. */
export type RuleKind =
  | "package-scripts"
  | "genpack-metadata"
  | "accounts"
  | "files"
  | "build-script"
  | "touch-usr"
  | "setup-commands"
  | "services"
  | "copy-up"
  | "extra-toplevel"
  | "dev";

export interface ContentsRule {
  readonly kind: RuleKind;
  /**
   * The artifact file behind the rule, relative to the artifact directory: `files/etc/x` for a
   * path copied from files/, `files/build.d/10-mark.sh` for a build script.
   */
  readonly file?: string;
}

/** One package of the runtime closure and the chain that pulled it in. */
export interface ContentsPackage {
  readonly cpv: string;
  readonly category: string;
  readonly name: string;
  readonly version: string;
  readonly slot: string;
  /** The first edge that pulled it in; `from` leads back to a set. */
  readonly pulledBy: ClosureEdge;
  /** Every dependant and set that asks for it, first seen first. */
  readonly neededBy: readonly string[];
}

/** One path of the upper layer. */
export interface ContentsPath {
  /** The image path, absolute and normalised. */
  readonly path: string;
  readonly type: EntryType;
  /** The closure package whose CONTENTS lists the path, by cpv. */
  readonly owner?: string;
  /** The steps that added or changed it, in order; empty when only the copy-up of its owner did. */
  readonly rules: readonly ContentsRule[];
}

export interface ContentsRecord {
  readonly format: typeof CONTENTS_FORMAT;
  /** The key of the upper this record describes; it must equal the upper's phase record's. */
  readonly upperKey: string;
  readonly devel: boolean;
  readonly roots: readonly string[];
  readonly packages: readonly ContentsPackage[];
  readonly unsatisfiedGroups: readonly UnsatisfiedGroup[];
  readonly paths: readonly ContentsPath[];
}

export type { AnyOfChoice, ClosureEdge };
