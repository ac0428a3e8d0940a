import { execFile } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import type * as TS from "typescript";
import { describe, expect, it } from "vitest";
import { DSL_VERSION } from "../dsl/brand.js";
import { PROFILE_PACKAGES } from "../compiler/profile-packages.js";
import { ROOT } from "./helpers/gp.js";
import { temporaryDirectory } from "./helpers/temp.js";

const run = promisify(execFile);
const ts = createRequire(import.meta.url)("typescript") as typeof TS;
const tsc = join(ROOT, "node_modules/typescript/bin/tsc");

describe("the repository", () => {
  it.each(["tsconfig.json", "runtime/system-ini/browser/tsconfig.json", "blueprints/tsconfig.json"])("type-checks with %s", async (config) => {
    const result = await run(process.execPath, [tsc, "-p", join(ROOT, config), "--pretty", "false"], { cwd: ROOT }).catch((failure: { stdout: string }) => failure);
    expect(result.stdout).toBe("");
  });

  it("names every folder of the repository in the README's layout table", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const listed = new Set([...readme.matchAll(/^\| `([^`/]+)\/` \|/gm)].map((match) => match[1]));
    const folders = readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !["node_modules", "dist", "test-artifacts"].includes(entry.name))
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !listed.has(folder)).sort()).toEqual([]);
    expect([...listed].filter((folder) => !folders.includes(folder as string)).sort()).toEqual([]);
  });

  it("brands DSL values with the version in package.json", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(DSL_VERSION).toBe(version);
  });

  it("lists every profile package for gp init", () => {
    const folders = readdirSync(join(ROOT, "profiles"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    expect([...PROFILE_PACKAGES]).toEqual(folders);
  });

  it("gives every profile package a README with a usage example and a test", () => {
    for (const name of PROFILE_PACKAGES) {
      const manifest = JSON.parse(readFileSync(join(ROOT, "profiles", name, "package.json"), "utf8")) as { name: string; peerDependencies: Record<string, string> };
      expect(manifest.name).toBe(`@genpack-ts/profile-${name}`);
      expect(manifest.peerDependencies["genpack-ts"]).toBe(`^${DSL_VERSION}`);
      expect(readFileSync(join(ROOT, "profiles", name, "README.md"), "utf8")).toContain("```ts");
      expect(readdirSync(join(ROOT, "profiles", name, "test"))).toContain(`${name}.test.ts`);
    }
  });

  it("builds for npm test only when a source changed since the last build", async () => {
    // A copy of what the build reads, and of a build's outputs with its stamp.
    const copy = temporaryDirectory();
    for (const path of ["dsl", "errors", "host", "portage", "genpack", "compiler", "runtime", "cli", "profiles", "package.json", "package-lock.json", "tsconfig.base.json", "tsconfig.build.json", "scripts/bundle-cli.mjs", "dist/cli/main.js", "dist/dsl/index.js", "dist/dsl/index.d.ts", "dist/compiler/sandbox/runner.bundle.mjs", "dist/runtime/system-ini/form.bundle.js"]) {
      mkdirSync(join(copy, path, ".."), { recursive: true });
      cpSync(join(ROOT, path), join(copy, path), { recursive: true, filter: (source) => !source.includes("node_modules") });
    }
    const check = () =>
      run(process.execPath, [join(ROOT, "scripts/build-stamp.mjs"), "--check", "--root", copy]).then(
        (result) => ({ code: 0, said: result.stderr }),
        (failure: { code: number; stderr: string }) => ({ code: failure.code, said: failure.stderr }),
      );
    const stamp = () => run(process.execPath, [join(ROOT, "scripts/build-stamp.mjs"), "--root", copy]);
    expect(await check()).toEqual({ code: 1, said: "building gp: dist/.sources-sha256 is missing\n" });
    await stamp();
    expect(await check()).toEqual({ code: 0, said: "dist/ is built from the sources as they are; not building again\n" });
    // Built output and tests beside the sources are not what the build reads.
    appendFileSync(join(copy, "profiles/paravirt/index.js"), "\n");
    expect((await check()).code).toBe(0);
    appendFileSync(join(copy, "errors/codes.ts"), "\n");
    expect(await check()).toEqual({ code: 1, said: "building gp: the sources changed since dist/ was built\n" });
    await stamp();
    expect((await check()).code).toBe(0);
    rmSync(join(copy, "dist/cli/main.js"));
    expect(await check()).toEqual({ code: 1, said: "building gp: dist/cli/main.js is missing\n" });
    // An installed genpack-ts has dist/ and no sources: npm runs its prepare for file: dependencies.
    rmSync(join(copy, "tsconfig.build.json"));
    expect((await check()).code).toBe(0);
    // The build writes the stamp; npm ci (prepare) and npm test (pretest) build only without a matching one.
    const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts["build"]).toMatch(/&& node scripts\/build-stamp\.mjs$/);
    expect([scripts["prepare"], scripts["pretest"]]).toEqual(["node scripts/build-stamp.mjs --check || npm run build", "node scripts/build-stamp.mjs --check || npm run build"]);
  });

  it("keeps the DSL entry point free of imports, so profiles pull in nothing else", () => {
    const dsl = readFileSync(join(ROOT, "dist/dsl/index.js"), "utf8");
    const imports = [...dsl.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports.every((specifier) => specifier?.startsWith("./"))).toBe(true);
  });
});

/** Every module specifier a TypeScript source names: static imports, re-exports and import(). */
function importedSpecifiers(source: string): string[] {
  const pattern = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|(?:^|[\s;])import\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;
  return [...source.matchAll(pattern)].map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

/** The top folder of the repository a specifier of the file at `from` (repository-relative) leads to, or the package it names. */
function destination(from: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return relative(ROOT, resolve(ROOT, dirname(from), specifier)).split(sep)[0] as string;
}

/** Each relative import of a source below `folder`, with the repository-relative source file it names. */
function importsOf(folder: string): { file: string; specifier: string; target: string }[] {
  return sourceFiles(folder).flatMap((file) =>
    importedSpecifiers(readFileSync(join(ROOT, file), "utf8"))
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => ({ file, specifier, target: relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, ".ts") })),
  );
}

/** The TypeScript sources below `folder`, repository-relative. */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Each import of a source below `folder` that `allowed` refuses, as "file: specifier". */
function brokenRules(folder: string, allowed: (destination: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) => importedSpecifiers(readFileSync(join(ROOT, file), "utf8")).filter((specifier) => !allowed(destination(file, specifier))).map((specifier) => `${file}: ${specifier}`));
}

/**
 * The floors of the source tree, lowest first: a folder imports only itself and the floors below
 * it, so shared knowledge (Portage, genpack's semantics, the error register) never reaches up.
 */
const FLOORS = ["dsl", "errors", "host", "portage", "genpack", "compiler", "runtime", "cli"] as const;

describe("the layers of the source tree", () => {
  it("keep dsl/ to itself: what blueprints import pulls in nothing else", () => {
    expect(brokenRules("dsl", (to) => to === "dsl")).toEqual([]);
  });

  it.each(FLOORS.slice(1).map((folder, index) => [folder, FLOORS.slice(0, index + 2)] as const))("keep %s/ on its floor: it imports only %j and packages", (folder, allowed) => {
    expect(brokenRules(folder, (to) => !FLOORS.includes(to as (typeof FLOORS)[number]) || (allowed as readonly string[]).includes(to))).toEqual([]);
  });

  it("keep cli/ thin: it reaches the layers below only through their front doors", () => {
    // The runtime's facades, the compiler's public entry (and the small one the command line uses
    // before it loads the compiler), and the DSL; never a module behind them.
    const facades = new Set(["runtime/build/index.ts", "runtime/install/index.ts", "runtime/vm/index.ts", "runtime/inputs/index.ts", "runtime/system-ini/index.ts", "runtime/contents/index.ts", "runtime/diff/index.ts", "runtime/signature/index.ts", "runtime/ci/index.ts", "runtime/binhost/index.ts", "compiler/index.ts", "compiler/early.ts", "dsl/index.ts"]);
    // The error model (codes, diagnostics, GpError) is shared by every floor: the CLI tells a
    // user's failure from a bug in gp by it (cli/failure.ts), so it reads it where it lives.
    const shared = "errors/";
    // The entry point turns Node's compile cache on before anything else loads, so it reads the
    // cache's place from the one small module that knows it, not through the compiler's entry.
    const beforeLoading = new Set(["cli/main.ts: compiler/code-cache.ts"]);
    const reached = importsOf("cli").map(({ file, target }) => ({ target, line: `${file}: ${target}` }));
    expect(reached.filter(({ target, line }) => !target.startsWith("cli/") && !target.startsWith(shared) && !facades.has(target) && !beforeLoading.has(line)).map(({ line }) => line)).toEqual([]);
  });

  it("keep Python-like values out of runtime/: builds take the typed resolution, made once in genpack/", () => {
    const python = join("genpack", "python.ts");
    expect(importsOf("runtime").filter(({ target }) => target === python).map(({ file, specifier }) => `${file}: ${specifier}`)).toEqual([]);
  });

  it("start every program through host/exec.ts: nothing else imports child_process or execa", () => {
    const starters = (specifier: string) => ["child_process", "node:child_process", "execa"].includes(specifier);
    const broken = FLOORS.flatMap((folder) => brokenRules(folder, (to) => !starters(to)));
    expect(broken.filter((rule) => !rule.startsWith(`${join("host", "exec.ts")}: `))).toEqual([]);
  });

  it("keep the test tree a mirror of the source tree: a unit's tests sit at its folder's path", () => {
    // Tests of the whole (integration/, golden/), of the fixtures themselves and of the test
    // helpers have no source folder of their own.
    const across = new Set(["fixtures", "helpers", "integration", "golden"]);
    const folders = readdirSync(join(ROOT, "test"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
      .map((entry) => relative(join(ROOT, "test"), entry.parentPath))
      .filter((folder) => folder !== "" && !across.has(folder.split(sep)[0] as string));
    expect([...new Set(folders)].filter((folder) => !existsSync(join(ROOT, folder))).sort()).toEqual([]);
  });

  it("find every kind of import the rules read", () => {
    const source = 'import { a } from "../x.js";\nimport type { B } from "./b.js";\nexport { c } from "../../c.js";\nimport "./side.js";\nconst d = await import("../d.js");\nexport * from "./e.js";\n';
    expect(importedSpecifiers(source)).toEqual(["../x.js", "./b.js", "../../c.js", "./side.js", "../d.js", "./e.js"]);
  });
});

/** Every source file of the floors, repository-relative. */
function floorSources(): string[] {
  return FLOORS.flatMap((folder) => sourceFiles(folder));
}

/** The text of every string and template literal of a TypeScript source, as the program sees it (escapes decoded, comments left out). */
function stringLiterals(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

let literalsByFile: ReadonlyMap<string, readonly string[]> | undefined;

/** Each literal of a source outside `owners` that `spelled` matches, as "file: literal". */
function spelledOutside(owners: readonly string[], spelled: RegExp): string[] {
  literalsByFile ??= new Map(floorSources().map((file) => [file, stringLiterals(file, readFileSync(join(ROOT, file), "utf8"))]));
  return [...literalsByFile].filter(([file]) => !owners.includes(file)).flatMap(([file, literals]) => literals.filter((text) => spelled.test(text)).map((text) => `${file}: ${text}`));
}

/**
 * A Portage arch keyword, stable or testing, as a name of its own or a part of a path or a name
 * (`genpack/amd64`, `grub-efi-arm64-bin`), not the start of a longer one (`x86_64`, `riscv64`).
 * `x86` is also what prose calls the CPU family ("BIOS on x86"), so it counts only as a whole
 * literal or joined to a path or name.
 */
const PORTAGE_KEYWORD = /(?<![A-Za-z0-9])~?(?:amd64|arm64|riscv)(?![A-Za-z0-9_])|^~?x86$|[-/~:]x86(?![A-Za-z0-9_])|(?<![A-Za-z0-9])x86[-/:]/;
const QEMU_SYSTEM = /qemu-system-\w/;
/** The error reference: its causes, fixes and examples quote what users write, arch names too. */
const PROSE = ["errors/code-reference.ts"];

describe("arch knowledge", () => {
  it("lives in genpack/arch.ts: no other source spells a QEMU system emulator", () => {
    expect(spelledOutside(["genpack/arch.ts", ...PROSE], QEMU_SYSTEM)).toEqual([]);
  });

  it("lives in genpack/arch.ts: no other source spells a Portage arch keyword, but the DSL type that names them for blueprints", () => {
    expect(spelledOutside(["genpack/arch.ts", "dsl/package.ts", ...PROSE], PORTAGE_KEYWORD)).toEqual([]);
  });

  it("is found wherever a source spells it: in strings, templates and escapes, never in comments", () => {
    const source = '// amd64 in a comment\nconst a = "qemu-system-aarch64";\nconst b = `genpack/${"x"}/~arm64`;\nconst c = "\\x61md64";\nconst d = "x86_64 and riscv64, BIOS on x86";\nconst e = "x86";\nconst f = "grub-efi-amd64-bin";\nconst g = `genpack/x86/${"y"}`;\n';
    const found = stringLiterals("probe.ts", source);
    expect(found.filter((text) => QEMU_SYSTEM.test(text))).toEqual(["qemu-system-aarch64"]);
    expect(found.filter((text) => PORTAGE_KEYWORD.test(text))).toEqual(["/~arm64", "amd64", "x86", "grub-efi-amd64-bin", "genpack/x86/"]);
  });
});
