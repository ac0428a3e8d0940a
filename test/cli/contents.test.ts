import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/** An artifact directory whose upper phase finished (its record and layer exist) with the given contents record file. */
function artifactWithUpper(): string {
  const dir = temporaryDirectory("gp-contents-cli-");
  writeFileSync(join(dir, "genpack.json5"), '{ name: "demo", profile: "paravirt" }\n');
  mkdirSync(join(dir, "work/x86_64/upper/upper/etc"), { recursive: true });
  writeFileSync(join(dir, "work/x86_64/upper.json"), JSON.stringify({ key: "k1", inputs: {}, finished: "2026-01-01T00:00:00Z" }));
  return dir;
}

const record = (paths: unknown[]) => ({
  format: 1,
  upperKey: "k1",
  devel: false,
  roots: ["@profile", "@genpack-runtime"],
  packages: [
    { cpv: "app-misc/a-1", category: "app-misc", name: "a", version: "1", slot: "0", pulledBy: { from: "@genpack-runtime", via: "set", atom: "app-misc/a", file: "/etc/portage/sets/genpack-runtime", choices: [] }, neededBy: ["@genpack-runtime"] },
  ],
  unsatisfiedGroups: [],
  paths,
});

describe("gp contents", () => {
  it("tells the user to build when there is no finished upper layer, or no record of it", async () => {
    const dir = temporaryDirectory("gp-contents-cli-");
    writeFileSync(join(dir, "genpack.json5"), '{ name: "demo", profile: "paravirt" }\n');
    const none = await runGp(["contents", dir, "--arch", "x86_64"]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toBe("gp contents: error GP7009: demo for x86_64 has no finished upper layer to describe: the upper phase has not finished. Run `gp build` (or `gp upper`) first.\n");
    const older = await runGp(["contents", artifactWithUpper(), "--arch", "x86_64"]);
    expect(older.exitCode).toBe(1);
    expect(older.stderr).toContain("work/x86_64/contents.json does not exist (an upper built by an older gp has none). Run `gp build` (or `gp upper`) first.");
  });

  it("refuses a record that is a FIFO or a link out of the work directory, without blocking", async () => {
    const fifo = artifactWithUpper();
    execFileSync("mkfifo", [join(fifo, "work/x86_64/contents.json")]);
    const read = await runGp(["contents", fifo, "--arch", "x86_64"]);
    expect(read.exitCode).toBe(1);
    expect(read.stderr).toContain("contents.json is a FIFO, not a file");
    const link = artifactWithUpper();
    const outside = join(temporaryDirectory("gp-outside-"), "contents.json");
    writeFileSync(outside, JSON.stringify(record([])));
    symlinkSync(outside, join(link, "work/x86_64/contents.json"));
    const linked = await runGp(["contents", link, "--arch", "x86_64"]);
    expect(linked.exitCode).toBe(1);
    expect(linked.stderr).toContain("GP7010");
  });

  it("answers --why for a path with its owner's chain and its rule, after normalising it", async () => {
    const dir = artifactWithUpper();
    writeFileSync(join(dir, "work/x86_64/contents.json"), JSON.stringify(record([{ path: "/etc/a.conf", type: "file", owner: "app-misc/a-1", rules: [{ kind: "files", file: "files/etc/a.conf" }] }])));
    const result = await runGp(["contents", dir, "--arch", "x86_64", "--why", "/etc//a.conf"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe("/etc/a.conf\n  owned by app-misc/a-1\n  pulled in by: @genpack-runtime → app-misc/a-1\n  put there or changed by: files/ (files/etc/a.conf)\n");
  });

  it("refuses --why with something that is neither a path nor an atom", async () => {
    const dir = artifactWithUpper();
    writeFileSync(join(dir, "work/x86_64/contents.json"), JSON.stringify(record([])));
    const result = await runGp(["contents", dir, "--arch", "x86_64", "--why", "app-misc/[x"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("error GP7011: --why takes an image path (starting with /) or a package atom");
  });
});
