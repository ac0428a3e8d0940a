import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleBlueprints } from "../../../compiler/bundle-blueprints.js";
import { bundleStackMapper, mapOutcomeStacks } from "../../../compiler/sandbox/bundle-stacks.js";
import { parseStack } from "../../../compiler/stack.js";
import { suiteDirectory } from "../../helpers/temp.js";

/** Bundles `files` as gp bundles blueprints and returns the stack each entry's module exports, as Node prints it without source maps. */
async function stacksFrom(folder: string, files: Record<string, string>, entries: readonly string[]): Promise<{ outdir: string; stacks: string[] }> {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, ".."), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const outdir = join(folder, ".bundle");
  const bundled = await bundleBlueprints(entries.map((entry) => join(folder, entry)), outdir);
  if (!bundled.ok) throw new Error(JSON.stringify(bundled.diagnostics));
  const stacks = entries.map((entry) => {
    const url = pathToFileURL(bundled.bundles.get(join(folder, entry))!.file).href;
    const ran = spawnSync(process.execPath, ["--input-type=module", "-e", `const m = await import(${JSON.stringify(url)}); process.stdout.write(m.stack);`], { encoding: "utf8" });
    if (ran.status !== 0) throw new Error(ran.stderr);
    return ran.stdout;
  });
  return { outdir, stacks };
}

describe("bundleStackMapper", () => {
  it("maps frames in a blueprint's bundle, and in the chunk it shares with another, to the files, lines and columns written", async () => {
    const folder = join(suiteDirectory("gp-bundle-stacks-"), "my (copy) project");
    const shared = "export function where() {\n  return new Error(\"here\");\n}\n";
    const blueprint = (name: string) => `import { where } from "./lib/shared.js";\n\n// ${name}\nexport const stack = where().stack;\n`;
    const { outdir, stacks } = await stacksFrom(folder, { "lib/shared.ts": shared, "a.image.ts": blueprint("a"), "b.image.ts": blueprint("b") }, ["a.image.ts", "b.image.ts"]);
    const map = bundleStackMapper([outdir]);
    for (const [index, entry] of ["a.image.ts", "b.image.ts"].entries()) {
      const stack = stacks[index]!;
      expect(parseStack(stack)[0]?.file.startsWith(outdir)).toBe(true);
      const frames = parseStack(map(stack));
      expect(frames[0]).toEqual({ file: join(folder, "lib/shared.ts"), line: 2, column: 10 });
      expect(frames[1]).toEqual({ file: join(folder, entry), line: 4, column: 22 });
    }
  });

  it("leaves the message, frames outside the bundle and frames it has no mapping for as they are", () => {
    const stack = ["Error: at /tmp/x.mjs:1:1 in the message", "    at node:internal/modules/run_main:1:1", "    at f (/elsewhere/y.js:3:4)", "    at /nowhere/.bundle/missing.mjs:5:6"].join("\n");
    expect(bundleStackMapper(["/nowhere/.bundle"])(stack)).toBe(stack);
  });

  it("reads no file outside the bundle folder for a stack a blueprint forged, and waits on no FIFO", () => {
    const work = suiteDirectory("gp-bundle-stacks-forged-");
    const outdir = join(work, ".bundle");
    mkdirSync(outdir);
    const fifo = join(work, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const stack = ["Error: forged", `    at x (${outdir}/../fifo:1:1)`, `    at y (${pathToFileURL(outdir).href}/%2e%2e/fifo:1:1)`, `    at z (${outdir}/../../../../dev/zero:1:1)`].join("\n");
    // A read of the FIFO would block this thread for good; the test finishing is the check.
    expect(bundleStackMapper([outdir])(stack)).toBe(stack);
  });

  it("maps the stacks of every kind an outcome carries: call sites, what was thrown, misconduct", () => {
    const map = (stack: string) => `mapped ${stack}`;
    const thrown = { kind: "error", name: "Error", message: "m", stack: "s" } as const;
    const evaluated = mapOutcomeStacks(
      {
        kind: "evaluated",
        exports: { containers: [], exports: [], marks: [[0, { callSite: "c" }], [1, {}]] },
        misconduct: [
          { kind: "uncaught", thrown },
          { kind: "exit", code: "1", stack: "e" },
          { kind: "left-running", resources: [{ type: "Timeout", stack: "t" }, { type: "Timeout" }] },
        ],
      },
      map,
    );
    expect(evaluated).toEqual({
      kind: "evaluated",
      exports: { containers: [], exports: [], marks: [[0, { callSite: "mapped c" }], [1, {}]] },
      misconduct: [
        { kind: "uncaught", thrown: { ...thrown, stack: "mapped s" } },
        { kind: "exit", code: "1", stack: "mapped e" },
        { kind: "left-running", resources: [{ type: "Timeout", stack: "mapped t" }, { type: "Timeout" }] },
      ],
    });
    expect(mapOutcomeStacks({ kind: "threw", thrown, misconduct: [] }, map)).toEqual({ kind: "threw", thrown: { ...thrown, stack: "mapped s" }, misconduct: [] });
    expect(mapOutcomeStacks({ kind: "out-of-memory" }, map)).toEqual({ kind: "out-of-memory" });
  });
});
