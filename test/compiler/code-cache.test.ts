import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuiltScript, runWithCodeCache } from "../../compiler/code-cache.js";
import { suiteDirectory } from "../helpers/temp.js";

describe("runWithCodeCache", () => {
  let work: string;
  let saved: string | undefined;
  beforeEach(() => {
    work = suiteDirectory("gp-code-cache-");
    saved = process.env["XDG_CACHE_HOME"];
    process.env["XDG_CACHE_HOME"] = join(work, "cache");
  });
  afterEach(() => {
    if (saved === undefined) delete process.env["XDG_CACHE_HOME"];
    else process.env["XDG_CACHE_HOME"] = saved;
  });

  function script(name: string, body: string): string {
    const directory = join(work, "lib");
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, "helper.js"), "module.exports = 'from beside it';\n");
    const file = join(directory, name);
    writeFileSync(file, body);
    return file;
  }

  it("runs a CommonJS script as require() would: its exports, require() of files beside it, __filename", () => {
    const file = script("a.js", "exports.helper = require('./helper.js'); exports.self = __filename; exports.sum = (a, b) => a + b;\n");
    const ran = runWithCodeCache(file, "a-1").exports as { helper: string; self: string; sum: (a: number, b: number) => number };
    expect(ran.helper).toBe("from beside it");
    expect(ran.self).toBe(file);
    expect(ran.sum(2, 3)).toBe(5);
  });

  it("keeps V8's compiled code once asked to, and the next run of the same script takes it", () => {
    const file = script("b.js", "module.exports = function twice(x) { return x * 2; };\n");
    const first = runWithCodeCache(file, "b-1");
    expect(first.fromCache).toBe(false);
    expect((first.exports as (x: number) => number)(4)).toBe(8);
    first.keep();
    const kept = readdirSync(join(work, "cache", "genpack-ts", "v8"));
    expect(kept).toEqual([`b-1-node${process.version}-${process.arch}.bin`]);
    const second = runWithCodeCache(file, "b-1");
    expect(second.fromCache).toBe(true);
    expect((second.exports as (x: number) => number)(5)).toBe(10);
  });

  it("compiles anew when the kept code was made from a script of another length", () => {
    const file = script("c.js", "module.exports = 1;\n");
    runWithCodeCache(file, "c-1").keep();
    writeFileSync(file, "module.exports = 22222;\n");
    const changed = runWithCodeCache(file, "c-1");
    expect(changed.fromCache).toBe(false);
    expect(changed.exports).toBe(22222);
  });

  it("runs the script all the same where the cache cannot be written", () => {
    writeFileSync(join(work, "cache"), "a file where the cache folder would be");
    const file = script("d.js", "module.exports = 'ran';\n");
    const ran = runWithCodeCache(file, "d-1");
    expect(ran.exports).toBe("ran");
    expect(() => ran.keep()).not.toThrow();
    expect(existsSync(join(work, "cache", "genpack-ts"))).toBe(false);
  });

  it("keeps a built script's code under its name, size and time, so that a new build is compiled anew", () => {
    const file = script("built.cjs", "module.exports = 'first build';\n");
    const first = runBuiltScript(file);
    expect(first.exports).toBe("first build");
    first.keep();
    expect(runBuiltScript(file).fromCache).toBe(true);
    writeFileSync(file, "module.exports = 'second build, longer';\n");
    const rebuilt = runBuiltScript(file);
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.exports).toBe("second build, longer");
  });
});
