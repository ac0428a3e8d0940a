import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogDeclarations } from "../../../compiler/catalog/catalog-declarations.js";
import { readCatalog } from "../../../compiler/catalog/read-catalog.js";
import { writeRepository } from "../../fixtures/portage-repositories/write-repository.js";
import { hasStackTrace, jsonDiagnostics, jsonLines, runGp } from "../../helpers/gp.js";
import { suiteDirectory } from "../../helpers/temp.js";

const cacheEntry = (values: Record<string, string>) => `${Object.entries({ EAPI: "8", SLOT: "0", KEYWORDS: "amd64", ...values }).map(([key, value]) => `${key}=${value}`).join("\n")}\n`;

/** A master repository with a metadata cache, as Gentoo ships it. */
function writeGentoo(directory: string): string {
  return writeRepository(directory, {
    "profiles/repo_name": "gentoo\n",
    "profiles/desc/video_cards.desc": "intel - Intel GPUs\nradeon - AMD GPUs\n",
    "licenses/GPL-2": "GPL\n",
    "licenses/MIT": "MIT\n",
    "licenses/linux-fw-redistributable": "firmware\n",
    "app-misc/screen/screen-4.9.1.ebuild": "",
    "metadata/md5-cache/app-misc/screen-4.9.1": cacheEntry({ DESCRIPTION: "Terminal multiplexer", IUSE: "multiuser pam", LICENSE: "GPL-2" }),
    "media-libs/mesa/mesa-24.0.ebuild": "",
    "metadata/md5-cache/media-libs/mesa-24.0": cacheEntry({ DESCRIPTION: "OpenGL-like graphics library", IUSE: "X vaapi video_cards_intel vulkan", LICENSE: "MIT" }),
    "dev-lang/php/php-8.3.0.ebuild": "",
    "metadata/md5-cache/dev-lang/php-8.3.0": cacheEntry({ DESCRIPTION: "The PHP language", IUSE: "fpm gd mysql", LICENSE: "PHP-3.01" }),
    "sys-kernel/linux-firmware/linux-firmware-20260101.ebuild": "",
    "metadata/md5-cache/sys-kernel/linux-firmware-20260101": cacheEntry({ DESCRIPTION: "Linux firmware files", IUSE: "savedconfig", LICENSE: "linux-fw-redistributable" }),
  });
}

/** An overlay of one plain ebuild, without a cache, as genpack-overlay is. */
function writeOverlay(directory: string): string {
  return writeRepository(directory, {
    "metadata/layout.conf": "masters = gentoo\nrepo-name = genpack-overlay\n",
    "genpack/base/base-20260614.ebuild": 'EAPI=8\nDESCRIPTION="genpack base system"\nLICENSE="MIT"\nSLOT="0"\nKEYWORDS="amd64"\nIUSE="ssl +cli"\n',
  });
}

const PROFILE = `import { defineProfile } from "genpack-ts";

export default defineProfile({
  packages: ["media-libs/mesa", "app-editors/vmi"],
});
`;

/** One mistake of each kind on its own line, and values only gp check --catalog can judge. */
const BROKEN = `import { defineImage } from "genpack-ts";
import base from "./base.profile.ts";

export default defineImage({
  name: "broken",
  extends: [base],
  packages: ["app-misc/screen", "app-misc/scren", "genpack/base"],
  use: {
    "media-libs/mesa": ["vaapi", "-vulkn", { VIDEO_CARDS: ["intel", "intell"] }],
    ">=dev-lang/php-8": "fpm -gdd",
  },
  license: { "sys-kernel/linux-firmware": "linux-fw-redistributabel" },
});
`;

const CLEAN = `import { defineImage, definePackage } from "genpack-ts";

const greeter = definePackage({ category: "app-misc", name: "greeter", version: "1", description: "Greets" });

export default defineImage({
  name: "clean",
  packages: ["app-misc/screen", ">=media-libs/mesa-24", "genpack/base", greeter],
  use: {
    "media-libs/mesa": ["vaapi", "-X", "video_cards_intel", { VIDEO_CARDS: ["intel", "-radeon"] }],
    "dev-lang/php": "fpm -gd VIDEO_CARDS: radeon",
    "genpack/base": ["-cli"],
  },
  acceptKeywords: { "app-misc/greeter": null },
  license: { "sys-kernel/linux-firmware": "linux-fw-redistributable @FREE", "dev-lang/php": ["-*", "MIT"] },
  mask: ["app-misc/*"],
});
`;

/** The 1-based line and column of `text` in `source`, searching from the line that holds `after`. */
function positionOf(source: string, text: string, after = ""): { line: number; column: number } {
  const lines = source.split("\n");
  const from = after === "" ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, number) => number >= from && line.includes(text));
  return { line: index + 1, column: (lines[index] as string).indexOf(text) + 1 };
}

let root: string;
let catalogFile: string;
let project: string;

beforeAll(async () => {
  root = suiteDirectory();
  const { catalog } = await readCatalog([writeGentoo(join(root, "gentoo")), writeOverlay(join(root, "overlay"))]);
  // Not beside the blueprints as gp-catalog.d.ts, where the type-check would judge them first.
  catalogFile = join(root, "catalog", "repositories.d.ts");
  mkdirSync(join(root, "catalog"));
  writeFileSync(catalogFile, catalogDeclarations(catalog));
  project = join(root, "project");
  mkdirSync(project);
  writeFileSync(join(project, "base.profile.ts"), PROFILE);
  writeFileSync(join(project, "broken.image.ts"), BROKEN);
  writeFileSync(join(project, "clean.image.ts"), CLEAN);
});

describe("gp check --catalog", () => {
  it("reports every unknown atom, flag, USE_EXPAND value and license at its line, with the closest name", async () => {
    const run = await runGp(["check", "--json", "--catalog", catalogFile, "broken.image.ts"], { cwd: project });
    expect(run.exitCode, run.stderr).toBe(1);
    const diagnostics = jsonDiagnostics(run.stdout);
    const found = diagnostics.map(({ code, file, line, column, message, hint }) => ({ code, file, line, column, message, hint }));
    expect(found).toEqual([
      {
        code: "GP5101",
        file: "base.profile.ts",
        ...positionOf(PROFILE, '"app-editors/vmi"'),
        message: "No repository in the catalog has the package app-editors/vmi, nor any package in the category \"app-editors\".",
        hint: "If a repository has it, write the catalog again with that repository (gp catalog --repo PATH).",
      },
      { code: "GP5101", file: "broken.image.ts", ...positionOf(BROKEN, '"app-misc/scren"'), message: "No repository in the catalog has the package app-misc/scren.", hint: "Did you mean `app-misc/screen`?" },
      { code: "GP5102", file: "broken.image.ts", ...positionOf(BROKEN, '"-vulkn"'), message: '"vulkn" is not a USE flag of media-libs/mesa.', hint: "Did you mean `vulkan`?" },
      { code: "GP5103", file: "broken.image.ts", ...positionOf(BROKEN, '"intell"'), message: '"intell" is not a VIDEO_CARDS value the catalog describes.', hint: "Did you mean `intel`?" },
      { code: "GP5102", file: "broken.image.ts", ...positionOf(BROKEN, "-gdd"), message: '"gdd" is not a USE flag of dev-lang/php.', hint: "Did you mean `gd`?" },
      {
        code: "GP5104",
        file: "broken.image.ts",
        ...positionOf(BROKEN, "linux-fw-redistributabel"),
        message: "\"linux-fw-redistributabel\" is not a license of the catalog's repositories.",
        hint: "Did you mean `linux-fw-redistributable`?",
      },
    ]);
    expect(jsonLines(run.stdout).filter((line) => line["type"] === "result")).toEqual([{ type: "result", ok: false, target: "broken.image.ts", checker: expect.any(Object) }]);
  });

  it("prints each problem as tsc does, with its frame and hint", async () => {
    const run = await runGp(["check", "--catalog", catalogFile, "broken.image.ts"], { cwd: project });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      [
        "broken.image.ts:7:33 - error GP5101: No repository in the catalog has the package app-misc/scren.",
        "",
        '  5 |   name: "broken",',
        "  6 |   extends: [base],",
        '> 7 |   packages: ["app-misc/screen", "app-misc/scren", "genpack/base"],',
        "    |                                 ^^^^^^^^^^^^^^^^",
        "  8 |   use: {",
        '  9 |     "media-libs/mesa": ["vaapi", "-vulkn", { VIDEO_CARDS: ["intel", "intell"] }],',
        "",
        "hint: Did you mean `app-misc/screen`?",
      ].join("\n"),
    );
    expect(run.stderr).toContain("checked 1 target: 1 failed (6 errors)");
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  it("passes a blueprint whose every name the catalog has, counting its own packages as known", async () => {
    const run = await runGp(["check", "--catalog", catalogFile, "clean.image.ts"], { cwd: project });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("checked 1 target: ok\n");
  });

  it("changes nothing without --catalog: the names are well-formed", async () => {
    const run = await runGp(["check", "broken.image.ts"], { cwd: project });
    expect(run.exitCode, run.stderr).toBe(0);
  });

  it("judges an artifact's genpack.json5, knowing the packages of its overlay", async () => {
    const artifact = join(root, "artifact");
    const json5 = `{\n  packages: ["app-misc/screen", "app-misc/greeter", "app-misc/scren"],\n  use: { "media-libs/mesa": "vaapi -vulkn" },\n}\n`;
    writeRepository(artifact, { "genpack.json5": json5, "overlay/app-misc/greeter/greeter-1.ebuild": 'EAPI=8\nSLOT="0"\n' });
    const run = await runGp(["check", "--json", "--catalog", catalogFile, "artifact"], { cwd: root });
    expect(run.exitCode, run.stderr).toBe(1);
    const found = jsonDiagnostics(run.stdout).map(({ code, file, line, column }) => ({ code, file, line, column }));
    expect(found).toEqual([
      { code: "GP5101", file: "artifact/genpack.json5", ...positionOf(json5, '"app-misc/scren"') },
      { code: "GP5102", file: "artifact/genpack.json5", ...positionOf(json5, '"vaapi -vulkn"') },
    ]);
  });

  it("stops with exit 1 and a clear message when the catalog is missing or is not one", async () => {
    const missing = await runGp(["check", "--catalog", "missing.d.ts", "clean.image.ts"], { cwd: project });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("missing.d.ts - error GP5106: The catalog missing.d.ts does not exist.");
    expect(hasStackTrace(missing.stderr)).toBe(false);

    const wrong = await runGp(["check", "--catalog", "base.profile.ts", "clean.image.ts"], { cwd: project });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain("base.profile.ts - error GP5105: base.profile.ts is not a catalog that gp catalog writes: it declares no `interface GpCatalog`.");
    expect(readFileSync(join(project, "base.profile.ts"), "utf8")).toBe(PROFILE);
  });

  it("agrees with the type-checker on the names both judge, when the catalog is the project's gp-catalog.d.ts", async () => {
    const typed = join(root, "typed");
    mkdirSync(typed);
    writeFileSync(join(typed, "gp-catalog.d.ts"), readFileSync(catalogFile, "utf8"));
    writeFileSync(join(typed, "base.profile.ts"), PROFILE);
    writeFileSync(join(typed, "broken.image.ts"), BROKEN);
    const byTypes = await runGp(["check", "--json", "broken.image.ts"], { cwd: typed });
    const typeErrors = jsonDiagnostics(byTypes.stdout).filter((line) => String(line["code"]).startsWith("TS"));
    const byCatalog = await runGp(["check", "--json", "--catalog", catalogFile, "broken.image.ts"], { cwd: project });
    const catalogErrors = jsonDiagnostics(byCatalog.stdout);
    expect(typeErrors.length).toBeGreaterThan(0);
    // Only gp judges a versioned atom's USE string; every other problem both find on the same line.
    const lines = (found: Record<string, unknown>[]) => [...new Set(found.map((line) => `${String(line["file"])}:${String(line["line"])}`))].sort();
    expect(lines(typeErrors)).toEqual(lines(catalogErrors.filter((line) => line["line"] !== positionOf(BROKEN, "-gdd").line)));
  });
});
