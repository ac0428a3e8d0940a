import { describe, expect, it, vi } from "vitest";
import type { CompileResult } from "../../compiler/index.js";
import { parseJson5 } from "../../genpack/json5/parse.js";
import { SourceLocator } from "../../compiler/source-locator.js";
import { LiteralShapes } from "../../compiler/literal-shapes.js";
import { blueprint, compileSource } from "../helpers/blueprint-file.js";

// Blueprints with lists of 100,000 entries and chains of thousands of profiles and packages.
// Before every step over a list was linear, compiling such a blueprint took hours, and the
// chains ran out of stack. The test timeout only catches a hang; the figures are in
// bench/scale.bench.mjs.

function emittedJson(result: CompileResult): Record<string, unknown> {
  const emitted = result.artifact?.get("genpack.json5");
  if (emitted?.kind !== "file") throw new Error(`nothing emitted: ${JSON.stringify(result.diagnostics)}`);
  const parsed = parseJson5(Buffer.from(emitted.data).toString("utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  const toPlain = (node: import("../../genpack/json5/syntax.js").ValueNode): unknown =>
    node.kind === "object" ? Object.fromEntries(node.entries.map((entry) => [entry.key, toPlain(entry.value)])) : node.kind === "array" ? node.items.map((item) => toPlain(item.value)) : node.kind === "null" ? null : node.value;
  return toPlain(parsed.document.root) as Record<string, unknown>;
}

const codes = (result: CompileResult) => result.diagnostics.map((diagnostic) => diagnostic.code);

describe("a blueprint with 100,000 packages", () => {
  it("compiles to the list genpack builds, each removal applied", async () => {
    const count = 100_000;
    const lines: string[] = [];
    const removed = new Set<number>();
    for (let index = 0; index < count; index++) {
      lines.push(`"app-misc/p${index}",`);
      if (index % 10 === 9) {
        lines.push(`remove("app-misc/p${index - 5}"),`);
        removed.add(index - 5);
      }
    }
    const expected = Array.from({ length: count }, (_, index) => index)
      .filter((index) => !removed.has(index))
      .map((index) => `app-misc/p${index}`);
    const result = await compileSource(`import { defineImage, remove } from "genpack-ts";\nexport default defineImage({ name: "big", packages: [\n${lines.join("\n")}\n] });\n`);
    expect(result.diagnostics).toEqual([]);
    expect(emittedJson(result)["packages"]).toEqual(expected);
  });

  it("warns once for each removal that removes nothing, among 10,000 variants", async () => {
    const count = 10_000;
    const packages = Array.from({ length: count }, (_, index) => `"app-misc/p${index}"`).join(", ");
    const variants = Array.from({ length: count }, (_, index) => `v${index}: { packages: [remove("app-misc/p${index}"), remove("app-misc/none${index}")] }`).join(",\n");
    const result = await compileSource(`import { defineImage, remove } from "genpack-ts";\nexport default defineImage({ name: "many", packages: [${packages}], variants: {\n${variants}\n} });\n`);
    const idle = result.diagnostics.filter((diagnostic) => diagnostic.code === "GP3021");
    expect(idle).toHaveLength(count);
    expect(idle.map((diagnostic) => diagnostic.location?.start?.line)).toEqual(Array.from({ length: count }, (_, index) => index + 3));
  });
});

describe("accounts of many variants", () => {
  it("are checked against the top level's 10,000 users once per variant's own", async () => {
    const count = 10_000;
    const users = Array.from({ length: count }, (_, index) => `{ name: "u${index}", uid: ${10_000 + index} }`).join(", ");
    // Each variant reuses one top-level uid, and the last one a top-level name too.
    const variants = Array.from({ length: count }, (_, index) => `v${index}: { users: [{ name: "${index === count - 1 ? "u0" : `w${index}`}", uid: ${10_000 + index} }] }`).join(",\n");
    const result = await compileSource(`import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "accounts", users: [${users}], variants: {\n${variants}\n} });\n`);
    expect(codes(result).filter((code) => code === "GP3026")).toHaveLength(count - 1);
    expect(codes(result).filter((code) => code === "GP3008")).toHaveLength(1);
  });
});

describe("finding where values were written", () => {
  it("finds each DSL call once, however many of its values are located", () => {
    const count = 2_000;
    const { file } = blueprint(`import { defineImage } from "genpack-ts";\nexport default defineImage({\n  packages: [\n${Array.from({ length: count }, (_, index) => `    "app-misc/p${index}",`).join("\n")}\n  ],\n});\n`);
    const searches = vi.spyOn(LiteralShapes.prototype, "callAt");
    try {
      const locator = new SourceLocator();
      const site = { file, line: 2, column: 16 };
      const first = locator.locate(site, ["packages", 0]);
      for (let index = 1; index < count; index++) locator.locate(site, ["packages", index]);
      const last = locator.locate(site, ["packages", count - 1]);
      expect(first.start).toEqual({ line: 4, column: 5 });
      expect(last.start).toEqual({ line: count + 3, column: 5 });
      // The file is searched for the call once; the rest are lookups along the path.
      expect(searches).toHaveBeenCalledTimes(1);
    } finally {
      searches.mockRestore();
    }
  });

  it("places each of 100,000 entries of a list, and each of 100,000 keys, in one pass over the file", () => {
    const count = 100_000;
    const packages = Array.from({ length: count }, (_, index) => `    "app-misc/p${index}",`).join("\n");
    const use = Array.from({ length: count }, (_, index) => `    "app-misc/u${index}": ["flag"],`).join("\n");
    const { file } = blueprint(`import { defineImage } from "genpack-ts";\nexport default defineImage({\n  packages: [\n${packages}\n  ],\n  use: {\n${use}\n  },\n});\n`);
    const locator = new SourceLocator();
    const site = { file, line: 2, column: 16 };
    for (let index = 0; index < count; index++) locator.locate(site, ["packages", index]);
    for (let index = 0; index < count; index++) locator.locate(site, ["use", `app-misc/u${index}`], "key");
    expect(locator.locate(site, ["packages", count - 1]).start).toEqual({ line: count + 3, column: 5 });
    expect(locator.locate(site, ["use", `app-misc/u${count - 1}`], "key").start).toEqual({ line: 2 * count + 5, column: 5 });
  });
});

describe("long chains", () => {
  it("merges a chain of 5,000 profiles, each extending the next, in order", async () => {
    const result = await compileSource(`import { defineImage, defineProfile, type Profile } from "genpack-ts";
let profile: Profile = defineProfile({ packages: ["app-misc/p0"] });
for (let index = 1; index < 5000; index++) profile = defineProfile({ extends: profile, packages: [\`app-misc/p\${index}\`] });
export default defineImage({ name: "chain", extends: profile });
`);
    expect(result.diagnostics).toEqual([]);
    expect(emittedJson(result)["packages"]).toEqual(Array.from({ length: 5000 }, (_, index) => `app-misc/p${index}`));
  });

  it("collects and emits a chain of 10,000 packages, each depending on the next", async () => {
    const result = await compileSource(`import { defineImage, definePackage, type Package } from "genpack-ts";
let next: Package = definePackage({ category: "app-misc", name: "p0", version: "1", description: "p" });
for (let index = 1; index < 10_000; index++) next = definePackage({ category: "app-misc", name: \`p\${index}\`, version: "1", description: "p", rdepend: [next] });
export default defineImage({ name: "chain", packages: [next] });
`);
    expect(result.diagnostics).toEqual([]);
    expect([...(result.artifact?.keys() ?? [])].filter((path) => path.endsWith(".ebuild"))).toHaveLength(10_000);
  });
});
