import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import Module from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** The TypeScript compiler API. */
export type TypeScript = typeof import("typescript");

let loaded: TypeScript | undefined;

/** Where gp keeps caches that only make it faster, never change what it produces. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env["XDG_CACHE_HOME"] !== undefined && env["XDG_CACHE_HOME"] !== "" ? env["XDG_CACHE_HOME"] : join(homedir(), ".cache");
  return join(base, "genpack-ts");
}

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
  const hasBuiltInCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";
  loaded = hasBuiltInCache ? (require("typescript") as TypeScript) : loadWithCodeCache(require);
  return loaded;
}

function loadWithCodeCache(require: NodeJS.Require): TypeScript {
  const file = require.resolve("typescript");
  const version = (require("typescript/package.json") as { version: string }).version;
  const cacheFile = join(cacheDirectory(), "v8", `typescript-${version}-node${process.version}-${process.arch}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // Written at exit, so the cache holds the functions this run compiled, not only the top level.
    process.once("exit", () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only home directory only means the next run is slower.
      }
    });
  }
  return module.exports as TypeScript;
}
