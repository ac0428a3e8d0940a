/**
 * A JSON5 document with keys in a chosen order, as gp writes genpack.json5. Plain JavaScript
 * objects cannot carry that order: they move integer-like keys (a variant named "31") to the front.
 */
export type Json5Value = null | boolean | number | string | readonly Json5Value[] | Json5Object;

export interface Json5Object {
  readonly entries: readonly (readonly [string, Json5Value])[];
}

export function json5Object(entries: readonly (readonly [string, Json5Value | undefined])[]): Json5Object {
  return { entries: entries.filter((entry): entry is readonly [string, Json5Value] => entry[1] !== undefined) };
}
