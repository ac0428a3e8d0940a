import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonDiagnostics, jsonLines, ROOT, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const MALFORMED = resolve(ROOT, "test/malformed");

interface Case {
  readonly file: string;
  readonly code: string;
  /** The file the error must point into, relative to test/malformed. */
  readonly at: string;
  readonly line: number;
  readonly column: number;
  readonly args: string[];
}

/**
 * Each malformed blueprint states what it must produce in its first line,
 * `// expect: CODE @ [file] line:col`, and extra gp arguments in `// args: ...`.
 */
function cases(): Case[] {
  const files = readdirSync(MALFORMED, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".image.ts")).sort();
  return files.map((file) => {
    const [first = "", second = ""] = readFileSync(join(MALFORMED, file), "utf8").split("\n");
    const match = /^\/\/ expect: (\S+) @ (?:(\S+) )?(\d+):(\d+)$/.exec(first);
    if (match === null) throw new Error(`${file} does not start with an expect line`);
    const [, code = "", at, line = "", column = ""] = match;
    const args = second.startsWith("// args: ") ? second.slice("// args: ".length).split(" ") : [];
    return { file, code, at: at ?? file, line: Number(line), column: Number(column), args };
  });
}

const all = cases();

describe("malformed blueprints", () => {
  it("number at least thirty", () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  describe.concurrent("gp compile --json", () => {
    it.each(all.map((entry) => [entry.file, entry] as const))("reports %s with its code and location, exits 1 and writes nothing", async (_name, entry) => {
      const out = join(temporaryDirectory(), "out");
      const run = await runGp(["compile", entry.file, "-o", out, "--json", ...entry.args], { cwd: MALFORMED });
      expect(run.exitCode).toBe(1);
      expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
      const diagnostics = jsonDiagnostics(run.stdout);
      expect(diagnostics).toContainEqual(
        expect.objectContaining({ code: entry.code, severity: "error", file: entry.at, line: entry.line, column: entry.column }),
      );
      expect(existsSync(out)).toBe(false);
    });
  });

  it("are all reported by one gp check, in text with frames and without stack traces", async () => {
    const checked = all.filter((entry) => entry.args.length === 0);
    const run = await runGp(["check", ...checked.map((entry) => entry.file)], { cwd: MALFORMED });
    expect(run.exitCode).toBe(1);
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false);
    for (const entry of checked) {
      expect(run.stderr).toContain(`${entry.at}:${entry.line}:${entry.column} - error ${entry.code}:`);
    }
    expect(run.stderr).toMatch(new RegExp(`checked ${checked.length} targets: ${checked.length} failed`));
  });

  it("include a blueprint that does not exist (GP1001)", async () => {
    const run = await runGp(["compile", "nowhere.image.ts", "--json"], { cwd: MALFORMED });
    expect(run.exitCode).toBe(1);
    expect(jsonLines(run.stdout)).toContainEqual(expect.objectContaining({ code: "GP1001", file: "nowhere.image.ts" }));
  });

  it("include a file that is not a module (GP1002)", async () => {
    const run = await runGp(["compile", "not-a-module.image.json5"], { cwd: MALFORMED });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("not-a-module.image.json5 - error GP1002:");
    expect(hasStackTrace(run.stderr)).toBe(false);
  });
});
