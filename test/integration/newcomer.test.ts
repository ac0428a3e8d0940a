import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROFILE_PACKAGES } from "../../compiler/profile-packages.js";
import { jsonDiagnostics, jsonLines, ROOT } from "../helpers/gp.js";
import { installPackedGp, OFFLINE_NPM_ENV, runCommand, type PackedGp } from "../helpers/packed-gp.js";
import { NATIVE_PLATFORM_PACKAGE } from "../helpers/native-checker.js";
import { skipFor } from "../helpers/skip.js";
import { suiteDirectory } from "../helpers/temp.js";

const npmMissing = spawnSync("npm", ["--version"]).status === 0 ? undefined : "npm is not installed";
if (npmMissing !== undefined && process.env["CI"] === "true") throw new Error(`CI must be able to install gp with npm, but ${npmMissing}`);

/** Every file a `gp explain --json` names as where a value was set or changed. */
function explainedFiles(output: string, cwd: string): string[] {
  const [explained] = jsonLines(output) as [{ fields: { entries: { setAt: { file: string }; history: { at: { file: string } }[] }[] }[] }];
  return explained.fields.flatMap((field) => field.entries.flatMap((entry) => [entry.setAt.file, ...entry.history.map((step) => step.at.file)])).map((file) => resolve(cwd, file));
}

describe("gp installed from npm pack of the checkout, outside the repository", { ...skipFor(npmMissing), timeout: 180_000 }, () => {
  let installed: PackedGp;
  let home: string;

  beforeAll(async () => {
    home = suiteDirectory("gp-newcomer-");
    installed = await installPackedGp(home);
  }, 300_000);

  it("ships every profile as the profile's own package does", async () => {
    const packed = await runCommand("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--workspaces"], { cwd: ROOT, env: OFFLINE_NPM_ENV });
    const profiles = JSON.parse(packed.stdout) as { name: string; files: { path: string }[] }[];
    expect(profiles.map((profile) => profile.name).sort()).toEqual(PROFILE_PACKAGES.map((name) => `@genpack-ts/profile-${name}`).sort());
    for (const profile of profiles) {
      const folder = `profiles/${profile.name.replace("@genpack-ts/profile-", "")}/`;
      const shipped = installed.files.filter((file) => file.startsWith(folder)).map((file) => file.slice(folder.length));
      expect(shipped.sort(), profile.name).toEqual(profile.files.map((file) => file.path).sort());
    }
  });

  it("compiles, checks and explains a blueprint with no node_modules beside it that imports profiles, lending its own", async () => {
    const lone = join(home, "lone");
    mkdirSync(lone);
    writeFileSync(
      join(lone, "lone.image.ts"),
      `import { defineImage } from "genpack-ts";\nimport paravirt from "@genpack-ts/profile-paravirt";\nimport occ from "@genpack-ts/profile-occ";\n\nexport default defineImage({ name: "lone", extends: [paravirt, occ], packages: ["app-misc/screen"] });\n`,
    );
    const compiled = await runCommand(installed.gp, ["compile", "lone.image.ts"], { cwd: lone });
    expect(compiled.stderr).toBe("");
    expect(compiled.exitCode).toBe(0);
    expect(readFileSync(join(lone, "out/lone/genpack.json5"), "utf8")).toContain('profile: "paravirt"');
    // occ's build script comes from the copy of the profile inside the installed gp.
    expect(existsSync(join(lone, "out/lone/files/build.d/occ.sh"))).toBe(true);

    const checked = await runCommand(installed.gp, ["check", "lone.image.ts"], { cwd: lone });
    expect(checked.stdout + checked.stderr).toContain("checked 1 target: ok");
    expect(checked.exitCode).toBe(0);

    const explained = await runCommand(installed.gp, ["explain", "lone.image.ts", "--json"], { cwd: lone });
    expect(explained.exitCode).toBe(0);
    const files = explainedFiles(explained.stdout, lone);
    expect(files.filter((file) => file.startsWith(installed.packageRoot))).not.toEqual([]);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it("type-checks with TypeScript's native compiler as installed, and with TypeScript 6 where npm left it out, saying why, with the same findings", async () => {
    const project = join(home, "checker");
    mkdirSync(project);
    writeFileSync(join(project, "good.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "good", packages: ["app-misc/screen"] });\n`);
    writeFileSync(join(project, "bad.image.ts"), `import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "bad", profile: "paravrit", compression: "zstd" });\n`);
    // The findings, with the installed gp's folder (where its types are, named by related places) as <gp>.
    const findings = (output: string, gp: PackedGp) =>
      jsonDiagnostics(output.split(relative(project, gp.packageRoot)).join("<gp>"));
    const checkers = (output: string) => jsonLines(output).filter((line) => line["type"] === "result").map((line) => line["checker"] as Record<string, string>);

    const native = await runCommand(installed.gp, ["check", "--json", "good.image.ts", "bad.image.ts"], { cwd: project });
    expect(native.exitCode).toBe(1);
    expect(checkers(native.stdout)).toEqual([
      { name: "typescript-native", version: expect.stringMatching(/^7\./), wordedBy: expect.stringMatching(/^6\./) },
      { name: "typescript-native", version: expect.stringMatching(/^7\./), wordedBy: expect.stringMatching(/^6\./) },
    ]);
    expect(findings(native.stdout, installed).map((line) => line["code"])).toEqual(["TS2820", "TS2322"]);
    const nativeVerbose = await runCommand(installed.gp, ["check", "--verbose", "good.image.ts"], { cwd: project });
    expect(nativeVerbose.stderr).toMatch(/^gp check: type-checked with TypeScript 7\.\d+\.\d+ \(native\)\n/);

    const bare = await installPackedGp(join(home, "bare"), { omitOptional: true });
    expect(existsSync(join(bare.packageRoot, "../typescript-native/package.json"))).toBe(true);
    expect(existsSync(join(bare.packageRoot, `../${NATIVE_PLATFORM_PACKAGE}`))).toBe(false);
    const fallback = await runCommand(bare.gp, ["check", "--json", "good.image.ts", "bad.image.ts"], { cwd: project });
    expect(fallback.exitCode).toBe(1);
    const reason = expect.stringContaining(`the native checker cannot run: its binary for this machine is not installed (${NATIVE_PLATFORM_PACKAGE}, an optional dependency`);
    expect(checkers(fallback.stdout)).toEqual([
      { name: "typescript", version: expect.stringMatching(/^6\./), reason },
      { name: "typescript", version: expect.stringMatching(/^6\./), reason },
    ]);
    expect(findings(fallback.stdout, bare)).toEqual(findings(native.stdout, installed));
    const fallbackVerbose = await runCommand(bare.gp, ["check", "--verbose", "good.image.ts"], { cwd: project });
    expect(fallbackVerbose.stderr).toMatch(/^gp check: type-checked with TypeScript 6\.\d+\.\d+ \(the native checker cannot run: its binary for this machine is not installed \(@typescript\//);
    expect(fallbackVerbose.exitCode).toBe(0);
    // Asked for by name, the native checker that cannot run is an error, not a quiet fallback.
    const forced = await runCommand(bare.gp, ["check", "good.image.ts"], { cwd: project, env: { GP_TYPECHECKER: "typescript-native" } });
    expect(forced.exitCode).toBe(1);
    expect(forced.stderr).toContain("error GP1018: TypeScript's native checker cannot run: its binary for this machine is not installed");
  }, 300_000);

  it("starts a project with gp init whose next steps work with it, offline", async () => {
    const work = join(home, "work");
    mkdirSync(work);
    const init = await runCommand(installed.gp, ["init", "garden", "--profile", "occ"], { cwd: work });
    expect(init.exitCode).toBe(0);
    const next = /^next: (.+)$/m.exec(init.stdout)?.[1];
    expect(next).toBeDefined();

    // Exactly what gp init said, as a user would paste it.
    const steps = await runCommand("sh", ["-c", next as string], { cwd: work, env: OFFLINE_NPM_ENV });
    expect(steps.exitCode, steps.stdout + steps.stderr).toBe(0);
    const project = join(work, "garden");
    expect(readFileSync(join(project, "out/garden/genpack.json5"), "utf8")).toContain('"sys-devel/gcc"');
    // The project uses the gp that wrote it, whose package and profile npm linked in.
    expect(realpathSync(join(project, "node_modules/genpack-ts"))).toBe(realpathSync(installed.packageRoot));
    expect(realpathSync(join(project, "node_modules/@genpack-ts/profile-occ"))).toBe(realpathSync(join(installed.packageRoot, "profiles/occ")));

    const explained = await runCommand("npm", ["run", "--silent", "explain", "--", "--json"], { cwd: project, env: OFFLINE_NPM_ENV });
    expect(explained.exitCode, explained.stderr).toBe(0);
    for (const file of explainedFiles(explained.stdout, project)) expect(existsSync(file), file).toBe(true);

    const checked = await runCommand("npm", ["run", "--silent", "check"], { cwd: project, env: OFFLINE_NPM_ENV });
    expect(checked.exitCode, checked.stderr).toBe(0);
  });
});
