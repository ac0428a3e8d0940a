import type { ValuePath } from "../errors/diagnostics.js";
import { fieldNames, fields, type FieldInfo, type FieldName } from "./fields.js";
import type { Layer } from "./layers.js";

/** Where a merged value came from: the layer and the path inside its spec. */
export interface Origin {
  readonly layer: Layer;
  /** Position of the layer in merge order; later layers win. */
  readonly layerIndex: number;
  readonly path: ValuePath;
}

/** A value with its origin, so that later stages can report on it and `gp explain` can show it. */
export interface Sourced<T = unknown> {
  readonly value: T;
  readonly origin: Origin;
}

export type MergedValue =
  /** `replaced` holds the values earlier layers set, oldest first. */
  | { readonly rule: "replace"; item: Sourced; readonly replaced: Sourced[] }
  | { readonly rule: "list"; readonly items: Sourced[] }
  /** `replaced` holds, per key, the entries earlier layers set, oldest first. */
  | { readonly rule: "record"; readonly entries: Map<string, Sourced>; readonly replaced: Map<string, Sourced[]> }
  | { readonly rule: "blocks"; readonly blocks: Map<string, MergedBlock> };

/** One position of the merged spec (the top level, an arch block, a variant), field by field. */
export type MergedBlock = Map<FieldName, MergedValue>;

/** Separates the two keys of a `perKeyNested` entry; neither part can contain a slash. */
export const NESTED_KEY_SEPARATOR = "/";

/**
 * Merges layers position by position: top level with top level, each arch block with the arch
 * block of the same key, each variant with the variant of the same name, and so on inside the
 * variants. Within a position, fields combine by their rule in `fields.ts`, layer after layer in
 * the order given (profiles first, the image last). genpack then applies its own order when it
 * resolves a target: top level < matching arch blocks < variant < the variant's arch blocks.
 *
 * Pure: reads only the layers (already validated) and returns new data.
 */
export function mergeLayers(layers: readonly Layer[]): MergedBlock {
  const top: MergedBlock = new Map();
  const unions: Unions = new Map();
  layers.forEach((layer, layerIndex) => mergeInto(top, layer.spec, { layer, layerIndex, path: [] }, unions));
  return top;
}

/** The values each union list holds, so a value is found there without a scan of the list. */
type Unions = Map<Sourced[], Set<unknown>>;

function mergeInto(target: MergedBlock, spec: Readonly<Record<string, unknown>>, at: Origin, unions: Unions): void {
  // Fields go in the table's fixed order, as genpack processes keys in a fixed order too.
  for (const name of fieldNames) {
    const value = spec[name];
    if (value === undefined) continue;
    const info: FieldInfo = fields[name];
    const origin: Origin = { ...at, path: [...at.path, name] };
    switch (info.merge) {
      case "replace": {
        const previous = target.get(name);
        const replaced = previous?.rule === "replace" ? previous.replaced : [];
        if (previous?.rule === "replace") replaced.push(previous.item);
        target.set(name, { rule: "replace", item: { value, origin }, replaced });
        break;
      }
      case "perLayer":
        appendItems(target, name, [{ value, origin }]);
        break;
      case "packages":
      case "concat":
        appendItems(target, name, elementsOf(value, origin));
        break;
      case "union":
        appendItems(target, name, elementsOf(value, origin), unions);
        break;
      case "perKey":
        for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
          setEntry(target, name, key, { value: entry, origin: { ...origin, path: [...origin.path, key] } });
        }
        break;
      case "perKeyNested":
        for (const [outer, inner] of Object.entries(value as Record<string, Record<string, unknown>>)) {
          for (const [key, entry] of Object.entries(inner)) {
            setEntry(target, name, `${outer}${NESTED_KEY_SEPARATOR}${key}`, { value: entry, origin: { ...origin, path: [...origin.path, outer, key] } });
          }
        }
        break;
      case "blocks": {
        let merged = target.get(name);
        if (merged?.rule !== "blocks") {
          merged = { rule: "blocks", blocks: new Map() };
          target.set(name, merged);
        }
        for (const [key, block] of Object.entries(value as Record<string, Record<string, unknown>>)) {
          let position = merged.blocks.get(key);
          if (position === undefined) {
            position = new Map();
            merged.blocks.set(key, position);
          }
          mergeInto(position, block, { ...origin, path: [...origin.path, key] }, unions);
        }
        break;
      }
      case "layering":
        break;
    }
  }
}

/** The elements of a list field; `binpkgExcludes` may also be a single string. */
function elementsOf(value: unknown, origin: Origin): Sourced[] {
  if (!Array.isArray(value)) return [{ value, origin }];
  return value.map((element: unknown, index) => ({ value: element, origin: { ...origin, path: [...origin.path, index] } }));
}

/** Appends items to a list field; with `unions`, only values the list does not hold yet. */
function appendItems(target: MergedBlock, name: FieldName, items: readonly Sourced[], unions?: Unions): void {
  let merged = target.get(name);
  if (merged?.rule !== "list") {
    merged = { rule: "list", items: [] };
    target.set(name, merged);
  }
  let held = unions?.get(merged.items);
  if (unions !== undefined && held === undefined) {
    held = new Set(merged.items.map((item) => item.value));
    unions.set(merged.items, held);
  }
  for (const item of items) {
    if (held !== undefined) {
      if (held.has(item.value)) continue;
      held.add(item.value);
    }
    merged.items.push(item);
  }
}

/** Replaces an entry in place, as a Python dict keeps a key's first position when it is reassigned. */
function setEntry(target: MergedBlock, name: FieldName, key: string, entry: Sourced): void {
  let merged = target.get(name);
  if (merged?.rule !== "record") {
    merged = { rule: "record", entries: new Map(), replaced: new Map() };
    target.set(name, merged);
  }
  const previous = merged.entries.get(key);
  if (previous !== undefined) {
    const replaced = merged.replaced.get(key);
    if (replaced === undefined) merged.replaced.set(key, [previous]);
    else replaced.push(previous);
  }
  merged.entries.set(key, entry);
}

/** The entries earlier layers gave a key of a record field, oldest first. */
export function replacedEntriesOf(block: MergedBlock, name: FieldName, key: string): readonly Sourced[] {
  const merged = block.get(name);
  return merged?.rule === "record" ? (merged.replaced.get(key) ?? []) : [];
}

/** The items of a list field of a block, or none. */
export function itemsOf(block: MergedBlock, name: FieldName): readonly Sourced[] {
  const merged = block.get(name);
  return merged?.rule === "list" ? merged.items : [];
}

/** The entries of a record field of a block, or none. */
export function entriesOf(block: MergedBlock, name: FieldName): ReadonlyMap<string, Sourced> {
  const merged = block.get(name);
  return merged?.rule === "record" ? merged.entries : new Map();
}

/** The value of a replace field of a block. */
export function scalarOf(block: MergedBlock, name: FieldName): Sourced | undefined {
  const merged = block.get(name);
  return merged?.rule === "replace" ? merged.item : undefined;
}

/** The values earlier layers gave a replace field, oldest first, before the one that stands. */
export function replacedOf(block: MergedBlock, name: FieldName): readonly Sourced[] {
  const merged = block.get(name);
  return merged?.rule === "replace" ? merged.replaced : [];
}

/**
 * Where some value of a block was written: the origin of its first field's first value, for
 * problems about the block as a whole (its key); none for a block that sets nothing itself.
 */
export function firstOriginOf(block: MergedBlock): Origin | undefined {
  const [field] = [...block.values()];
  if (field === undefined) return undefined;
  if (field.rule === "replace") return field.item.origin;
  if (field.rule === "list") return field.items[0]?.origin;
  if (field.rule === "record") return [...field.entries.values()][0]?.origin;
  return undefined;
}

/** The blocks of `arch` or `variants`, in first-seen order. */
export function blocksOf(block: MergedBlock, name: "arch" | "variants"): ReadonlyMap<string, MergedBlock> {
  const merged = block.get(name);
  return merged?.rule === "blocks" ? merged.blocks : new Map();
}
