import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** Long enough for a compile on a loaded machine; a gp that waits on a FIFO is killed after it. */
const PATIENCE_MS = 60_000;

function project(blueprint: string): string {
  const root = temporaryDirectory("gp-config-");
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "cloned", private: true }));
  writeFileSync(join(root, "case.image.ts"), `import { defineImage } from "genpack-ts";\n${blueprint}`);
  return root;
}

/** A FIFO, or a link to a device that never ends: both things a reader that opens without looking never finishes. */
function plantStream(path: string, kind: "fifo" | "link to /dev/zero"): void {
  if (kind === "fifo") execFileSync("mkfifo", [path]);
  else symlinkSync("/dev/zero", path);
}

function notAFile(stdout: string): unknown[] {
  return jsonDiagnostics(stdout)
    .filter((line) => line["code"] === "GP1009")
    .map((line) => line["file"]);
}

describe("config files the bundler and TypeScript open without looking", () => {
  it.each([
    ["tsconfig.json", "fifo"],
    ["tsconfig.json", "link to /dev/zero"],
    ["package.json", "fifo"],
    ["jsconfig.json", "link to /dev/zero"],
  ] as const)("a %s that is a %s above the blueprint stops compile and check with GP1009 at it, without waiting", async (name, kind) => {
    const root = temporaryDirectory("gp-config-");
    const folder = join(root, "images");
    mkdirSync(folder);
    writeFileSync(join(folder, "case.image.ts"), 'import { defineImage } from "genpack-ts";\nexport default defineImage({ name: "case" });\n');
    plantStream(join(root, name), kind);
    for (const args of [["compile", "case.image.ts", "--no-check"], ["compile", "case.image.ts"], ["check", "case.image.ts"]]) {
      const run = await runGp([...args, "--json"], { cwd: folder, timeoutMs: PATIENCE_MS });
      expect(run.exitCode, args.join(" ")).toBe(1);
      expect(notAFile(run.stdout), args.join(" ")).toEqual([`../${name}`]);
      expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    }
  });

  it("a file a tsconfig.json extends that is a FIFO stops compile and check with GP1009 at it, without waiting", async () => {
    const root = project('export default defineImage({ name: "case" });\n');
    writeFileSync(join(root, "tsconfig.json"), '{ "extends": "./base.json", "compilerOptions": { "strict": true } }');
    plantStream(join(root, "base.json"), "fifo");
    for (const args of [["compile", "case.image.ts", "--no-check"], ["check", "case.image.ts"]]) {
      const run = await runGp([...args, "--json"], { cwd: root, timeoutMs: PATIENCE_MS });
      expect(run.exitCode, args.join(" ")).toBe(1);
      expect(notAFile(run.stdout), args.join(" ")).toEqual(["base.json"]);
    }
  });

  it.each([
    ["a folder a relative import reaches", "lib/package.json", 'import { x } from "./lib/helper.ts";'],
    ["a package's own folder", "node_modules/pkg/package.json", 'import { x } from "pkg";'],
    ["a folder a package's exports send the import to", "node_modules/pkg/dist/esm/package.json", 'import { x } from "pkg";'],
  ])("a package.json that is a FIFO in %s stops the bundle with GP1009 at it", async (_where, planted, statement) => {
    const root = project(`${statement}\nexport default defineImage({ name: "case", packages: [\`app-misc/tool\${x}\`] });\n`);
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "lib", "helper.ts"), "export const x = 1;\n");
    mkdirSync(join(root, "node_modules", "pkg", "dist", "esm"), { recursive: true });
    writeFileSync(join(root, "node_modules", "pkg", "dist", "esm", "index.js"), "export const x = 1;\n");
    if (planted !== "node_modules/pkg/package.json") writeFileSync(join(root, "node_modules", "pkg", "package.json"), JSON.stringify({ name: "pkg", exports: { ".": "./dist/esm/index.js" } }));
    plantStream(join(root, planted), "fifo");
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: root, timeoutMs: PATIENCE_MS });
    expect(run.exitCode).toBe(1);
    expect(notAFile(run.stdout)).toEqual([planted]);
  });

  it.each([
    ["a module", "helper.ts", 'import "./helper.ts";\nexport default defineImage({ name: "case" });\n'],
    ["data", "data.json", 'import data from "./data.json";\nexport default defineImage({ name: "case", packages: [data.atom] });\n'],
  ])("%s that is a FIFO is refused at its place, unread", async (_what, name, blueprint) => {
    const root = project(blueprint);
    plantStream(join(root, name), "fifo");
    const run = await runGp(["compile", "case.image.ts", "--no-check", "--json"], { cwd: root, timeoutMs: PATIENCE_MS });
    expect(run.exitCode).toBe(1);
    expect(notAFile(run.stdout)).toEqual([name]);
  });
});
