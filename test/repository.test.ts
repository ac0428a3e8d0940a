import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DSL_VERSION } from "../dsl/brand.js";
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

  it("keeps the DSL entry point free of imports, so profiles pull in nothing else", () => {
    const dsl = readFileSync(join(ROOT, "dist/dsl/index.js"), "utf8");
    const imports = [...dsl.matchAll(/from "([^"]+)"/g)].map((match) => match[1]);
    expect(imports.every((specifier) => specifier?.startsWith("./"))).toBe(true);
  });
});
