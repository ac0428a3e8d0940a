import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../../compiler/format-diagnostics.js";
import { checkArtifactDirectory } from "../../../compiler/artifact/check-artifact-directory.js";
import { importToFile } from "../../../compiler/artifact/import-to-file.js";
import { CORPUS, CORPUS_MISSING_REASON, corpusAvailable, corpusArtifacts } from "../../helpers/corpus.js";
import { ROOT } from "../../helpers/gp.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** How an edge case lays out its artifact beyond genpack.json5: paths below it, and what each is. */
type Layout = Readonly<Record<string, string | { readonly mode: number; readonly text: string } | { readonly link: string } | "fifo" | "folder">>;

interface EdgeCase {
  readonly what: string;
  readonly json: string;
  readonly layout?: Layout;
  /** The artifact's folder name. */
  readonly folder?: string;
  /** The verdict both must give: true when the artifact passes and imports. */
  readonly passes: boolean;
}

const edgeCases: readonly EdgeCase[] = [
  { what: "a uid of 4294967295", json: `{ name: "box", users: [{ name: "web", uid: 4294967295 }] }`, passes: false },
  { what: "a uid of 4294967294", json: `{ name: "box", users: [{ name: "web", uid: 4294967294 }] }`, passes: true },
  { what: "a uid as a string of digits", json: `{ name: "box", users: [{ name: "web", uid: "0100" }] }`, passes: true },
  { what: "a uid written as a float", json: `{ name: "box", users: [{ name: "web", uid: 1e3 }] }`, passes: false },
  { what: "a comment-like entry that is no atom", json: `{ name: "box", packages: ["#foo"] }`, passes: false },
  { what: "an atom commented out", json: `{ name: "box", packages: ["#dev-ruby/bundler", "app-misc/screen"] }`, passes: true },
  { what: "an empty circular dependency breaker", json: `{ name: "box", circulardep_breaker: {} }`, passes: true },
  { what: "a breaker with no packages", json: `{ name: "box", circulardep_breaker: { packages: [], use: "-harfbuzz" } }`, passes: true },
  { what: "a breaker with a key genpack ignores", json: `{ name: "box", circulardep_breaker: { packages: ["media-libs/freetype"], use: "-harfbuzz", note: "x" } }`, passes: true },
  { what: "a folder name that is no image name", json: `{ packages: ["app-misc/screen"] }`, folder: "my box", passes: false },
  { what: "a folder name that is an image name", json: `{ packages: ["app-misc/screen"] }`, folder: "box", passes: true },
  { what: "a name with ../", json: `{ name: "../evil" }`, passes: false },
  { what: "a name of 201 bytes", json: `{ name: "${"x".repeat(201)}" }`, passes: false },
  { what: "an image and variant name too long for one file name together", json: `{ name: "${"x".repeat(150)}", variants: { ${"v".repeat(100)}: {} } }`, passes: false },
  { what: "a variant name with a space", json: `{ name: "box", variants: { "with gpu": {} } }`, passes: false },
  { what: "a key written twice", json: `{ name: "box", packages: ["app-misc/screen"], packages: ["app-misc/mc"] }`, passes: true },
  { what: "a user's key written twice", json: `{ name: "box", users: [{ name: "a", uid: 1000, uid: 1001 }] }`, passes: true },
  { what: "a setup command given as an object", json: `{ name: "box", setup_commands: ["true", { command: "later" }] }`, passes: true },
  { what: "an empty setup command", json: `{ name: "box", setup_commands: [""] }`, passes: false },
  { what: "a setup command with a line break", json: `{ name: "box", setup_commands: ["false\\ntrue"] }`, passes: false },
  { what: "USE flags in one list element", json: `{ name: "box", use: { "dev-lang/php": ["mysql  curl", "gd"] } }`, passes: true },
  { what: "an empty USE list element", json: `{ name: "box", use: { "dev-lang/php": [""] } }`, passes: true },
  { what: "USE_EXPAND in a list", json: `{ name: "box", use: { "media-libs/mesa": ["VIDEO_CARDS:", "virgl"] } }`, passes: true },
  { what: "a group with a key only users have", json: `{ name: "box", groups: [{ name: "web", uid: 5 }] }`, passes: true },
  { what: "a user with a key only groups have", json: `{ name: "box", users: [{ name: "web", gid: 5 }] }`, passes: true },
  { what: "a user with both spellings of a key, the one genpack ignores invalid", json: `{ name: "box", users: [{ name: "web", "initial-group": "Bad Group", initial_group: "web" }], groups: ["web"] }`, passes: true },
  { what: "a user with both spellings of a key", json: `{ name: "box", users: [{ name: "web", "create-home": true, create_home: false }] }`, passes: true },
  { what: "a user given as a string", json: `{ name: "box", users: ["web"] }`, passes: true },
  { what: "a user given as a string useradd refuses", json: `{ name: "box", users: ["Web Admin"] }`, passes: false },
  { what: "a home that is not absolute", json: `{ name: "box", users: [{ name: "web", home: "srv/web" }] }`, passes: false },
  { what: "a shell with ':'", json: `{ name: "box", users: [{ name: "web", shell: "/bin/sh:x" }] }`, passes: false },
  { what: "an initial group useradd refuses", json: `{ name: "box", users: [{ name: "web", initial_group: "Web Group" }] }`, passes: false },
  { what: "additional groups as a string", json: `{ name: "box", users: [{ name: "web", "additional-groups": "video,audio" }] }`, passes: true },
  { what: "a user defined in the top level and a variant", json: `{ name: "box", users: ["web"], variants: { v: { users: ["web"] } } }`, passes: false },
  { what: "a user named like a group", json: `{ name: "box", groups: ["web"], users: ["web"] }`, passes: false },
  { what: "two groups sharing a gid", json: `{ name: "box", groups: [{ name: "a", gid: 5 }, { name: "b", gid: 5 }] }`, passes: false },
  { what: "a lower layer capacity of 0", json: `{ name: "box", "lower-layer-capacity": 0 }`, passes: false },
  { what: "an arch block the profile never builds", json: `{ name: "box", profile: "raspberrypi", arch: { x86_64: { packages: ["app-misc/screen"] } } }`, passes: true },
  { what: "a removal", json: `{ name: "box", packages: ["app-misc/screen", "-app-misc/screen"] }`, passes: true },
  { what: "a variant with its own name and outfile", json: `{ name: "box", variants: { v: { name: "boxv", outfile: "v.squashfs" } } }`, passes: true },
  { what: "a null accept_keywords", json: `{ name: "box", accept_keywords: { "net-vpn/frp": null } }`, passes: true },
  { what: "an env file env/ holds", json: `{ name: "box", env: { "app-misc/screen": "debug.conf" } }`, layout: { "env/debug.conf": "FEATURES=splitdebug\n" }, passes: true },
  { what: "an env file env/ lacks", json: `{ name: "box", env: { "app-misc/screen": "debug.conf" } }`, passes: false },
  { what: "an env file name with a slash", json: `{ name: "box", env: { "app-misc/screen": "a/b.conf" } }`, passes: false },
  { what: "a runnable build script", json: `{ name: "box" }`, layout: { "files/build.d/10-a.sh": "true\n", "files/build.d/20-b": { mode: 0o755, text: "#!/bin/sh\n" } }, passes: true },
  { what: "a build script genpack cannot run", json: `{ name: "box" }`, layout: { "files/build.d/10-setup": { mode: 0o644, text: "true\n" } }, passes: false },
  { what: "files/build", json: `{ name: "box" }`, layout: { "files/build": { mode: 0o755, text: "#!/bin/sh\n" } }, passes: false },
  { what: "a FIFO deep in files/", json: `{ name: "box" }`, layout: { "files/etc/pipe": "fifo" }, passes: false },
  { what: "a link deep in files/", json: `{ name: "box" }`, layout: { "files/etc/hostname": { link: "/etc/hostname" } }, passes: true },
  { what: "a link at the top of files/", json: `{ name: "box" }`, layout: { "files/etc": { link: "/etc" } }, passes: false },
  { what: "files/ that is a link", json: `{ name: "box" }`, layout: { real: "folder", files: { link: "real" } }, passes: false },
  { what: "a file in files/ named with a line break", json: `{ name: "box" }`, layout: { "files/a\nb": "x\n" }, passes: false },
  { what: "build scripts of a user with a name useradd refuses", json: `{ name: "box" }`, layout: { "files/build.d/Web/a.sh": "true\n" }, passes: false },
  { what: "kernel fragments for an arch genpack does not know", json: `{ name: "box" }`, layout: { "kernel/arch-amd64/config.d/a.config": "CONFIG_A=y\n" }, passes: false },
  { what: "kernel fragments for an arch", json: `{ name: "box" }`, layout: { "kernel/arch-aarch64/config.d/a.config": "CONFIG_A=y\n", "kernel/config.d/b.config": "CONFIG_B=y\n" }, passes: true },
  { what: "a patch for a target that is no package", json: `{ name: "box" }`, layout: { "patches/-bad/pkg/a.patch": "" }, passes: false },
  { what: "a patch for a package", json: `{ name: "box" }`, layout: { "patches/x11-wm/mutter/a.patch": "" }, passes: true },
  { what: "a saved configuration outside any category", json: `{ name: "box" }`, layout: { "savedconfig/linux-firmware": "x\n" }, passes: false },
  { what: "a saved configuration of a package", json: `{ name: "box" }`, layout: { "savedconfig/sys-kernel/linux-firmware": "x\n" }, passes: true },
  { what: "USE flags for every package", json: `{ name: "box", use: { "*/*": "python_targets_python3_12" } }`, passes: true },
  { what: "a USE key that is no atom", json: `{ name: "box", use: { "*": "x" } }`, passes: false },
  { what: "arch blocks for several arches in any order", json: `{ name: "box", arch: { "aarch64|x86_64": { packages: ["app-misc/screen"] }, "riscv64|i686|x86_64": {} } }`, passes: true },
  { what: "numbers in JSON5's other forms", json: `{ name: "box", "lower-layer-capacity": 0x40, users: [{ name: "web", uid: +1000 }] }`, passes: true },
  { what: "a variant's outfile with ..", json: `{ name: "box", variants: { v: { outfile: "../v.squashfs" } } }`, passes: false },
  { what: "a key genpack no longer reads", json: `{ name: "box", devel: true }`, passes: true },
  { what: "a saved configuration named with a line break", json: `{ name: "box" }`, layout: { "savedconfig/sys-kernel/linux\nfirmware": "x\n" }, passes: false },
];

function makeArtifact(edge: EdgeCase): string {
  const directory = join(temporaryDirectory(), edge.folder ?? "box");
  mkdirSync(directory);
  writeFileSync(join(directory, "genpack.json5"), edge.json);
  for (const [path, what] of Object.entries(edge.layout ?? {})) {
    const target = join(directory, path);
    mkdirSync(join(target, ".."), { recursive: true });
    if (what === "folder") mkdirSync(target);
    else if (what === "fifo") execFileSync("mkfifo", [target]);
    else if (typeof what === "string") writeFileSync(target, what);
    else if ("link" in what) symlinkSync(what.link, target);
    else {
      writeFileSync(target, what.text);
      chmodSync(target, what.mode);
    }
  }
  return directory;
}

/** Both verdicts on one artifact: whether `gp check` passes it, and whether `gp import` turns it into a blueprint that compiles. */
async function verdicts(directory: string): Promise<{ check: boolean; imported: boolean; shown: string }> {
  const checked = checkArtifactDirectory(directory);
  const imported = await importToFile(directory, { output: join(temporaryDirectory(), "project", "image.image.ts") });
  const shown = formatDiagnostics([...checked.diagnostics, ...imported.diagnostics], { cwd: ROOT, color: false });
  return { check: checked.ok, imported: imported.ok, shown };
}

describe("gp check and gp import give one verdict for one input", () => {
  it.each(edgeCases.map((edge) => [edge.what, edge] as const))("%s", async (_what, edge) => {
    const { check, imported, shown } = await verdicts(makeArtifact(edge));
    expect({ check, imported }, shown).toEqual({ check: edge.passes, imported: edge.passes });
  });

  it.each(readdirSync(join(ROOT, "test/artifacts")).sort())("the test artifact %s", async (name) => {
    const directory = join(temporaryDirectory(), name);
    cpSync(join(ROOT, "test/artifacts", name), directory, { recursive: true });
    const { check, imported, shown } = await verdicts(directory);
    expect(imported, shown).toBe(check);
  });

  const available = corpusAvailable();
  const stencils = available ? readdirSync(join(CORPUS, "genpack-stencils")).filter((name) => !name.includes(".") && name !== "LICENSE") : [];
  const legacy = available ? readdirSync(join(CORPUS, "_legacy")).filter((name) => name.includes("@")) : [];
  const real = [...corpusArtifacts(), ...stencils.map((name) => `genpack-stencils/${name}`), ...legacy.map((name) => `_legacy/${name}`)];

  it.skipIf(!available).each(real)(`the corpus: %s${available ? "" : ` (skipped: ${CORPUS_MISSING_REASON})`}`, async (name) => {
    // A copy, so that a folder name is the artifact's own rather than `name@commit`.
    const directory = join(temporaryDirectory(), name.replace(/^.*\//, "").replace(/@.*$/, ""));
    cpSync(join(CORPUS, name), directory, { recursive: true });
    const { check, imported, shown } = await verdicts(directory);
    expect(imported, shown).toBe(check);
  });
});
