import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, type Diagnostic } from "../../compiler/index.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** Compiles a blueprint body (the object passed to defineImage) in a fresh folder. */
async function compileBody(body: string, extra: Record<string, string> = {}): Promise<{ ok: boolean; diagnostics: readonly Diagnostic[]; directory: string }> {
  const directory = temporaryDirectory();
  for (const [name, content] of Object.entries(extra)) {
    mkdirSync(join(directory, name, ".."), { recursive: true });
    writeFileSync(join(directory, name), content);
  }
  writeFileSync(
    join(directory, "x.image.ts"),
    `import { defineImage, defineProfile, directory, file, text } from "genpack-ts";\n${extra["prelude"] ?? ""}\nexport default defineImage(${body});\n`,
  );
  const result = await compile("x.image.ts", { cwd: directory, typecheck: false });
  return { ok: result.ok, diagnostics: result.diagnostics, directory };
}

const codesOf = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code}`);

describe("warnings about what genpack itself ignores", () => {
  it("warns that genpack ignores a variant's name, profile and outfile", async () => {
    const { ok, diagnostics } = await compileBody(`{ variants: { v: { name: "n", profile: "paravirt", outfile: "v.squashfs" } } }`);
    expect(ok).toBe(true);
    expect(codesOf(diagnostics)).toEqual(["warning GP3034", "warning GP3034", "warning GP3034"]);
    expect(diagnostics[1]?.message).toContain('builds the variant "v" with no profile');
  });

  it("warns that genpack skips setupCommands outside the top level", async () => {
    const { diagnostics } = await compileBody(`{ arch: { x86_64: { setupCommands: ["true"] } }, variants: { v: { setupCommands: ["true"] } } }`);
    expect(codesOf(diagnostics)).toEqual(["warning GP3034", "warning GP3034"]);
  });

  it("warns that a top-level outfile makes every variant write the same file", async () => {
    const { diagnostics } = await compileBody(`{ outfile: "x.squashfs", variants: { a: {}, b: {} } }`);
    expect(codesOf(diagnostics)).toEqual(["warning GP3035"]);
  });
});

describe("other warnings", () => {
  it("warns about build scripts for a user the image does not define", async () => {
    const { ok, diagnostics } = await compileBody(`{ userBuildScripts: { apache: { "a.sh": "true\\n" } } }`);
    expect(ok).toBe(true);
    expect(codesOf(diagnostics)).toEqual(["warning GP3036"]);
    const defined = await compileBody(`{ users: ["apache"], userBuildScripts: { apache: { "a.sh": "true\\n" } } }`);
    expect(defined.diagnostics).toEqual([]);
  });

  it("warns when a profile's arch block overrides the image's own top-level entry", async () => {
    const prelude = `const base = defineProfile({ arch: { x86_64: { use: { "media-libs/mesa": "-vaapi" } } } });`;
    const { diagnostics } = await compileBody(`{ extends: base, use: { "media-libs/mesa": "vaapi" } }`, { prelude });
    expect(codesOf(diagnostics)).toEqual(["warning GP3037"]);
    expect(diagnostics[0]?.related?.[0]?.start?.line).toBe(2);
    const own = await compileBody(`{ use: { "media-libs/mesa": "vaapi" }, arch: { x86_64: { use: { "media-libs/mesa": "-vaapi" } } } }`);
    expect(own.diagnostics).toEqual([]);
  });

  it("warns when a copied tree brings build scripts", async () => {
    const { ok, diagnostics } = await compileBody(`{ files: { "/": directory("./rootfs") } }`, { "rootfs/build.d/setup.sh": "true\n", "rootfs/etc/motd": "hi\n" });
    expect(ok).toBe(true);
    expect(codesOf(diagnostics)).toEqual(["warning GP3029"]);
  });

  it("warns that a removal at the top level removes nothing", async () => {
    const { diagnostics } = await compileBody(`{ packages: ["a/b", { remove: "c/d" }] }`);
    expect(codesOf(diagnostics)).toEqual(["warning GP3021"]);
  });

  it("counts a removal in an arch block or variant as working when it removes something in some build", async () => {
    const working = await compileBody(`{ packages: ["a/b"], arch: { aarch64: { packages: [{ remove: "a/b" }] } }, variants: { v: { packages: [{ remove: "a/b" }] } } }`);
    expect(working.diagnostics).toEqual([]);
    const idle = await compileBody(`{ arch: { aarch64: { packages: [{ remove: "a/b" }] } }, variants: { v: { packages: ["a/b"] } } }`);
    // The variant adds a/b after the arch blocks, so the removal never sees it.
    expect(codesOf(idle.diagnostics)).toEqual(["warning GP3021"]);
  });
});

describe("source files", () => {
  it("follow symbolic links that stay inside the module's folder", async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "real.txt"), "real\n");
    symlinkSync("real.txt", join(directory, "link.txt"));
    mkdirSync(join(directory, "tree"));
    symlinkSync("tree", join(directory, "tree-link"));
    writeFileSync(join(directory, "tree/a"), "a\n");
    writeFileSync(join(directory, "x.image.ts"), `import { defineImage, directory, file } from "genpack-ts";\nexport default defineImage({ files: { "/etc/l": file("./link.txt"), "/srv": directory("./tree-link") } });\n`);
    const result = await compile("x.image.ts", { cwd: directory, typecheck: false });
    expect(result.diagnostics).toEqual([]);
    expect(result.artifact?.get("files/etc/l")).toMatchObject({ kind: "file", data: Buffer.from("real\n") });
    expect(result.artifact?.get("files/srv/a")).toMatchObject({ kind: "file" });
  });

  it("are found relative to a folder whose name holds parentheses", async () => {
    const { ok, diagnostics } = await compileBody(`{ files: { "/etc/motd": file("./motd") } }`, { motd: "hi\n" });
    expect(ok).toBe(true);
    const directory = temporaryDirectory();
    const odd = join(directory, "my (copy)");
    mkdirSync(odd);
    writeFileSync(join(odd, "motd"), "hi\n");
    writeFileSync(join(odd, "x.image.ts"), `import { defineImage, file } from "genpack-ts";\nexport default defineImage({ files: { "/etc/motd": file("./motd") } });\n`);
    const result = await compile("x.image.ts", { cwd: odd, typecheck: false });
    expect(result.diagnostics).toEqual(diagnostics);
    expect(result.artifact?.get("files/etc/motd")).toMatchObject({ kind: "file", data: Buffer.from("hi\n") });
  });
});
