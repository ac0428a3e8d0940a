import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, type Artifact } from "../../compiler/index.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** Compiles a blueprint written in a fresh directory, with extra files beside it. */
async function compileBlueprint(source: string, files: Record<string, string | Buffer> = {}, directory = temporaryDirectory()) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(directory, path, ".."), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  writeFileSync(join(directory, "x.image.ts"), source);
  return compile("x.image.ts", { cwd: directory, typecheck: false });
}

function text(artifact: Artifact | undefined, path: string): string {
  const entry = artifact?.get(path);
  if (entry?.kind !== "file") throw new Error(`${path} is not a file of the artifact: ${[...(artifact?.keys() ?? [])].join(", ")}`);
  return Buffer.from(entry.data).toString("utf8");
}

function ebuildOf(artifact: Artifact | undefined, directory: string): string {
  const names = [...(artifact?.keys() ?? [])].filter((path) => path.startsWith(`${directory}/`) && path.endsWith(".ebuild"));
  expect(names).toHaveLength(1);
  return names[0] as string;
}

const image = (packageFields: string, imageFields = "") => `import { defineImage, definePackage, directory, file, text } from "genpack-ts";
const hello = definePackage({
  category: "app-misc",
  name: "hello",
  version: "1.0",
  description: "Greets",
  license: "MIT",
  ${packageFields}
});
export default defineImage({ name: "x", profile: "paravirt", packages: [hello], ${imageFields} });
`;

describe("the revision of a generated package", () => {
  it("stays the same for the same blueprint and changes with a file's content, a mode or a field", async () => {
    const base = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=1\\n" },`));
    const same = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=1\\n" },`));
    const content = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=2\\n" },`));
    const mode = await compileBlueprint(image(`files: { "/etc/hello.conf": text("a=1\\n", { mode: 0o600 }) },`));
    const field = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=1\\n" }, homepage: "https://example.org/",`));
    const names = [base, same, content, mode, field].map((result) => ebuildOf(result.artifact, "overlay/app-misc/hello"));
    expect(names[0]).toMatch(/^overlay\/app-misc\/hello\/hello-1\.0-r[1-9]\d{0,8}\.ebuild$/);
    expect(names[1]).toBe(names[0]);
    expect(new Set(names.slice(2)).size).toBe(3);
    expect(names.slice(2)).not.toContain(names[0]);
  });
});

describe("generated ebuilds", () => {
  it("list every file in a thick Manifest with its size, BLAKE2B and SHA512", async () => {
    const result = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=1\\n" },`));
    const ebuild = ebuildOf(result.artifact, "overlay/app-misc/hello");
    const digests = (data: string) => `${Buffer.byteLength(data)} BLAKE2B ${createHash("blake2b512").update(data).digest("hex")} SHA512 ${createHash("sha512").update(data).digest("hex")}`;
    expect(text(result.artifact, "overlay/app-misc/hello/Manifest")).toBe(
      `AUX etc/hello.conf ${digests("a=1\n")}\nEBUILD ${ebuild.split("/").at(-1) ?? ""} ${digests(text(result.artifact, ebuild))}\nMISC metadata.xml ${digests(text(result.artifact, "overlay/app-misc/hello/metadata.xml"))}\n`,
    );
  });

  it("make a package that installs nothing a metapackage, with no src_install", async () => {
    const result = await compileBlueprint(`import { defineImage, definePackage } from "genpack-ts";
const meta = definePackage({ category: "app-misc", name: "meta", version: "1", description: "Pulls in tools", rdepend: ["app-misc/screen", "app-editors/vim"] });
export default defineImage({ name: "x", profile: "paravirt", packages: [meta] });
`);
    const ebuild = text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/meta"));
    expect(ebuild).toContain('LICENSE="metapackage"\n');
    expect(ebuild).toContain('RDEPEND="\n\tapp-misc/screen\n\tapp-editors/vim\n"\n');
    expect(ebuild).not.toContain("src_install");
  });

  it("take KEYWORDS from the arches the image exists for", async () => {
    const result = await compileBlueprint(image("", 'arches: ["aarch64"]'));
    expect(text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/hello"))).toContain('KEYWORDS="arm64"\n');
    const everywhere = await compileBlueprint(image('keywords: ["~amd64", "-*"],'));
    expect(text(everywhere.artifact, ebuildOf(everywhere.artifact, "overlay/app-misc/hello"))).toContain('KEYWORDS="~amd64 -*"\n');
  });

  it("keep links and empty directories of a copied tree as dosym and keepdir, and leave ELF files unstripped", async () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "tree/empty"), { recursive: true });
    writeFileSync(join(directory, "tree/real.txt"), "real\n");
    symlinkSync("real.txt", join(directory, "tree/link.txt"));
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(57)]);
    const result = await compileBlueprint(image(`files: { "/opt/hello": directory("./tree"), "/usr/bin/tool": file("./tool", { mode: 0o755 }) },`), { tool: elf }, directory);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    const ebuild = text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/hello"));
    expect(ebuild).toContain("\tkeepdir /opt/hello/empty\n");
    expect(ebuild).toContain("\tdosym real.txt /opt/hello/link.txt\n");
    expect(ebuild).toContain("\tdostrip -x /usr/bin/tool\n");
    // files/ holds regular files only: links and empty directories would only confuse the Manifest.
    const kept = [...(result.artifact?.keys() ?? [])].filter((path) => path.startsWith("overlay/app-misc/hello/files/"));
    expect(kept).toEqual(["overlay/app-misc/hello/files/opt", "overlay/app-misc/hello/files/opt/hello", "overlay/app-misc/hello/files/opt/hello/real.txt", "overlay/app-misc/hello/files/usr", "overlay/app-misc/hello/files/usr/bin", "overlay/app-misc/hello/files/usr/bin/tool"]);
  });

  it("quote descriptions for bash, so a quote or a dollar sign stays text", async () => {
    const result = await compileBlueprint(`import { defineImage, definePackage } from "genpack-ts";
const odd = definePackage({ category: "app-misc", name: "odd", version: "1", description: 'Prints "$HOME" and \`date\`' });
export default defineImage({ name: "x", profile: "paravirt", packages: [odd] });
`);
    expect(text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/odd"))).toContain('DESCRIPTION="Prints \\"\\$HOME\\" and \\`date\\`"\n');
  });
});

/** An `install` value written as a TypeScript string literal. */
const installField = (commands: string) => `install: ${JSON.stringify(commands)},`;

/**
 * Sources an ebuild in bash as Portage does, with the helpers src_install calls as no-ops, then
 * runs src_install. Returns the functions the ebuild defines and what the commands wrote to $T.
 */
function runEbuild(ebuild: string): { functions: string[]; status: number | null; stderr: string; scratch: string } {
  const scratch = temporaryDirectory();
  writeFileSync(join(scratch, "test.ebuild"), ebuild);
  const helpers = ["insopts", "insinto", "newins", "docompress", "dostrip", "keepdir", "dosym", "dobin"].map((name) => `${name}() { :; }`).join("; ");
  const script = `${helpers}; before=$(declare -F | wc -l); source "$1" || exit 90; declare -F | tail -n +$((before + 1)); T="$2" src_install`;
  const result = spawnSync("bash", ["-c", script, "bash", join(scratch, "test.ebuild"), scratch], { encoding: "utf8" });
  return { functions: result.stdout.split("\n").filter((line) => line !== "").map((line) => line.replace(/^declare -f /, "")), status: result.status, stderr: result.stderr, scratch };
}

describe("a package's install commands", () => {
  it.each([
    ["a heredoc that never ends", 'cat >/dev/null <<EOF\necho "$T" >/dev/null'],
    ["a line ending in a backslash", "echo done >/dev/null \\"],
    ["quotes and a brace", "echo \"it's\" '}' >/dev/null"],
  ])("cannot end src_install, even with %s", async (_what, commands) => {
    const install = `touch "$T/ran"\n${commands}`;
    const result = await compileBlueprint(image(`files: { "/etc/hello.conf": "a=1\\n" }, ${installField(install)}`));
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    const run = runEbuild(text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/hello")));
    // The ebuild defines src_install and nothing else, and its commands run inside it.
    expect(run.functions, run.stderr).toEqual(["src_install"]);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(run.scratch, "ran"))).toBe(true);
  });

  it("run as written, after the files are installed", async () => {
    const install = "dobin tool\nprintf '%s\\n' \"a 'b'\" >\"$T/out\"";
    const result = await compileBlueprint(image(installField(install)));
    const ebuild = text(result.artifact, ebuildOf(result.artifact, "overlay/app-misc/hello"));
    expect(ebuild).toContain("src_install() {\n\t# The package's install commands, as the blueprint wrote them.\n\teval '\ndobin tool\n");
    const run = runEbuild(ebuild);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(run.scratch, "out"), "utf8")).toBe("a 'b'\n");
  });

  it.each([
    ["a brace that closes the function", "dobin tool\n}\nrm -rf /\nf() {", 2, "}"],
    ["a brace that is never closed", "dobin tool\nif true; then {\n  echo", 3, undefined],
    ["a quote that is never closed", "dobin tool\necho 'unclosed", 2, undefined],
  ])("are refused at their line in the blueprint when bash cannot read them: %s", async (_what, commands, bashLine, token) => {
    const source = image(installField(commands));
    const result = await compileBlueprint(source);
    expect(result.ok).toBe(false);
    const [problem] = result.diagnostics.filter((diagnostic) => diagnostic.code === "GP3058");
    expect(problem?.message).toMatch(new RegExp(`^bash cannot read line ${bashLine} of the install commands: `));
    const installLine = source.split("\n").findIndex((line) => line.includes("install:")) + 1;
    expect(problem?.location?.start?.line).toBe(installLine);
    if (token !== undefined) {
      const column = (source.split("\n")[installLine - 1] ?? "").indexOf(`\\n${token}\\n`) + 3;
      expect(problem?.location?.start?.column).toBe(column);
    }
  });
});

describe("the overlay of an image with packages of its own", () => {
  it("keeps a hand-written overlay's packages and files and adds the categories of the generated ones", async () => {
    const result = await compileBlueprint(image("", 'overlay: directory("./overlay")'), {
      "overlay/profiles/categories": "net-misc\n",
      "overlay/net-misc/own/own-1.ebuild": 'EAPI=8\nDESCRIPTION="Own"\nSLOT="0"\nKEYWORDS="amd64"\n',
    });
    expect(result.ok).toBe(true);
    expect(text(result.artifact, "overlay/net-misc/own/own-1.ebuild")).toContain('DESCRIPTION="Own"');
    expect(text(result.artifact, "overlay/profiles/categories")).toBe("app-misc\nnet-misc\n");
    expect(text(result.artifact, "overlay/profiles/repo_name")).toBe("genpack-local-overlay\n");
    expect(text(result.artifact, "overlay/metadata/layout.conf")).toBe("masters = gentoo\n");
  });

  it("lists a package named in a profile and in the image once, as its atom in genpack.json5", async () => {
    const result = await compileBlueprint(`import { defineImage, definePackage, defineProfile } from "genpack-ts";
const hello = definePackage({ category: "app-misc", name: "hello", version: "1", description: "Greets" });
const base = defineProfile({ packages: [hello] });
export default defineImage({ name: "x", profile: "paravirt", extends: base, packages: [hello], variants: { big: { packages: [hello] } } });
`);
    expect(result.ok).toBe(true);
    expect(text(result.artifact, "genpack.json5")).toContain('packages: ["app-misc/hello"]');
    expect([...(result.artifact?.keys() ?? [])].filter((path) => path.endsWith(".ebuild"))).toHaveLength(1);
  });

  it("warns about an init module without configure() and a dependency that pins revision 0", async () => {
    const result = await compileBlueprint(`import { defineImage, definePackage } from "genpack-ts";
const hello = definePackage({ category: "app-misc", name: "hello", version: "1.0", description: "Greets", license: "MIT", initModules: { "50hello.py": "print('hi')\\n" } });
const user = definePackage({ category: "app-misc", name: "user", version: "1", description: "Uses hello", rdepend: [hello, "=app-misc/hello-1.0"] });
export default defineImage({ name: "x", profile: "paravirt", packages: [user] });
`);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual(
      expect.arrayContaining([
        ["GP3055", "warning"],
        ["GP3056", "warning"],
      ]),
    );
  });

  it("refuses a file whose path holds whitespace, which a Manifest cannot list", async () => {
    const result = await compileBlueprint(image(`files: { "/etc/my hello.conf": "a=1\\n" },`));
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toContain('app-misc/hello would install "/etc/my hello.conf", but a Manifest cannot list a file whose name holds whitespace.');
  });
});
