import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultTarget } from "../../../runtime/build/default-target.js";
import { runGp } from "../../helpers/gp.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const BLUEPRINT = `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "solo", profile: "paravirt", packages: ["app-misc/screen"] });\n`;

describe("the target of a command given none", () => {
  it("is the one blueprint in the directory", () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "solo.image.ts"), BLUEPRINT);
    writeFileSync(join(directory, "helper.ts"), "export const x = 1;\n");
    expect(defaultTarget(directory)).toEqual({ ok: true, target: join(directory, "solo.image.ts") });
  });

  it("is the directory itself when it is an artifact, blueprint or not", () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), "{}\n");
    // gp import leaves the blueprint it made in the artifact; the artifact stays what is built.
    writeFileSync(join(directory, "solo.image.ts"), BLUEPRINT);
    expect(defaultTarget(directory)).toEqual({ ok: true, target: directory });
  });

  it("is refused when there are several blueprints, naming each, or many of them and how many more", () => {
    const directory = temporaryDirectory();
    for (const name of ["b", "a"]) writeFileSync(join(directory, `${name}.image.ts`), BLUEPRINT);
    const two = defaultTarget(directory);
    expect(two.ok).toBe(false);
    expect(!two.ok && two.diagnostics[0]).toMatchObject({ code: "GP1013", message: expect.stringContaining("2 blueprints: a.image.ts, b.image.ts.") });
    for (let index = 0; index < 30; index++) writeFileSync(join(directory, `many-${String(index).padStart(2, "0")}.image.ts`), BLUEPRINT);
    const many = defaultTarget(directory);
    expect(!many.ok && many.diagnostics[0]?.message).toContain("32 blueprints: a.image.ts, b.image.ts, many-00.image.ts");
    expect(!many.ok && many.diagnostics[0]?.message).toContain("and 22 more");
  });

  it("is refused when there is neither, and a directory or FIFO named like a blueprint is none", () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "folder.image.ts"));
    execFileSync("mkfifo", [join(directory, "pipe.image.ts")]);
    const result = defaultTarget(directory);
    expect(!result.ok && result.diagnostics[0]).toMatchObject({ code: "GP1012", hint: expect.stringContaining("gp init") });
  });
});

describe("gp build with no argument", () => {
  it("works on the one blueprint in the current directory", async () => {
    const directory = temporaryDirectory();
    // A blueprint with a type error: gp build reports it at its line, so it was this blueprint
    // that gp compiled, and no build starts.
    writeFileSync(join(directory, "solo.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "solo", profile: "paravirt", compression: "rar" });\n`);
    const run = await runGp(["build"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/solo\.image\.ts:2:\d+ - error/);
  });

  it("lists the blueprints when there are several, and builds nothing", async () => {
    const directory = temporaryDirectory();
    for (const name of ["one", "two"]) writeFileSync(join(directory, `${name}.image.ts`), BLUEPRINT);
    const run = await runGp(["build"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("GP1013");
    expect(run.stderr).toContain("one.image.ts, two.image.ts");
    expect(existsSync(join(directory, "out"))).toBe(false);
  });

});

describe("gp archive with no argument", () => {
  it("archives the one blueprint in the current directory, compiled", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "solo.image.ts"), BLUEPRINT);
    const run = await runGp(["archive"], { cwd: directory });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(directory, "out/solo/genpack-solo.tar.gz"))).toBe(true);
  });
});
