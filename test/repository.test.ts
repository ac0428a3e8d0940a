import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DSL_VERSION } from "../dsl/brand.js";
import { PROFILE_PACKAGES } from "../compiler/init-project.js";
import { ROOT } from "./helpers/gp.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules/typescript/bin/tsc");

describe("the repository", () => {
  it.each(["tsconfig.json", "blueprints/tsconfig.json"])("type-checks with %s", async (config) => {
    const result = await run(process.execPath, [tsc, "-p", join(ROOT, config), "--pretty", "false"], { cwd: ROOT }).catch((failure: { stdout: string }) => failure);
    expect(result.stdout).toBe("");
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

  it("keeps the DSL entry point free of imports, so profiles pull in nothing else", () => {
    const dsl = readFileSync(join(ROOT, "dist/dsl/index.js"), "utf8");
    const imports = [...dsl.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports.every((specifier) => specifier?.startsWith("./"))).toBe(true);
  });
});
