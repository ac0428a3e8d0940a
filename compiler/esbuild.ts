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

/**
 * Starts esbuild's service, the Go process every call goes to, ahead of a command that bundles
 * (`gp compile`, `gp check`): its start then overlaps the loading of the rest of gp rather than
 * delaying the first bundle. esbuild keeps the one service for every later call, and it keeps
 * gp from exiting no longer than gp's own work does. A service that fails to start fails the
 * bundle that needs it, with esbuild's message.
 */
export function warmEsbuild(): void {
  loadEsbuild()
    .transform("")
    .catch(() => undefined);
}
