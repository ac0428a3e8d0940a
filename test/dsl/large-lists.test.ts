import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../compiler/index.js";
import { temporaryDirectory } from "../helpers/temp.js";

// TypeScript finds the entry at fault in a list by looking each entry up in the field's type;
// for an optional field, whose type can be undefined, the lookup failed and it compared the whole
// list once per entry: one wrong atom among 20,000 took minutes. The DSL's types make every field
// a blueprint writes a field that is there, so each lookup is direct. The test timeout only
// catches the old behaviour; the figures are in bench/scale.bench.mjs.

describe("a list of 20,000 atoms with one mistake", () => {
  it("is type-checked in one pass over the list, the mistake reported at its line, at the top or in a variant's arch block", async () => {
    const count = 20_000;
    const list = Array.from({ length: count }, (_, index) => (index === count / 2 ? `    "not an atom",` : `    "app-misc/p${index}",`)).join("\n");
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "top.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({\n  name: "top",\n  packages: [\n${list}\n  ],\n});\n`);
    writeFileSync(join(directory, "nested.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({\n  name: "nested",\n  variants: { v: { arch: { x86_64: { packages: [\n${list}\n  ] } } } },\n});\n`);
    const results = await check(["top.image.ts", "nested.image.ts"], { cwd: directory });
    expect(results.map((result) => result.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.location?.start?.line}:${diagnostic.location?.start?.column}`))).toEqual([
      [`TS2322 ${count / 2 + 5}:5`],
      [`TS2322 ${count / 2 + 5}:5`],
    ]);
  });
});
