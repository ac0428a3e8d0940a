import type { ContentsPath, ContentsRule } from "./contents-record.js";
import { changedPaths, listTree, type TreeListing } from "./tree-listing.js";

/**
 * Watches the upper layer while the upper phase builds it: after each step the layer is listed
 * again, and every path the step added or changed is attributed to that step. What is recorded
 * is what the step did, observed, not what it was expected to do.
 */
export class UpperObserver {
  private listing: TreeListing = new Map();
  private readonly rules = new Map<string, ContentsRule[]>();

  constructor(private readonly upper: string) {}

  /**
   * Lists the layer and attributes what changed since the last look to a step.
   *
   * @param rule the step, or for each changed path its rule (undefined: the path is the copy-up of its owner alone)
   */
  observe(rule: ContentsRule | ((path: string) => ContentsRule | undefined)): void {
    const after = listTree(this.upper);
    for (const path of changedPaths(this.listing, after)) {
      const attributed = typeof rule === "function" ? rule(path) : rule;
      if (attributed === undefined) continue;
      const rules = this.rules.get(path);
      if (rules === undefined) this.rules.set(path, [attributed]);
      else rules.push(attributed);
    }
    this.listing = after;
  }

  /** Every path of the layer as last observed, in path order, with its owner from the copy-up list. */
  paths(owners: ReadonlyMap<string, string>): ContentsPath[] {
    const paths: ContentsPath[] = [];
    for (const [path, entry] of this.listing) {
      const owner = owners.get(path);
      paths.push({ path, type: entry.type, ...(owner === undefined ? {} : { owner }), rules: this.rules.get(path) ?? [] });
    }
    return paths;
  }
}
