import type { CodeEntry } from "../codes.js";
import type { Origin } from "../merge-layers.js";

/** A problem found in the merged spec, located later through the origins it names. */
export interface Finding {
  readonly entry: CodeEntry;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly at: Origin;
  readonly hint?: string;
  readonly related?: readonly { readonly message: string; readonly at: Origin }[];
}

/** A semantic rule over the merged spec. Rules are pure and independent of each other. */
export type Rule = (merged: import("../merge-layers.js").MergedBlock) => Finding[];
