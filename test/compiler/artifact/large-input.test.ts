import { describe, expect, it } from "vitest";
import { checkGenpackJson } from "../../../compiler/artifact/check-genpack-json.js";
import { importArtifact } from "../../../compiler/artifact/import-artifact.js";
import { lintGenpackJson } from "../../../compiler/artifact/lint-genpack-json.js";
import { resolutionToJson } from "../../../compiler/artifact/resolve-target.js";
import { UniqueValues } from "../../../genpack/unique-values.js";
import { parseJson5 } from "../../../genpack/json5/parse.js";
import type { ValueNode } from "../../../genpack/json5/syntax.js";
import { load, resolveText, runtimeSet } from "../../helpers/genpack-json.js";

// Inputs of 100,000 entries and more. Before merging, linting and locating were linear, each of
// these took hours (one scan of the list per entry); the test timeout only catches such a hang,
// the figures are in bench/scale.bench.mjs.

function parse(text: string): ValueNode {
  const parsed = parseJson5(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.document.root;
}

/** What genpack's packages merge gives, worked out the plain way: a Set per block, in order. */
function expectedPackages(blocks: readonly (readonly string[])[]): string[] {
  const present = new Set<string>();
  for (const block of blocks) {
    for (const entry of block) {
      if (entry.startsWith("-")) present.delete(entry.slice(1));
      else present.add(entry);
    }
  }
  return [...present];
}

describe("a genpack.json5 with 100,000 packages", () => {
  const count = 100_000;
  const top = Array.from({ length: count }, (_, index) => `app-misc/p${index}`);
  // Every tenth atom is removed by the arch block, and every hundredth added back by the variant.
  const arch = top.filter((_, index) => index % 10 === 0).map((atom) => `-${atom}`);
  const variant = top.filter((_, index) => index % 100 === 0);
  const text = JSON.stringify({ name: "big", packages: top, arch: { x86_64: { packages: arch } }, variants: { v: { packages: variant } } });

  it("resolves to the list genpack builds, removals and all", () => {
    expect(runtimeSet(resolveText(text, { variant: "v" }))).toEqual(expectedPackages([top, arch, variant]));
    expect(runtimeSet(resolveText(text, { arch: "aarch64", variant: null }))).toEqual(top);
  });

  it("is checked and linted without a warning, every removal removing something", () => {
    const root = parse(text);
    expect(checkGenpackJson("genpack.json5", root)).toEqual([]);
    expect(lintGenpackJson("genpack.json5", root)).toEqual([]);
  });
});

describe("removals that remove nothing, across many variants", () => {
  it("are found in a file of 20,000 variants over 20,000 packages, merging the top level once", () => {
    const count = 20_000;
    const packages = Array.from({ length: count }, (_, index) => `app-misc/p${index}`);
    const variants = Object.fromEntries(Array.from({ length: count }, (_, index) => [`v${index}`, { packages: [`-app-misc/p${index}`, `-app-misc/none${index % 3 === 0 ? index : "-x"}`] }]));
    const root = parse(JSON.stringify({ name: "many", packages, variants }));
    const idle = lintGenpackJson("genpack.json5", root).map((diagnostic) => diagnostic.path?.join("/"));
    // Each variant's second removal names an atom nothing adds; the first removes its own package.
    expect(idle).toHaveLength(count);
    expect(idle[0]).toBe("variants/v0/packages/1");
    expect(idle.at(-1)).toBe(`variants/v${count - 1}/packages/1`);
  });
});

describe("a problem in each of 100,000 keys", () => {
  it("is located at its own line, however many keys the object has", () => {
    const count = 100_000;
    const lines = Array.from({ length: count }, (_, index) => `    "not-an-atom-${index}": "ssl",`);
    const root = parse(`{\n  name: "keys",\n  use: {\n${lines.join("\n")}\n  },\n}\n`);
    const diagnostics = checkGenpackJson("genpack.json5", root);
    expect(diagnostics).toHaveLength(count);
    expect(diagnostics.map((diagnostic) => diagnostic.location?.start?.line)).toEqual(Array.from({ length: count }, (_, index) => index + 4));
  });
});

describe("values nested as deep as genpack's reader allows", () => {
  it("are checked, linted, resolved and imported without running out of stack", () => {
    // 989 levels inside the top-level object: the parser's limit is 990.
    const deep = `${"[".repeat(988)}"a/b"${"]".repeat(988)}`;
    const text = `{ name: "deep", use: { "a/b": ${deep} }, circulardep_breaker: { packages: ["a/b"], use: ${deep} } }`;
    const root = parse(text);
    expect(checkGenpackJson("genpack.json5", root).map((diagnostic) => diagnostic.code)).toEqual(["GP3002", "GP3002"]);
    expect(lintGenpackJson("genpack.json5", root)).toEqual([]);
    expect(() => resolveText(text)).toThrow("sequence item 0: expected str instance, list found");
    const passedThrough = resolveText(`{ circulardep_breaker: { packages: ["a/b"], use: ${deep} } }`);
    expect(JSON.stringify(resolutionToJson(passedThrough)).length).toBeGreaterThan(2 * 988);
    const imported = importArtifact({ directory: "/nonexistent/deep", file: "/nonexistent/deep/genpack.json5", text, document: { root, leadingComments: [], trailingComments: [] } }, "/nonexistent");
    expect(imported.source).toContain(`"a/b"`);
  });
});

describe("lists that keep each value once", () => {
  it("treat values as Python's == does", () => {
    const values = UniqueValues.empty();
    for (const value of load(`[1, 1.0, true, "1", [1, "a"], [1.0, "a"], { a: 1, b: 2 }, { b: 2.0, a: true }, NaN, NaN, ["a,s1:b"], ["a", "b"]]`) as unknown[]) values.add(value as never);
    expect(values.values().map((value) => JSON.stringify(value instanceof Map ? [...value] : value))).toEqual(['1', '"1"', '[1,"a"]', '[["a",1],["b",2]]', "null", "null", '["a,s1:b"]', '["a","b"]']);
  });

  it("remove and add back in an overlay, leaving the list under it as it was", () => {
    const base = UniqueValues.empty();
    for (const atom of ["a/x", "a/y", "a/z"]) base.add(atom);
    const overlay = base.overlay();
    expect(overlay.remove("a/x")).toBe(true);
    expect(overlay.remove("a/x")).toBe(false);
    expect(overlay.has("a/x")).toBe(false);
    expect(overlay.add("a/y")).toBe(false);
    expect(overlay.add("a/x")).toBe(true);
    expect(overlay.values()).toEqual(["a/y", "a/z", "a/x"]);
    expect(base.values()).toEqual(["a/x", "a/y", "a/z"]);
  });
});
