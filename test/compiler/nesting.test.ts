import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, type CompileResult } from "../../compiler/index.js";
import { blueprint, compileSource } from "../helpers/blueprint-file.js";

// Values and source nested deeper than any blueprint needs. Before the limits, walking such a
// value, or parsing such a source, ran out of stack: gp stopped with "Maximum call stack size
// exceeded" and a trace, as a bug in gp.

const codes = (result: CompileResult) => result.diagnostics.map((diagnostic) => diagnostic.code);

describe("values nested deeper than any spec", () => {
  it("are an error at the deepest place the source shows, not a stack overflow", async () => {
    const result = await compileSource(`import { defineImage } from "genpack-ts";
let value: unknown = "x";
for (let index = 0; index < 5000; index++) value = [value];
export default defineImage({
  name: "deep",
  use: { "app-misc/x": value as never },
});
`);
    expect(codes(result)).toEqual(["GP3059"]);
    const [problem] = result.diagnostics;
    expect(problem?.message).toContain("more than 64 levels deep");
    // The path runs 64 levels into the list; the source shows it as far as `value`.
    expect(problem?.path?.slice(0, 3)).toEqual(["use", "app-misc/x", 0]);
    expect(problem?.location?.start).toEqual({ line: 6, column: 24 });
  });

  it("are found in a package's spec too", async () => {
    const result = await compileSource(`import { defineImage, definePackage } from "genpack-ts";
let value: Record<string, unknown> = {};
for (let index = 0; index < 5000; index++) value = { a: value };
const deep = definePackage({ category: "app-misc", name: "deep", version: "1", description: "d", files: value as never });
export default defineImage({ name: "deep", packages: [deep] });
`);
    expect(codes(result)).toEqual(["GP3059"]);
    expect(result.diagnostics[0]?.location?.start?.line).toBe(4);
  });

  it("are an error when a value contains itself", async () => {
    const result = await compileSource(`import { defineImage } from "genpack-ts";
const groups: Record<string, unknown> = { VIDEO_CARDS: ["virgl"] };
groups["self"] = groups;
export default defineImage({ name: "cycle", use: { "media-libs/mesa": [groups as never] } });
`);
    expect(codes(result)).toEqual(["GP3059"]);
    expect(result.diagnostics[0]?.message).toContain("contains itself");
    expect(result.diagnostics[0]?.path).toEqual(["use", "media-libs/mesa", 0, "self"]);
  });

  it("allow a list shared by many fields, which is no nesting", async () => {
    const result = await compileSource(`import { defineImage } from "genpack-ts";
const shared = ["app-misc/a"];
export default defineImage({ name: "shared", packages: shared, buildtimePackages: shared, mask: shared });
`);
    expect(result.diagnostics).toEqual([]);
  });
});

describe("source nested deeper than TypeScript and Node.js can read", () => {
  const deepLiteral = `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "deep",
  use: { "app-misc/x": ${"[".repeat(5000)}"x"${"]".repeat(5000)} as never },
});
`;

  it("is an error at the first bracket past the limit, when compiled without a type-check", async () => {
    const result = await compileSource(deepLiteral);
    expect(codes(result)).toEqual(["GP1014"]);
    // `use: {` is one level inside `defineImage({`, which is two: the 257th bracket opens the list
    // 254 brackets into the literal.
    expect(result.diagnostics[0]?.location?.start).toEqual({ line: 4, column: 24 + 253 });
    expect(result.diagnostics[0]?.message).not.toContain("Maximum call stack");
  });

  it("is an error when type-checked, in the blueprint or in a file it imports", async () => {
    const { directory } = blueprint(deepLiteral);
    const [own] = await check(["x.image.ts"], { cwd: directory });
    expect(own?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["GP1014"]);
    writeFileSync(join(directory, "data.ts"), `export const data = ${"{ a: ".repeat(3000)}1${" }".repeat(3000)};\n`);
    writeFileSync(join(directory, "y.image.ts"), `import { defineImage } from "genpack-ts";\nimport { data } from "./data.ts";\nexport default defineImage({ name: String(data) });\n`);
    const [imported] = await check(["y.image.ts"], { cwd: directory });
    expect(imported?.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.location?.file])).toEqual([["GP1014", join(directory, "data.ts")]]);
  });
});
