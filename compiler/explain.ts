import type { Arch } from "../dsl/index.js";
import { archKeyApplies } from "../genpack/arch-blocks.js";
import type { Location } from "../errors/diagnostics.js";
import { fields, type FieldInfo, type FieldName } from "./fields.js";
import type { LayerLocator } from "./layers.js";
import { blocksOf, entriesOf, itemsOf, replacedEntriesOf, replacedOf, scalarOf, type MergedBlock, type Origin, type Sourced } from "./merge-layers.js";
import { packageOperations } from "./package-list.js";

/** Where a value was written, for people: a layer's file and position. */
export interface Provenance {
  readonly location: Location;
}

/** How a value came to be, or to be gone. */
export interface Step {
  readonly kind: "set" | "added" | "removed" | "overrides" | "overridden";
  readonly value: unknown;
  readonly location: Location;
}

/** One resolved value of a field, with where it was set and what changed it on the way. */
export interface ExplainedEntry {
  /** The key, for fields set per key (`use`, `files`, ...). */
  readonly key?: string;
  readonly value: unknown;
  /** Whether the value is in the result; removed entries are listed too, with their removal. */
  readonly present: boolean;
  readonly setAt: Location;
  readonly history: readonly Step[];
}

export interface ExplainedField {
  readonly field: FieldName;
  readonly entries: readonly ExplainedEntry[];
}

/** The blocks genpack applies for one arch and variant, in its order, as gp's semantics has them. */
function blocksFor(merged: MergedBlock, arch: Arch, variant: string | null): MergedBlock[] {
  const matching = (block: MergedBlock) => [...blocksOf(block, "arch")].filter(([key]) => archKeyApplies(key, arch)).map(([, inner]) => inner);
  const chosen = variant === null ? undefined : blocksOf(merged, "variants").get(variant);
  return [merged, ...matching(merged), ...(chosen === undefined ? [] : [chosen, ...matching(chosen)])];
}

/** Fields whose meaning is a list of values in order. */
const LIST_RULES = new Set(["union", "concat", "perLayer"]);

/**
 * Why each value of a resolved image is what it is: for one arch and variant, every field's
 * values with the layer and position that set them, and the removals and overrides that
 * changed them on the way (profiles in `extends` order, the image, then arch blocks, the
 * variant and its arch blocks, as genpack applies them).
 */
export function explain(merged: MergedBlock, arch: Arch, variant: string | null, locator: LayerLocator): ExplainedField[] {
  const where = (origin: Origin): Location => locator.locate(origin.layer, origin.path);
  const blocks = blocksFor(merged, arch, variant);
  const explained: ExplainedField[] = [];
  for (const name of Object.keys(fields) as FieldName[]) {
    const info: FieldInfo = fields[name];
    if (info.merge === "layering" || info.merge === "blocks") continue;
    const present = blocks.filter((block) => block.has(name));
    if (present.length === 0) continue;
    if (info.merge === "packages") {
      explained.push({ field: name, entries: explainPackages(present, where) });
    } else if (LIST_RULES.has(info.merge)) {
      const entries: ExplainedEntry[] = [];
      const byValue = new Map<unknown, ExplainedEntry & { history: Step[] }>();
      for (const block of present) {
        for (const item of itemsOf(block, name)) {
          const duplicate = info.merge === "union" ? byValue.get(item.value) : undefined;
          if (duplicate !== undefined) {
            duplicate.history.push({ kind: "set", value: item.value, location: where(item.origin) });
            continue;
          }
          const entry = { value: item.value, present: true, setAt: where(item.origin), history: [] as Step[] };
          if (!byValue.has(item.value)) byValue.set(item.value, entry);
          entries.push(entry);
        }
      }
      explained.push({ field: name, entries });
    } else if (info.merge === "perKey" || info.merge === "perKeyNested") {
      explained.push({ field: name, entries: explainRecords(present, name, where) });
    } else {
      explained.push({ field: name, entries: [explainScalar(present, name, where)] });
    }
  }
  return explained;
}

function explainPackages(blocks: readonly MergedBlock[], where: (origin: Origin) => Location): ExplainedEntry[] {
  const entries: ExplainedEntry[] = [];
  const current = new Map<string, ExplainedEntry & { history: Step[] }>();
  for (const block of blocks) {
    for (const operation of packageOperations(itemsOf(block, "packages"))) {
      const location = where(operation.item.origin);
      const existing = current.get(operation.atom);
      if (operation.kind === "add") {
        if (existing !== undefined && existing.present) {
          existing.history.push({ kind: "added", value: operation.atom, location });
          continue;
        }
        const entry = { value: operation.atom, present: true, setAt: location, history: [] as Step[] };
        current.set(operation.atom, entry);
        entries.push(entry);
      } else if (existing !== undefined && existing.present) {
        Object.assign(existing, { present: false });
        existing.history.push({ kind: "removed", value: operation.atom, location });
      }
    }
  }
  return entries;
}

function explainRecords(blocks: readonly MergedBlock[], name: FieldName, where: (origin: Origin) => Location): ExplainedEntry[] {
  const result = new Map<string, { entry: Sourced; history: Step[] }>();
  for (const block of blocks) {
    for (const [key, entry] of entriesOf(block, name)) {
      const earlier = result.get(key);
      const history: Step[] = earlier === undefined ? [] : [...earlier.history, { kind: "overridden", value: earlier.entry.value, location: where(earlier.entry.origin) }];
      // Layers merged into this block first: a profile's entry the image replaced.
      for (const replaced of replacedEntriesOf(block, name, key)) history.push({ kind: "overridden", value: replaced.value, location: where(replaced.origin) });
      result.set(key, { entry, history });
    }
  }
  return [...result].map(([key, { entry, history }]) => ({ key, value: entry.value, present: true, setAt: where(entry.origin), history }));
}

function explainScalar(blocks: readonly MergedBlock[], name: FieldName, where: (origin: Origin) => Location): ExplainedEntry {
  const history: Step[] = [];
  let last: Sourced | undefined;
  for (const block of blocks) {
    const value = scalarOf(block, name);
    if (value === undefined) continue;
    if (last !== undefined) history.push({ kind: "overridden", value: last.value, location: where(last.origin) });
    for (const replaced of replacedOf(block, name)) history.push({ kind: "overridden", value: replaced.value, location: where(replaced.origin) });
    last = value;
  }
  const final = last as Sourced;
  return { value: final.value, present: true, setAt: where(final.origin), history };
}
