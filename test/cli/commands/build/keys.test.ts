import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonLines, runGp } from "../../../helpers/gp.js";
import { pinnedLockText } from "../../../helpers/pinned-lock.js";
import { temporaryDirectory } from "../../../helpers/temp.js";

const image = (spec: string) => `import { defineImage } from "genpack-ts";\nexport default defineImage(${spec});\n`;

function project(): string {
  const root = temporaryDirectory();
  writeFileSync(join(root, "web.image.ts"), image('{ name: "web", profile: "paravirt", arches: ["x86_64", "aarch64"], packages: ["www-servers/nginx"], variants: { debug: { packages: ["dev-debug/strace"] } } }'));
  writeFileSync(join(root, "gp.lock"), pinnedLockText({ x86_64: "a", aarch64: "d" }));
  return root;
}

async function lowerKey(cwd: string, ...args: string[]): Promise<string> {
  const run = await runGp(["build", "keys", "web.image.ts", ...args], { cwd });
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  const match = /^lower ([0-9a-f]{64})\n$/.exec(run.stdout);
  expect(match, run.stdout).not.toBeNull();
  return match?.[1] ?? "";
}

describe("gp build keys", () => {
  it("prints the lower key from what gp.lock pins, downloading nothing, as text and as JSON", async () => {
    const root = project();
    const key = await lowerKey(root, "--arch", "x86_64", "--variant", "debug");
    const json = await runGp(["build", "keys", "web.image.ts", "--arch", "x86_64", "--variant", "debug", "--json"], { cwd: root });
    expect(json.exitCode).toBe(0);
    expect(jsonLines(json.stdout).at(-1)).toEqual({ type: "result", ok: true, lower: key, arch: "x86_64", variant: "debug", lock: "gp.lock" });
  }, 60_000);

  it("gives each arch and variant a key of its own, and the same key again for the same inputs", async () => {
    const root = project();
    const keys = [
      await lowerKey(root, "--arch", "x86_64", "--variant", "debug"),
      await lowerKey(root, "--arch", "x86_64", "--no-variant"),
      await lowerKey(root, "--arch", "aarch64", "--variant", "debug"),
    ];
    expect(new Set(keys).size).toBe(3);
    expect(await lowerKey(root, "--arch", "x86_64", "--variant", "debug")).toBe(keys[0]);
  }, 60_000);

  it("changes with the arch's stage3, the snapshot and the packages, and not with another arch's stage3", async () => {
    const root = project();
    const before = await lowerKey(root, "--arch", "x86_64", "--no-variant");
    writeFileSync(join(root, "gp.lock"), pinnedLockText({ x86_64: "a", aarch64: "e" }));
    expect(await lowerKey(root, "--arch", "x86_64", "--no-variant")).toBe(before);
    writeFileSync(join(root, "gp.lock"), pinnedLockText({ x86_64: "f", aarch64: "e" }));
    const newStage3 = await lowerKey(root, "--arch", "x86_64", "--no-variant");
    expect(newStage3).not.toBe(before);
    writeFileSync(join(root, "gp.lock"), pinnedLockText({ x86_64: "f", aarch64: "e" }, "9"));
    const newSnapshot = await lowerKey(root, "--arch", "x86_64", "--no-variant");
    expect(newSnapshot).not.toBe(newStage3);
    writeFileSync(join(root, "web.image.ts"), image('{ name: "web", profile: "paravirt", arches: ["x86_64", "aarch64"], packages: ["www-servers/nginx", "app-misc/tmux"] }'));
    expect(await lowerKey(root, "--arch", "x86_64", "--no-variant")).not.toBe(newSnapshot);
  }, 60_000);

  it("takes another lock with --lock", async () => {
    const root = project();
    const key = await lowerKey(root, "--arch", "x86_64", "--no-variant");
    writeFileSync(join(root, "other.lock"), pinnedLockText({ x86_64: "7" }));
    const other = await lowerKey(root, "--arch", "x86_64", "--no-variant", "--lock", "other.lock");
    expect(other).not.toBe(key);
  }, 60_000);
});

describe("gp build keys refuses", () => {
  it("a gp.lock that does not pin the arch, or no gp.lock, saying to run gp lock for that arch, with exit 1", async () => {
    const root = project();
    writeFileSync(join(root, "gp.lock"), pinnedLockText({ x86_64: "a" }));
    const unpinned = await runGp(["build", "keys", "web.image.ts", "--arch", "aarch64", "--no-variant"], { cwd: root });
    expect(unpinned.exitCode).toBe(1);
    expect(unpinned.stdout).toBe("");
    expect(unpinned.stderr).toContain(`error GP6009: ${join(root, "gp.lock")} pins no stage3 for aarch64. Run \`gp lock --arch aarch64\``);
    expect(hasStackTrace(unpinned.stderr)).toBe(false);
    rmSync(join(root, "gp.lock"));
    const missing = await runGp(["build", "keys", "web.image.ts", "--arch", "x86_64", "--no-variant", "--json"], { cwd: root });
    expect(missing.exitCode).toBe(1);
    expect(jsonLines(missing.stdout).at(-1)).toMatchObject({ ok: false, code: "GP6009", failure: expect.stringContaining("does not exist, so no input of the build is pinned. Run `gp lock --arch x86_64`") });
  }, 60_000);

  it("a gp.lock that is a FIFO, without waiting on it, and one that is not a lock", async () => {
    const root = project();
    writeFileSync(join(root, "gp.lock"), "{ not json\n");
    const malformed = await runGp(["build", "keys", "web.image.ts", "--arch", "x86_64", "--no-variant"], { cwd: root });
    expect(malformed.exitCode).toBe(1);
    expect(malformed.stderr).toContain("GP6009");
    rmSync(join(root, "gp.lock"));
    execFileSync("mkfifo", [join(root, "gp.lock")]);
    const fifo = await runGp(["build", "keys", "web.image.ts", "--arch", "x86_64", "--no-variant"], { cwd: root });
    expect(fifo.exitCode).toBe(1);
    expect(fifo.stderr).toContain("GP6009");
    expect(fifo.stderr).toContain("FIFO");
  }, 60_000);

  it("a blueprint that does not compile, with its diagnostic and no key", async () => {
    const root = project();
    writeFileSync(join(root, "web.image.ts"), image('{ name: "web", profile: "paravirt", compression: "brotli" }'));
    const run = await runGp(["build", "keys", "web.image.ts", "--arch", "x86_64"], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/web\.image\.ts:2:\d+/);
    expect(readFileSync(join(root, "gp.lock"), "utf8")).toBe(pinnedLockText({ x86_64: "a", aarch64: "d" }));
  }, 60_000);
});
