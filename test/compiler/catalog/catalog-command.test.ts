import { execFileSync, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type * as TS from "typescript";
import { describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { writeRepository } from "../../fixtures/portage-repositories/write-repository.js";
import { hasStackTrace, jsonLines, ROOT, runGp } from "../../helpers/gp.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { tscInProject } from "../../helpers/tsc-project.js";

/** A repository with a metadata cache and metadata.xml, as the Gentoo tree is. */
function gentooLike(directory: string): string {
  const path = join(directory, "gentoo");
  writeRepository(path, {
    "profiles/repo_name": "gentoo\n",
    "profiles/categories": "dev-lang\nmedia-libs\n",
    "profiles/use.desc": "curl - Add support for client-side URL transfer library\n",
    "profiles/desc/video_cards.desc": "intel - Intel graphics\nvirgl - VirGL\n",
    "profiles/profiles.desc": "amd64 default/linux/amd64/23.0 stable\n",
    "licenses/PHP-3.01": "",
    "licenses/MIT": "",
    "dev-lang/php/php-8.2.11.ebuild": "EAPI=8\n",
    "dev-lang/php/metadata.xml": '<?xml version="1.0"?>\n<pkgmetadata><use><flag name="mysql">Add MySQL support</flag></use></pkgmetadata>\n',
    "metadata/md5-cache/dev-lang/php-8.2.11": "DESCRIPTION=The PHP language runtime engine\nIUSE=+mysql curl -postgres\nKEYWORDS=amd64 ~arm64\nLICENSE=PHP-3.01\nSLOT=8.2\n",
    "media-libs/mesa/mesa-24.0.ebuild": "EAPI=8\n",
    "metadata/md5-cache/media-libs/mesa-24.0": "DESCRIPTION=OpenGL-like graphic library\nIUSE=vaapi video_cards_intel video_cards_virgl\nKEYWORDS=amd64\nLICENSE=MIT\nSLOT=0\n",
  });
  return path;
}

/** A repository of plain ebuilds without metadata.xml, its name in layout.conf only, as genpack-overlay is. */
function overlayLike(directory: string): string {
  const path = join(directory, "overlay");
  writeRepository(path, {
    "metadata/layout.conf": "repo-name = genpack-overlay\nmasters = gentoo\n",
    "genpack/paravirt/paravirt-0.ebuild": 'EAPI=8\nDESCRIPTION="Paravirtualized guest"\nSLOT="0"\nKEYWORDS="amd64 arm64"\nIUSE="+qemu-guest-agent\n\tvsock"\nLICENSE="MIT"\n',
  });
  return path;
}

const BLUEPRINT = (use: string) => `import { defineImage } from "genpack-ts";
export default defineImage({
  name: "demo",
  packages: ["dev-lang/php", "genpack/paravirt", ">=media-libs/mesa-24"],
  use: {
    "dev-lang/php": [${use}],
    "media-libs/mesa": ["vaapi", { VIDEO_CARDS: ["intel"] }],
  },
  license: { "dev-lang/php": "PHP-3.01" },
});
`;

describe("gp catalog", () => {
  it("declares the atoms, their flags with descriptions, USE_EXPAND values, licenses and profiles of several repositories", async () => {
    const directory = temporaryDirectory();
    const result = await runGp(["catalog", "--repo", gentooLike(directory), "--repo", overlayLike(directory), "-o", join(directory, "gp-catalog.d.ts"), "--json"]);
    expect(result.exitCode).toBe(0);
    expect(jsonLines(result.stdout).find((line) => line.type === "result")).toMatchObject({
      ok: true,
      packages: 3,
      flags: 8,
      useExpand: 1,
      licenses: 2,
      profiles: 1,
      repositories: [{ name: "gentoo", source: "md5-cache" }, { name: "genpack-overlay", source: "ebuilds" }],
    });
    const text = readFileSync(join(directory, "gp-catalog.d.ts"), "utf8");
    expect(text).toContain('\n  "dev-lang/php": "curl mysql postgres";\n');
    expect(text).toContain('readonly repositories: "gentoo" | "genpack-overlay";');
    expect(text).toContain("   * The PHP language runtime engine\n");
    expect(text).toContain("   * - `mysql`: Add MySQL support\n");
    expect(text).toContain("   * - `curl`: Add support for client-side URL transfer library\n");
    expect(text).toContain('\n  "genpack/paravirt": "qemu-guest-agent vsock";\n');
    expect(text).toContain('readonly VIDEO_CARDS: "intel" | "virgl";');
    expect(text).toContain('readonly licenses: "MIT" | "PHP-3.01";');
    expect(text).toContain('readonly profiles: "default/linux/amd64/23.0";');
  });

  it("writes nothing for a path that is no repository, and replaces only files it wrote", async () => {
    const directory = temporaryDirectory();
    const missing = await runGp(["catalog", "--repo", join(directory, "nowhere"), "-o", join(directory, "gp-catalog.d.ts")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/nowhere/);
    expect(missing.stderr).toContain("nothing was written");
    expect(hasStackTrace(missing.stderr)).toBe(false);
    expect(existsSync(join(directory, "gp-catalog.d.ts"))).toBe(false);

    const mine = join(directory, "types.d.ts");
    writeFileSync(mine, "declare const mine: number;\n");
    const refused = await runGp(["catalog", "--repo", gentooLike(directory), "-o", mine]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(`gp catalog: error ${codes.outputNotOwned.code}: ${mine} exists and gp catalog did not write it; give --force to replace it, or -o another file\n`);
    const refusedJson = await runGp(["catalog", "--repo", gentooLike(directory), "-o", mine, "--json"]);
    expect(refusedJson.exitCode).toBe(1);
    expect(jsonLines(refusedJson.stdout)).toEqual([{ type: "result", ok: false, code: codes.outputNotOwned.code, failure: `${mine} exists and gp catalog did not write it; give --force to replace it, or -o another file` }]);
    expect(readFileSync(mine, "utf8")).toBe("declare const mine: number;\n");
    expect((await runGp(["catalog", "--repo", join(directory, "gentoo"), "-o", mine, "--force"])).exitCode).toBe(0);
    expect((await runGp(["catalog", "--repo", join(directory, "gentoo"), "-o", mine])).exitCode).toBe(0);
  });

  it("never replaces a FIFO, a folder or a link given as -o, --force or not, and never waits on one", async () => {
    const directory = temporaryDirectory();
    const fifo = join(directory, "pipe.d.ts");
    execFileSync("mkfifo", [fifo]);
    const folder = join(directory, "folder.d.ts");
    mkdirSync(folder);
    const target = join(directory, "elsewhere.txt");
    writeFileSync(target, "the user's file\n");
    const link = join(directory, "link.d.ts");
    symlinkSync(target, link);
    for (const [output, kind] of [[fifo, "a FIFO"], [folder, "a directory"], [link, "a symbolic link"]] as const) {
      for (const force of [[], ["--force"]]) {
        const result = await runGp(["catalog", "--repo", gentooLike(directory), "-o", output, ...force]);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toBe(`gp catalog: error ${codes.outputNotOwned.code}: ${output} is ${kind}, which gp catalog never replaces; give -o a file\n`);
      }
    }
    expect(readFileSync(target, "utf8")).toBe("the user's file\n");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("does not follow a link planted at its temporary file's path", async () => {
    const directory = temporaryDirectory();
    const output = join(directory, "gp-catalog.d.ts");
    const target = join(directory, "elsewhere.txt");
    writeFileSync(target, "the user's file\n");
    // gp's pid is not known before it starts: plant the link for every pid a short run can get.
    const child = spawn(process.execPath, [join(ROOT, "dist/cli/main.js"), "catalog", "--repo", gentooLike(directory), "-o", output], { stdio: "ignore" });
    symlinkSync(target, `${output}.${child.pid}.tmp`);
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(readFileSync(target, "utf8")).toBe("the user's file\n");
    expect(code).toBe(1);
  });

  it("names the system's refusal when the catalog cannot be written, and leaves nothing behind", async () => {
    const directory = temporaryDirectory();
    const output = join(directory, "absent", "gp-catalog.d.ts");
    const result = await runGp(["catalog", "--repo", gentooLike(directory), "-o", output]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^gp catalog: error ${codes.fileSystemRefused.code}: cannot write ${output}: ENOENT`));
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(existsSync(join(directory, "absent"))).toBe(false);
  });
});

describe("blueprints against a catalog", () => {
  async function projectWith(use: string, withCatalog = true): Promise<string> {
    const directory = temporaryDirectory();
    if (withCatalog) expect((await runGp(["catalog", "--repo", gentooLike(directory), "--repo", overlayLike(directory), "-o", join(directory, "gp-catalog.d.ts")])).exitCode).toBe(0);
    writeFileSync(join(directory, "demo.image.ts"), BLUEPRINT(use));
    return directory;
  }

  it("fails gp check at the misspelled USE flag's line, and passes once it is spelled right", async () => {
    const wrong = await projectWith('"mysql", "-postgress"');
    const failed = await runGp(["check", join(wrong, "demo.image.ts")]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(/demo\.image\.ts:6:31 - error TS2820: Type '"-postgress"' is not assignable to type .*Did you mean '"-postgres"'\?/);
    const right = await projectWith('"mysql", "-postgres"');
    expect((await runGp(["check", join(right, "demo.image.ts")])).exitCode).toBe(0);
  }, 60_000);

  it("leaves atoms and flags open without a catalog", async () => {
    const open = await projectWith('"mysql", "-postgress"', false);
    expect((await runGp(["check", join(open, "demo.image.ts")])).exitCode).toBe(0);
  }, 60_000);

  it("fails tsc at the misspelled flag and at an unknown atom, in a project whose tsconfig includes the catalog", async () => {
    const directory = await projectWith('"mysql", "-postgress"');
    writeFileSync(join(directory, "demo.image.ts"), BLUEPRINT('"mysql", "-postgress"').replace('"genpack/paravirt"', '"genpack/paravirtt"'));
    const tsc = tscInProject(directory);
    expect(tsc.status).toBe(2);
    expect(tsc.stdout).toMatch(/demo\.image\.ts\(4,30\): error TS2820: Type '"genpack\/paravirtt"' is not assignable to type/);
    expect(tsc.stdout).toMatch(/demo\.image\.ts\(6,31\): error TS2820: Type '"-postgress"' is not assignable to type/);
    expect(tsc.stdout.trim().split("\n")).toHaveLength(2);
  }, 60_000);

  it("completes a package's flags, atoms in packages, and atoms with their descriptions as keys, in the language service", async () => {
    const directory = await projectWith('"mysql", ""');
    const ts = createRequire(import.meta.url)("typescript") as typeof TS;
    const file = join(directory, "demo.image.ts");
    const text = readFileSync(file, "utf8");
    const files = [file, join(directory, "gp-catalog.d.ts")];
    const options: TS.CompilerOptions = { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, types: [], paths: { "genpack-ts": [join(ROOT, "dsl/index.ts")] } };
    const service = ts.createLanguageService({
      getScriptFileNames: () => files,
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? "") : undefined),
      getCurrentDirectory: () => directory,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
    });
    const flags = service.getCompletionsAtPosition(file, text.indexOf('"mysql", ""') + 10, {});
    expect(flags?.entries.map((entry) => entry.name).sort()).toEqual(expect.arrayContaining(["curl", "mysql", "postgres", "-curl", "-postgres"]));
    const keyPosition = text.indexOf('"media-libs/mesa": [') + 1;
    const atoms = service.getCompletionsAtPosition(file, keyPosition, {});
    const names = atoms?.entries.map((entry) => entry.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["dev-lang/php", "media-libs/mesa", "genpack/paravirt"]));
    const inPackages = service.getCompletionsAtPosition(file, text.indexOf('packages: ["dev-lang/php"') + 12, {});
    expect(inPackages?.entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(["dev-lang/php", "media-libs/mesa", "genpack/paravirt"]));
    const details = service.getCompletionEntryDetails(file, keyPosition, "dev-lang/php", {}, undefined, undefined, undefined);
    expect(ts.displayPartsToString(details?.documentation)).toContain("The PHP language runtime engine");
    expect(ts.displayPartsToString(details?.documentation)).toContain("`mysql`: Add MySQL support");
  }, 60_000);
});
