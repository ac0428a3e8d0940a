import { createRequire } from "node:module";

/** esbuild's JavaScript API. */
export type Esbuild = typeof import("esbuild");

let loaded: Esbuild | undefined;

/**
 * Loads esbuild on first use, with `require`: esbuild is a CommonJS module, and importing one
 * from an ES module makes Node scan its source for the names it exports first, which costs a
 * compile tens of milliseconds for nothing.
 */
export function loadEsbuild(): Esbuild {
  loaded ??= createRequire(import.meta.url)("esbuild") as Esbuild;
  return loaded;
}
