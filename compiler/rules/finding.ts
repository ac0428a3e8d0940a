import type { CodeEntry } from "../../errors/codes.js";
import type { Origin } from "../merge-layers.js";

/**
 * A problem found in the merged spec, located later through the origins it names. Rules shared
 * with genpack.json5's checks name places of their own kind instead (`At`), such as key paths.
 */
export interface Finding<At = Origin> {
  readonly entry: CodeEntry;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly at: At;
  readonly hint?: string;
  readonly related?: readonly { readonly message: string; readonly at: At }[];
}

/** A semantic rule over the merged spec. Rules are pure and independent of each other. */
export type Rule = (merged: import("../merge-layers.js").MergedBlock) => Finding[];
