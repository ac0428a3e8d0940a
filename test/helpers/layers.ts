import type { Json5Object, Json5Value } from "../../genpack/json5/document.js";
import type { Layer } from "../../compiler/layers.js";
import { lower } from "../../compiler/lower.js";
import { mergeLayers } from "../../compiler/merge-layers.js";

/** Layers from plain specs, profiles first and the image last, as collectLayers orders them. */
export function layers(...specs: Record<string, unknown>[]): Layer[] {
  return specs.map((spec, index) => ({ kind: index === specs.length - 1 ? "image" : "profile", spec }));
}

function isObject(value: Json5Value): value is Json5Object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON5 document as plain data, for assertions. */
export function plain(value: Json5Value): unknown {
  if (Array.isArray(value)) return (value as Json5Value[]).map(plain);
  if (isObject(value)) return Object.fromEntries(value.entries.map(([key, entry]) => [key, plain(entry)]));
  return value;
}

/** The keys of a JSON5 object in document order, which plain objects cannot always keep. */
export function keysOf(value: Json5Value | undefined): string[] {
  return value !== undefined && isObject(value) ? value.entries.map(([key]) => key) : [];
}

/** Merges specs and lowers them: the genpack.json5 document as plain data. */
export function genpackJson(...specs: Record<string, unknown>[]): Record<string, unknown> {
  return plain(lower(mergeLayers(layers(...specs)), "test").document) as Record<string, unknown>;
}
