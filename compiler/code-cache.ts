import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { Script } from "node:vm";

/** Where gp keeps caches that only make it faster, never change what it produces. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env["XDG_CACHE_HOME"] !== undefined && env["XDG_CACHE_HOME"] !== "" ? env["XDG_CACHE_HOME"] : join(homedir(), ".cache");
  return join(base, "genpack-ts");
}

/** Whether Node keeps compiled code of every module itself (22 and later; see cli/main.ts). */
export function hasBuiltInCompileCache(): boolean {
  return typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";
}

/** A CommonJS script that ran, and how to keep what V8 compiled of it. */
export interface CachedScript {
  readonly exports: unknown;
  /** Whether V8 took the kept code, rather than compiling the script anew. */
  readonly fromCache: boolean;
  /**
   * Writes V8's code of the script, with every function compiled so far, when the cache had none
   * that V8 took; call it once the script has done its work. A cache that cannot be written only
   * makes the next run slower.
   */
  keep(): void;
}

/**
 * Runs the CommonJS script `file` as require() would, with V8's compiled code of it kept
 * between runs in gp's cache, for Node 20, which has no compile cache of its own: compiling is
 * most of the load time of a large script. `key` names the script's exact content (a version, or
 * its build's size and time): V8 checks only the length of the source a cache was made from.
 */
export function runWithCodeCache(file: string, key: string): CachedScript {
  const cacheFile = join(cacheDirectory(), "v8", `${key}-node${process.version}-${process.arch}.bin`);
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
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  let kept = false;
  return {
    exports: module.exports,
    fromCache: !stale,
    keep() {
      if (!stale || kept) return;
      kept = true;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
      } catch {
        // A read-only home directory only means the next run is slower.
      }
    },
  };
}

/**
 * Runs a CommonJS script of gp's build: through Node's own compile cache where it has one (then
 * `fromCache` says nothing), else with {@link runWithCodeCache}, keyed by the file's name, size and
 * time, which a new build changes.
 */
export function runBuiltScript(file: string): CachedScript {
  if (hasBuiltInCompileCache()) return { exports: createRequire(file)(file) as unknown, fromCache: false, keep: () => undefined };
  const { size, mtimeMs } = statSync(file);
  return runWithCodeCache(file, `${basename(file, extname(file))}-${size}-${Math.trunc(mtimeMs)}`);
}
