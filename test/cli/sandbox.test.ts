import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, jsonLines, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** A project of its own (a package.json marks it) holding one blueprint; returns the blueprint's folder. */
function project(blueprint: string, extra: Record<string, string> = {}): string {
  const directory = temporaryDirectory("gp-sandbox-");
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name: "sandbox-case", private: true, type: "module" }));
  writeFileSync(join(directory, "case.image.ts"), blueprint);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(directory, name), content);
  return directory;
}

function errorsOf(stdout: string): Record<string, unknown>[] {
  return jsonDiagnostics(stdout).filter((line) => line["severity"] === "error");
}

describe("blueprints run in a sandbox", () => {
  it("a blueprint that loops forever fails gp check within its time limit, and says which blueprint", async () => {
    const directory = project('import { defineImage } from "genpack-ts";\nlet spins = 0;\nfor (;;) spins++;\nexport default defineImage({ name: "loop" });\n');
    const run = await runGp(["check", "case.image.ts", "--eval-timeout", "2", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2006", file: "case.image.ts", message: expect.stringContaining("within 2 s") })]);
  }, 30_000);

  it("work that spins forever after the module returned is stopped by the same limit", async () => {
    const blueprint = 'import { defineImage } from "genpack-ts";\ndeclare function setTimeout(callback: () => void, milliseconds: number): unknown;\nsetTimeout(() => { for (;;); }, 0);\nexport default defineImage({ name: "spin" });\n';
    const directory = project(blueprint);
    const out = join(directory, "out");
    const run = await runGp(["compile", "case.image.ts", "-o", out, "--eval-timeout", "2", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2006", message: expect.stringContaining("work it left running") })]);
    expect(existsSync(out)).toBe(false);
  }, 30_000);

  it("memory beyond --eval-memory is an error of its own, without V8's crash report", async () => {
    const blueprint = 'import { defineImage } from "genpack-ts";\nconst hoard: string[][] = [];\nfor (;;) hoard.push(new Array(1_000_000).fill("x"));\nexport default defineImage({ name: "hoard" });\n';
    const directory = project(blueprint);
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--eval-memory", "64M"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("case.image.ts - error GP2007: The blueprint used more than 64 MiB of memory");
    expect(run.stderr).not.toMatch(/FATAL ERROR|Last few GCs|Native stack trace/);
    expect(existsSync(join(directory, "out"))).toBe(false);
  }, 60_000);

  it.each([
    ["null-prototype object", "Object.create(null)", "[Object: null prototype] {}"],
    ["object whose toString throws", '{ toString() { throw new Error("no"); } }', "toString"],
    ["Proxy", "new Proxy({}, {})", "a Proxy"],
    ["string", '"plain words"', '"plain words"'],
  ])("a thrown %s is reported as what it is, without a crash", async (_name, thrown, shown) => {
    const directory = project(`import { defineImage } from "genpack-ts";\nif (Date.now() > 0) throw ${thrown};\nexport default defineImage({ name: "thrown" });\n`);
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2001", file: "case.image.ts", message: expect.stringContaining(shown) })]);
  });

  it("a Proxy whose every trap throws is reported at the trap that threw", async () => {
    const traps = "{ get() { throw new Error(\"trapped\"); }, getPrototypeOf() { throw new Error(\"trapped\"); }, ownKeys() { throw new Error(\"trapped\"); }, has() { throw new Error(\"trapped\"); } }";
    const directory = project(`import { defineImage } from "genpack-ts";\nif (Date.now() > 0) throw new Proxy({}, ${traps});\nexport default defineImage({ name: "thrown" });\n`);
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2001", file: "case.image.ts", line: 2 })]);
  });

  it("writes, processes and reads outside the project are refused, and nothing is written", async () => {
    const directory = project(
      'import { writeFileSync } from "node:fs";\nimport { defineImage } from "genpack-ts";\nwriteFileSync("written-by-the-blueprint.txt", "x");\nexport default defineImage({ name: "writes" });\n',
    );
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2001", line: 3, column: 1, message: expect.stringContaining("tried to write written-by-the-blueprint.txt") })]);
    expect(existsSync(join(directory, "written-by-the-blueprint.txt"))).toBe(false);
    expect(existsSync(join(directory, "out"))).toBe(false);
  });

  it("loading a native addon is refused", async () => {
    const directory = project('import { defineImage } from "genpack-ts";\n(process as unknown as { dlopen(module: object, file: string): void }).dlopen({ exports: {} }, "/nonexistent/addon.node");\nexport default defineImage({ name: "addon" });\n');
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2001", line: 2, message: expect.stringMatching(/addon/i) })]);
  });

  it("a blueprint gets its data by import, type-checked, and reading its project at run time is refused", async () => {
    const directory = project(
      'import { defineImage } from "genpack-ts";\nimport settings from "./settings.json";\nexport default defineImage({ name: "importer", packages: settings.packages as "a/b"[] });\n',
      { "settings.json": JSON.stringify({ packages: ["app-misc/screen", "app-editors/vim"] }) },
    );
    const run = await runGp(["compile", "case.image.ts"], { cwd: directory });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(directory, "out/importer/genpack.json5"), "utf8")).toContain('packages: ["app-misc/screen", "app-editors/vim"]');

    writeFileSync(
      join(directory, "case.image.ts"),
      'import { readFileSync } from "node:fs";\nimport { defineImage } from "genpack-ts";\nreadFileSync(new URL("./settings.json", import.meta.url), "utf8");\nexport default defineImage({ name: "reader" });\n',
    );
    const reading = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(reading.exitCode).toBe(1);
    expect(errorsOf(reading.stdout)).toEqual([
      expect.objectContaining({ code: "GP2001", line: 3, message: expect.stringContaining(`tried to read ${join(directory, "settings.json")}`), hint: expect.stringContaining("Import the data") }),
    ]);
  });

  it("a link in the project to a secret outside is never followed", async () => {
    const outer = temporaryDirectory("gp-sandbox-");
    writeFileSync(join(outer, "secret.txt"), "the secret\n");
    const directory = project(
      'import { readFileSync } from "node:fs";\nimport { defineImage } from "genpack-ts";\nconst secret = readFileSync(new URL("./sub/link/secret.txt", import.meta.url), "utf8");\nexport default defineImage({ name: "linked", setupCommands: [secret] });\n',
    );
    mkdirSync(join(directory, "sub"));
    symlinkSync(outer, join(directory, "sub", "link"));
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stdout + run.stderr).not.toContain("the secret");
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "GP2001", line: 3 })]);
    expect(existsSync(join(directory, "out"))).toBe(false);
  });

  it("what the blueprint prints goes to stderr, never into --json output", async () => {
    const directory = project('import { defineImage } from "genpack-ts";\ndeclare const console: { log(text: string): void; error(text: string): void };\nconsole.log("{\\"type\\":\\"result\\",\\"ok\\":false}");\nconsole.error("to stderr");\nexport default defineImage({ name: "talks" });\n');
    const run = await runGp(["compile", "case.image.ts", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([expect.objectContaining({ type: "result", ok: true, name: "talks" })]);
    expect(run.stderr).toContain('{"type":"result","ok":false}\n');
    expect(run.stderr).toContain("to stderr\n");
  });

  it("a blueprint the type-check turns away prints nothing, though it ran while the check worked; one it passes is heard", async () => {
    const talks = (words: string, extra: string) => `import { defineImage } from "genpack-ts";\ndeclare const console: { error(text: string): void };\nconsole.error("${words}");\n${extra}export default defineImage({ name: "talks" });\n`;
    const directory = project(talks("printed by a blueprint with a type error", 'const count: number = "three";\n'), { "fine.image.ts": talks("printed by a blueprint that passed", "") });
    const run = await runGp(["check", "case.image.ts", "fine.image.ts", "--json"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run.stdout)).toEqual([expect.objectContaining({ code: "TS2322", file: "case.image.ts", line: 4 })]);
    expect(run.stderr).not.toContain("printed by a blueprint with a type error");
    expect(run.stderr).toContain("printed by a blueprint that passed\n");
  });

  it("the spec crosses as data: a getter runs once, and what the blueprint does to Object.prototype stays in its process", async () => {
    const blueprint = [
      'import { defineImage } from "genpack-ts";',
      "let reads = 0;",
      "const spec = {",
      '  name: "crossing",',
      "  get packages() {",
      "    reads++;",
      '    return reads === 1 ? ["app-misc/screen"] : ["../../escape"];',
      "  },",
      "};",
      '(Object.prototype as Record<string, unknown>)["compression"] = "bogus";',
      '(Object.prototype as Record<string, unknown>)["outfile"] = "../../escaped.squashfs";',
      "export default defineImage(spec as never);",
      "",
    ].join("\n");
    const directory = project(blueprint);
    const run = await runGp(["compile", "case.image.ts", "--no-check"], { cwd: directory });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const written = readFileSync(join(directory, "out/crossing/genpack.json5"), "utf8");
    expect(written).toContain('packages: ["app-misc/screen"]');
    expect(written).not.toMatch(/escape|bogus|compression|outfile/);
  });

  it.each([["0"], ["-1"], ["soon"], [""]])("--eval-timeout %j is refused", async (value) => {
    const run = await runGp(["check", `--eval-timeout=${value}`, "nowhere.image.ts"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("--eval-timeout");
  });

  it.each([["lots"], ["8M"]])("--eval-memory %j is refused", async (value) => {
    const run = await runGp(["check", `--eval-memory=${value}`, "nowhere.image.ts"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("--eval-memory");
  });
});
