import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonLines, ROOT, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const EVERYTHING = resolve(ROOT, "test/golden/everything/input");

describe("gp explain", () => {
  it("names the layer and line that set each package, and the removal that took one out", async () => {
    const run = await runGp(["explain", "everything.image.ts", "--arch", "x86_64", "--no-variant", "--field", "packages", "--json"], { cwd: EVERYTHING });
    expect(run.exitCode).toBe(0);
    const [output] = jsonLines(run.stdout);
    const entries = (output?.["fields"] as { entries: { value: string; present: boolean; setAt: { file: string; line: number }; history: { kind: string; at: { file: string; line: number } }[] }[] }[])[0]?.entries ?? [];
    const nano = entries.find((entry) => entry.value === "app-editors/nano");
    expect(nano).toMatchObject({ present: false, setAt: { file: "profiles/base.profile.ts", line: 6 }, history: [{ kind: "removed", at: { file: "everything.image.ts", line: 11 } }] });
    expect(entries.find((entry) => entry.value === "dev-db/mysql")).toMatchObject({ present: true, setAt: { file: "profiles/db.profile.ts", line: 6 } });
    // On x86_64 the arch block takes app-misc/screen out again.
    expect(entries.find((entry) => entry.value === "app-misc/screen")).toMatchObject({ present: false, history: [{ kind: "removed", at: { file: "everything.image.ts", line: 35 } }] });
  });

  it("shows the earlier value an override replaced, in readable form", async () => {
    const run = await runGp(["explain", "everything.image.ts", "--field", "use", "--arch", "aarch64", "--variant", "debug"], { cwd: EVERYTHING });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("everything for aarch64, variant debug");
    expect(run.stdout).toContain('dev-lang/php = "apache2 fpm mysql -postgres"  everything.image.ts:16:21\n      replaces ["apache2","fpm",{"PHP_TARGETS":["php8-3"]}] from profiles/web.profile.ts:7:26');
    expect(run.stdout).toContain('dev-util/gdb = "python"  everything.image.ts:44:49');
  });

  it("accepts genpack's field names too, and refuses a field that does not exist", async () => {
    const run = await runGp(["explain", "everything.image.ts", "--field", "buildtime_packages"], { cwd: EVERYTHING });
    expect(run.stdout).toContain('buildtimePackages\n  "dev-build/autoconf"');
    const unknown = await runGp(["explain", "everything.image.ts", "--field", "pakages"], { cwd: EVERYTHING });
    expect(unknown.exitCode).toBe(1);
    expect(hasStackTrace(unknown.stdout + unknown.stderr)).toBe(false);
  });
});

describe("gp init", () => {
  it("scaffolds a project whose blueprint compiles at once", async () => {
    const directory = temporaryDirectory();
    const run = await runGp(["init", "garden", "--profile", "baremetal"], { cwd: directory });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("next: cd garden && npm install && npm run compile");
    const project = join(directory, "garden");
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string>; scripts: Record<string, string> };
    // Not on the registry: both come from the gp that wrote the project.
    expect(manifest.devDependencies).toEqual({ "genpack-ts": `file:${ROOT}`, "@genpack-ts/profile-baremetal": `file:${join(ROOT, "profiles/baremetal")}` });
    expect(manifest.scripts["compile"]).toBe("gp compile garden.image.ts");
    for (const file of ["tsconfig.json", "garden.image.ts", ".gitignore", "README.md"]) expect(existsSync(join(project, file))).toBe(true);
    const compiled = await runGp(["compile", "garden.image.ts"], { cwd: project });
    expect(compiled.exitCode).toBe(0);
    expect(readFileSync(join(project, "out/garden/genpack.json5"), "utf8")).toContain('profile: "baremetal"');
  });

  it("refuses to overwrite any existing file, and writes nothing then", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "README.md"), "mine\n");
    const run = await runGp(["init"], { cwd: directory });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("GP4001");
    expect(readFileSync(join(directory, "README.md"), "utf8")).toBe("mine\n");
    expect(existsSync(join(directory, "package.json"))).toBe(false);
  });

  it("refuses a profile package that does not exist, naming those that do", async () => {
    const run = await runGp(["init", "x", "--profile", "paravrit"], { cwd: temporaryDirectory() });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("paravirt");
  });
});
