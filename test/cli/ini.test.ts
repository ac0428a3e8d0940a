import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const schema: SystemIniSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "system.ini of demo",
  type: "object",
  "x-gp-image": { name: "demo" },
  "x-gp-values": { _default: { hostname: "demo" } },
  properties: {
    _default: {
      type: "object",
      properties: {
        hostname: { "x-gp-kind": "hostname", description: "The host name" },
        swapfile: { "x-gp-kind": "bool", description: "Make a swap file", default: true },
      },
    },
    greeter: { type: "object", properties: { greeting: { "x-gp-kind": "string", description: "What to say", default: "hello" } } },
  },
};

function project(ini: string): string {
  const cwd = temporaryDirectory();
  mkdirSync(join(cwd, "art"));
  writeFileSync(join(cwd, "art", "system-ini.json"), JSON.stringify(schema));
  writeFileSync(join(cwd, "system.ini"), ini);
  return cwd;
}

describe("gp ini check", () => {
  it("prints each finding at FILE:line:col with its code and frame, a summary, and exits 1 on an error", async () => {
    const cwd = project("hostname = demo\nswapfile = maybe\n");
    const run = await runGp(["ini", "check", "system.ini", "art"], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("system.ini:2:12 - error GP8110:");
    expect(run.stderr).toContain("> 2 | swapfile = maybe\n    |            ^^^^^");
    expect(run.stderr).toContain("system.ini: has errors (1 error)");
  });

  it("exits 0 with only warnings", async () => {
    const cwd = project("hostname = demo\nfavourite_colour = blue\n");
    const run = await runGp(["ini", "check", "system.ini", "art"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("system.ini:2:1 - warning GP8108:");
    expect(run.stdout).toBe("system.ini: ok (1 warning)\n");
  });

  it("prints one JSON object with the findings and their fixes", async () => {
    const cwd = project("[greeter]\ngreting = hi\n");
    const run = await runGp(["ini", "check", "system.ini", "art", "--json"], { cwd });
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    expect(result).toMatchObject({ type: "ini-check", file: "system.ini", schema: expect.stringContaining("system-ini.json"), ok: false });
    expect(result.findings).toEqual([
      expect.objectContaining({ code: "GP8107", severity: "error", file: "system.ini", line: 2, column: 1, hint: "Did you mean `greeting`?", fix: { title: "Rename the key to `greeting`", span: { start: { line: 2, column: 1 }, end: { line: 2, column: 8 } }, text: "greeting" } }),
    ]);
  });

  it("checks only the form without an image, and says so", async () => {
    const cwd = project("anything = 1\n");
    const run = await runGp(["ini", "check", "system.ini"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("only the file's form is checked");
  });

  it("refuses a FIFO, a folder and a missing file with GP8117, never waiting", async () => {
    const cwd = project("");
    execFileSync("mkfifo", [join(cwd, "fifo")]);
    for (const [name, reason] of [["fifo", "is a FIFO, not a file"], ["art", "is a directory, not a file"], ["none.ini", "does not exist"]] as const) {
      const run = await runGp(["ini", "check", name], { cwd });
      expect(run.exitCode, name).toBe(1);
      expect(run.stderr, name).toBe(`gp ini check: error GP8117: ${name} ${reason}\n`);
    }
  });

  it("refuses a truncated schema with GP8116 naming its file", async () => {
    const cwd = project("hostname = demo\n");
    writeFileSync(join(cwd, "art", "system-ini.json"), JSON.stringify(schema).slice(0, 80));
    const run = await runGp(["ini", "check", "system.ini", "art"], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^gp ini check: error GP8116: art\/system-ini\.json is not valid JSON/);
  });
});

describe("gp ini new", () => {
  it("prints a template that gp ini check passes", async () => {
    const cwd = project("");
    const run = await runGp(["ini", "new", "art"], { cwd });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("hostname = demo\n");
    expect(run.stdout).toContain("# swapfile =\n");
    writeFileSync(join(cwd, "system.ini"), run.stdout);
    const check = await runGp(["ini", "check", "system.ini", "art"], { cwd });
    expect(check.exitCode).toBe(0);
    expect(check.stdout).toBe("system.ini: ok\n");
  });

  it("never replaces an existing -o file without --force, and replaces it with it", async () => {
    const cwd = project("mine = 1\n");
    const refused = await runGp(["ini", "new", "art", "-o", "system.ini"], { cwd });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("error GP8117: system.ini exists");
    expect(readFileSync(join(cwd, "system.ini"), "utf8")).toBe("mine = 1\n");
    const forced = await runGp(["ini", "new", "art", "-o", "system.ini", "--force"], { cwd });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(cwd, "system.ini"), "utf8")).toContain("# system.ini for demo");
    expect(execFileSync("ls", ["-a", cwd], { encoding: "utf8" })).not.toContain(".tmp");
  });
});

describe("gp ini with a blueprint", () => {
  it("compiles the blueprint in memory and checks against the keys it declares", async () => {
    const cwd = project("[greeter]\ngreting = hi\n");
    const blueprint = join(import.meta.dirname, "../fixtures/bootable/bootable.image.ts");
    const run = await runGp(["ini", "check", "system.ini", blueprint], { cwd });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("system.ini:2:1 - error GP8107: No module of this image reads `greting` in section `[greeter]`");
    expect(run.stderr).toContain("hint: Did you mean `greeting`?");
  }, 60_000);
});
