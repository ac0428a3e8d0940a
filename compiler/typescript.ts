import { createRequire } from "node:module";
import { hasBuiltInCompileCache, runWithCodeCache } from "./code-cache.js";

/** The TypeScript compiler API. */
export type TypeScript = typeof import("typescript");

let loaded: TypeScript | undefined;

/**
 * Loads TypeScript on first use; the compile path without type-check or diagnostics never pays
 * for it. TypeScript is a single 9 MB script, and compiling it is most of its load time, so its
 * V8 code is cached between runs: Node 22 and later do that for every module once
 * `module.enableCompileCache()` is on (see cli/main.ts); on Node 20 gp compiles TypeScript
 * through `vm.Script` with cached data itself. A missing, stale or unwritable cache only costs
 * time.
 */
export function loadTypeScript(): TypeScript {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  if (hasBuiltInCompileCache()) {
    loaded = require("typescript") as TypeScript;
    return loaded;
  }
  const version = (require("typescript/package.json") as { version: string }).version;
  const script = runWithCodeCache(require.resolve("typescript"), `typescript-${version}`);
  // Kept at exit, so that the cache holds the functions this run compiled, not only the top level.
  process.once("exit", () => script.keep());
  loaded = script.exports as TypeScript;
  return loaded;
}
