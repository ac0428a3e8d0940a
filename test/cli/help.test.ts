import { describe, expect, it } from "vitest";
import { createCli } from "../../cli/index.js";
import { runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** Every command path gp registers, as the command line itself has them (not a list kept here). */
const PATHS = (await createCli())
  .definitions()
  .map((definition) => definition.path.split(" ").slice(1))
  .filter((path) => path.length > 0 && !path[0]!.startsWith("-"));

function runAlone(args: readonly string[]) {
  const directory = temporaryDirectory();
  return runGp(args, { cwd: directory, env: { GP_VM_RUNTIME_DIR: directory } });
}

/** The sections of a help text by their headings (clipanion's Usage, Options, Details, Examples); "" for the description above them. */
function sections(help: string): Map<string, string[]> {
  const found = new Map<string, string[]>([["", []]]);
  let current = "";
  for (const line of help.split("\n")) {
    if (/^(Usage|Options|Details|Examples)$/.test(line)) found.set((current = line), []);
    else found.get(current)!.push(line);
  }
  return found;
}

/** What is wrong with one command's help text, as messages; none when it reads well. */
function helpProblems(path: readonly string[], help: string): string[] {
  const problems: string[] = [];
  if (help.includes("#0")) problems.push("an option value is written #0");
  if (help.includes("`")) problems.push("markdown: a backtick");
  if (help.includes("**")) problems.push("markdown: **");
  const parts = sections(help);
  const prose = [...(parts.get("") ?? []), ...(parts.get("Details") ?? [])];
  for (const line of prose) {
    if (/^\s+\S/.test(line)) problems.push(`stray indentation: ${JSON.stringify(line)}`);
    else if (/\S {2,}\S/.test(line)) problems.push(`spaces inside a line: ${JSON.stringify(line)}`);
  }
  const self = new RegExp(`\\bgp ${path.join(" ")}(?![\\w-])`);
  for (const line of prose) if (self.test(line)) problems.push(`refers to itself: ${JSON.stringify(line)}`);
  // An option table is aligned: every description starts in the same column.
  const columns = new Set((parts.get("Options") ?? []).filter((line) => line.startsWith("  -")).map((line) => /^ {2}\S+(?: \S+)? +/.exec(line)?.[0].length));
  if (columns.size > 1) problems.push(`the option table is not aligned (descriptions start in columns ${[...columns].join(", ")})`);
  return problems;
}

describe("gp --help", () => {
  it("lists every command the command line registers, gp vm's among them", async () => {
    expect(PATHS.length).toBeGreaterThan(20);
    expect(PATHS.some((path) => path[0] === "vm")).toBe(true);
    const run = await runAlone(["--help"]);
    expect(run.exitCode).toBe(0);
    for (const path of PATHS) expect(run.stdout, `gp ${path.join(" ")}`).toContain(`gp ${path.join(" ")} `);
  });

  it("of gp vm lists every vm command", async () => {
    const run = await runAlone(["vm", "--help"]);
    expect(run.exitCode).toBe(0);
    for (const path of PATHS.filter((candidate) => candidate[0] === "vm")) expect(run.stdout, `gp ${path.join(" ")}`).toContain(`gp ${path.join(" ")} `);
  });
});

describe("every command's --help", () => {
  it("exits 0 with plain text: no #0, no markdown, no stray indentation, an aligned option table, and no reference to the command itself", async () => {
    const problems: string[] = [];
    for (const path of PATHS) {
      const run = await runAlone([...path, "--help"]);
      if (run.exitCode !== 0) problems.push(`gp ${path.join(" ")} --help: exit status ${run.exitCode}`);
      for (const problem of helpProblems(path, run.stdout)) problems.push(`gp ${path.join(" ")} --help: ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("a command missing a required argument or option", () => {
  it("gets a usage error with that command's usage and exit status 1, never Command not found", async () => {
    const cli = await createCli();
    const required = cli.definitions().filter((definition) => /(?:^| )<[^>]+>/.test(definition.usage) || definition.options.some((option) => option.required));
    expect(required.length).toBeGreaterThan(3);
    for (const definition of required) {
      const path = definition.path.split(" ").slice(1);
      const run = await runAlone(path);
      const label = `gp ${path.join(" ")}: ${run.stderr}`;
      expect(run.exitCode, label).toBe(1);
      expect(run.stderr, label).toContain("Usage Error");
      expect(run.stderr, label).toContain(`$ gp ${path.join(" ")} `);
      expect(run.stderr, label).not.toMatch(/Command not found/);
    }
  });
});
