import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROFILE_PACKAGES } from "../../compiler/profile-packages.js";
import { jsonLines, ROOT } from "../helpers/gp.js";
import { installPackedGp, OFFLINE_NPM_ENV, runCommand, type PackedGp } from "../helpers/packed-gp.js";
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
