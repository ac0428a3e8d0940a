import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as TS from "typescript";
import { ROOT } from "../helpers/gp.js";

const run = promisify(execFile);

interface Run {
  readonly code: number;
  readonly output: string;
}

async function sh(command: string, args: readonly string[], cwd: string): Promise<Run> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", npm_config_fund: "false", npm_config_audit: "false" }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (failure) {
    const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
    return { code: typeof code === "number" ? code : 1, output: `${stdout}${stderr}` };
  }
}

/**
 * genpack-ts and two profiles packed with `npm pack` and installed from the tarballs into a
 * project outside the repository, as a user of the published packages gets them.
 */
describe("genpack-ts as a user installs it", () => {
  const scratch = mkdtempSync(join(tmpdir(), "gp-install-"));
  const project = join(scratch, "project");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  beforeAll(async () => {
    const packed = join(scratch, "packed");
    mkdirSync(packed);
    mkdirSync(project);
    // dist/ is built by `npm test` before the tests run; pack what is there.
    for (const args of [[], ["--workspace", "profiles/paravirt"], ["--workspace", "profiles/raspberrypi"]]) {
      const result = await sh("npm", ["pack", "--ignore-scripts", "--pack-destination", packed, ...args], ROOT);
      if (result.code !== 0) throw new Error(result.output);
    }
    const tarballs = readdirSync(packed).map((file) => join(packed, file));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
    const installed = await sh("npm", ["install", "--no-audit", "--no-fund", ...tarballs], project);
    if (installed.code !== 0) throw new Error(installed.output);
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "es2022", lib: ["es2023"], module: "preserve", moduleResolution: "bundler", strict: true, skipLibCheck: true, noEmit: true, types: [] }, include: ["*.image.ts"] }),
    );
  }, 600_000);

  it("type-checks a blueprint with tsc and compiles it with npx gp", async () => {
    writeFileSync(
      join(project, "web.image.ts"),
      `import { defineImage } from "genpack-ts";\nimport paravirt from "@genpack-ts/profile-paravirt";\n\nexport default defineImage({\n  name: "web",\n  extends: paravirt,\n  packages: ["www-servers/nginx"],\n  services: ["nginx"],\n});\n`,
    );
    const checked = await sh("npx", ["tsc", "--noEmit", "-p", "."], project);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
    const compiled = await sh("npx", ["gp", "compile", "web.image.ts"], project);
    expect(compiled.code, compiled.output).toBe(0);
    expect(readFileSync(join(project, "out/web/genpack.json5"), "utf8")).toContain('profile: "paravirt"');
  });

  it("fails the type-check on a misspelled field, and on a profile used for an arch it does not exist for", async () => {
    writeFileSync(join(project, "typo.image.ts"), `import { defineImage } from "genpack-ts";\nimport paravirt from "@genpack-ts/profile-paravirt";\n\nexport default defineImage({\n  extends: paravirt,\n  pakages: ["app-misc/screen"],\n});\n`);
    writeFileSync(
      join(project, "wrong-arch.image.ts"),
      `import { defineImage } from "genpack-ts";\nimport raspberrypi from "@genpack-ts/profile-raspberrypi";\n\nexport default defineImage({\n  extends: raspberrypi,\n  arch: { x86_64: { packages: ["sys-apps/memtest86-bin"] } },\n});\n`,
    );
    const checked = await sh("npx", ["tsc", "--noEmit", "-p", "."], project);
    rmSync(join(project, "typo.image.ts"));
    rmSync(join(project, "wrong-arch.image.ts"));
    expect(checked.code).not.toBe(0);
    expect(checked.output).toContain("typo.image.ts(6,3): error TS2561: Object literal may only specify known properties, but 'pakages' does not exist");
    expect(checked.output).toContain("wrong-arch.image.ts(6,11): error TS2353: Object literal may only specify known properties, and 'x86_64' does not exist");
  });

  it("refuses a profile made with another major version of genpack-ts, by its brand", async () => {
    // What a profile package bundling its own genpack-ts 1.x would hand over.
    writeFileSync(
      join(project, "future.profile.js"),
      `const profile = { packages: ["app-misc/screen"] };\nObject.defineProperty(profile, Symbol.for("genpack-ts.profile"), { value: { format: 1, version: "1.0.0" } });\nexport default profile;\n`,
    );
    writeFileSync(join(project, "future.image.ts"), `import { defineImage, type Profile } from "genpack-ts";\n// @ts-expect-error a plain module has no types\nimport future from "./future.profile.js";\n\nexport default defineImage({ extends: future as Profile });\n`);
    const compiled = await sh("npx", ["gp", "compile", "future.image.ts", "--no-check"], project);
    rmSync(join(project, "future.image.ts"));
    expect(compiled.code).toBe(1);
    expect(compiled.output).toContain("error GP2004: This profile was made with genpack-ts 1.0.0, but this gp is genpack-ts 0.1.0 and reads only what genpack-ts 0.1.x makes.");
  });

  it("starts a project with gp init that compiles at once, offers completions, and compiles again after an edit", async () => {
    const init = await sh("npx", ["gp", "init", "pi", "--profile", "raspberrypi"], project);
    expect(init.code, init.output).toBe(0);
    const app = join(project, "pi");
    expect((await sh("npx", ["gp", "compile", "pi.image.ts"], app)).code).toBe(0);

    const ts = createRequire(join(project, "package.json"))("typescript") as typeof TS;
    const file = join(app, "pi.image.ts");
    const source = readFileSync(file, "utf8");
    const parsed = ts.getParsedCommandLineOfConfigFile(join(app, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const service = ts.createLanguageService({
      getCompilationSettings: () => parsed?.options ?? {},
      getScriptFileNames: () => [file],
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) => {
        const text = ts.sys.readFile(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => app,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    const completions = service.getCompletionsAtPosition(file, source.indexOf("  packages"), {});
    expect((completions?.entries ?? []).map((entry) => entry.name)).toEqual(expect.arrayContaining(["services", "users", "acceptKeywords", "files"]));

    writeFileSync(file, source.replace('packages: ["app-misc/screen"],', 'packages: ["app-misc/screen", "net-wireless/iw"],\n  services: ["sshd"],'));
    const again = await sh("npx", ["gp", "compile", "pi.image.ts"], app);
    expect(again.code, again.output).toBe(0);
    expect(readFileSync(join(app, "out/pi/genpack.json5"), "utf8")).toContain('services: ["sshd"]');
  });
});
