import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

// What gp prints about huge or hostile input stays a few lines: a 1 MB value is quoted by its
// ends and length, a 5 MB line is framed by a window around the problem, and nesting deeper
// than any parser can follow is an error at a place in the file, never a stack trace.

const HUGE = 1_048_576;

describe("a blueprint holding a 1 MB atom", () => {
  it("is reported in a few hundred bytes, quoting the atom by its ends and length", async () => {
    const directory = temporaryDirectory();
    const atom = `app-misc/${"a".repeat(HUGE)} x`;
    writeFileSync(join(directory, "x.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "x", packages: [${JSON.stringify(atom)}] });\n`);
    const run = await runGp(["compile", "x.image.ts", "--no-check"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`(${atom.length} characters) is not a valid package atom`);
    expect(run.stderr).toContain("x.image.ts:2:52 - error GP3003");
    expect(run.stderr.length).toBeLessThan(2_000);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});

describe("a genpack.json5 written on one line of 5 MB", () => {
  it("frames each problem with a window of its line, in text and in --json", async () => {
    const directory = temporaryDirectory();
    const packages = Array.from({ length: 250_000 }, (_, index) => `"app-misc/p${index}"`);
    packages[200_000] = `"not an atom"`;
    const key = `k${"e".repeat(HUGE)}y`;
    mkdirSync(join(directory, "artifact"));
    writeFileSync(join(directory, "artifact/genpack.json5"), `{"name":"one-line","packages":[${packages.join(",")}],${JSON.stringify(key)}:1}`);
    const run = await runGp(["check", "artifact"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/artifact\/genpack\.json5:1:\d+ - error GP3003: packages\[200000\]: "not an atom" is not a valid package atom/);
    expect(run.stderr).toContain(`> 1 | …`);
    expect(run.stderr).toContain(`(${key.length} characters)`);
    expect(run.stderr.length).toBeLessThan(4_000);
    const json = await runGp(["check", "artifact", "--json"], { cwd: directory });
    const diagnostics = jsonDiagnostics(json.stdout);
    expect(diagnostics.map((line) => line["code"])).toEqual(["GP3003", "GP3001"]);
    for (const line of diagnostics) expect(JSON.stringify(line).length).toBeLessThan(2_000);
  });
});

describe("source nested deeper than any parser follows", () => {
  it("is an error at the first bracket too deep, from gp check and gp compile, without a stack trace", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "deep.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "deep", use: { "a/b": ${"[".repeat(5000)}"x"${"]".repeat(5000)} as never } });\n`);
    for (const args of [["check", "deep.image.ts"], ["compile", "deep.image.ts", "--no-check"]]) {
      const run = await runGp(args, { cwd: directory });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/deep\.image\.ts:2:\d+ - error GP1014: Brackets nest more than 256 levels deep here/);
      expect(run.stderr).not.toContain("Maximum call stack");
      expect(hasStackTrace(run.stderr)).toBe(false);
    }
  });

  it("is an error at its place in a module the blueprint imports, also without the type-check", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "data.ts"), `export const deep = ${"[".repeat(3000)}1${"]".repeat(3000)};\n`);
    writeFileSync(join(directory, "deep.image.ts"), 'import { defineImage } from "genpack-ts";\nimport { deep } from "./data.ts";\nvoid deep;\nexport default defineImage({ name: "deep" });\n');
    const run = await runGp(["compile", "deep.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(jsonDiagnostics(run.stdout)).toEqual([expect.objectContaining({ code: "GP1014", file: "data.ts", line: 1, column: 277 })]);
    expect(run.stdout + run.stderr).not.toContain("Maximum call stack");
  });
});
