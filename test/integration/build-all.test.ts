import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { GP_BIN, jsonLines, runGp } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { createMirror, newestSnapshotDate, run, serveMirror, type MirrorServer } from "../fixtures/gentoo/index.js";
import { skipFor } from "../helpers/skip.js";
import { fixtureBuildSupport } from "../helpers/build-support.js";

/**
 * `gp build --all` end to end: a folder with a small fixture blueprint, a broken one and one
 * whose package the repository lacks, built two at a time from the fixture mirror on 127.0.0.1
 * as test/integration/build.test.ts builds its image. The tests run in order: the first build,
 * then a second (without the one emerge refuses) that finds the good image up to date, then
 * Ctrl-C during the first build of another folder.
 */

const support = fixtureBuildSupport(["mksquashfs", "rsync", "unshare", "mount"]);

/** The smallest image the fixture builds: the stage3 and one package of the fixture repository. */
const SMALL = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "small",
  profile: "paravirt",
  packages: ["dev-libs/libsample"],
});
`;

/** A blueprint with a misspelt key: it never compiles. */
const BROKEN = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "broken",
  profile: "paravirt",
  compresion: "xz",
});
`;

/** A blueprint that compiles, naming a package the fixture repository does not have: emerge stops. */
const MISSING = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "missing",
  profile: "paravirt",
  packages: ["app-misc/not-in-the-repository"],
});
`;

describe("gp build --all of a folder of fixture blueprints", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let folder: string;
  let server: MirrorServer;
  let env: NodeJS.ProcessEnv;
  let mirrorOptions: string[];

  const buildAll = (...extra: string[]) => runGp(["build", "--all", folder, ...mirrorOptions, ...extra], { cwd: work, env });

  beforeAll(async () => {
    work = suiteDirectory("gp-build-all-");
    const mirror = await createMirror(join(work, "mirror"), { snapshotDate: newestSnapshotDate() });
    server = await serveMirror(mirror);
    mirrorOptions = ["--gentoo-mirror", server.urls.gentoo, "--github-api", server.urls.api, "--github-archive", server.urls.github];
    env = { GP_CACHE_DIR: join(work, "cache"), SOURCE_DATE_EPOCH: "" };
    folder = join(work, "images");
    mkdirSync(join(folder, "broken"), { recursive: true });
    writeFileSync(join(folder, "small.image.ts"), SMALL);
    writeFileSync(join(folder, "broken/broken.image.ts"), BROKEN);
    mkdirSync(join(folder, "missing"));
    writeFileSync(join(folder, "missing/missing.image.ts"), MISSING);
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it("builds the good blueprint, lists the broken one as failed with its diagnostic and the one emerge refuses with its log, and exits 1", async () => {
    const result = await buildAll("--json", "--jobs", "2");
    const events = jsonLines(result.stdout);
    const summary = events.find((event) => event["type"] === "result");
    if (summary === undefined) throw new Error(`gp build --all printed no result (${result.exitCode}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    expect(result.exitCode).toBe(1);
    expect(summary).toEqual({
      type: "result",
      ok: false,
      cells: [
        { blueprint: "broken/broken.image.ts", status: "failed", reason: expect.stringContaining("'compresion' does not exist in type"), code: "TS2561" },
        { blueprint: "missing/missing.image.ts", arch: "x86_64", variant: null, status: "failed", reason: expect.any(String), code: expect.stringMatching(/^GP7/), log: "images/missing/out/missing/work/x86_64/logs/lower.log" },
        { blueprint: "small.image.ts", arch: "x86_64", variant: null, status: "built", image: "images/out/small/small-x86_64.squashfs" },
      ],
    });
    // The log named is the lower's, and it says what emerge could not find.
    expect(readFileSync(join(work, "images/missing/out/missing/work/x86_64/logs/lower.log"), "utf8")).toContain("app-misc/not-in-the-repository");
    expect(existsSync(join(work, "images/missing/out/missing/missing-x86_64.squashfs"))).toBe(false);
    // The broken blueprint's diagnostic, where it is; the good one's phases, each naming its build.
    expect(events).toContainEqual(expect.objectContaining({ code: "TS2561", file: "images/broken/broken.image.ts", line: 6 }));
    const phases = events.filter((event) => event["type"] === "phase" && event["status"] !== "start").map((event) => `${String(event["cell"])} ${String(event["phase"])} ${String(event["status"])}`);
    expect(phases.filter((phase) => phase.startsWith("small.image.ts"))).toEqual(["small.image.ts x86_64 lower done", "small.image.ts x86_64 upper done", "small.image.ts x86_64 pack done"]);
    expect(phases).toContain("missing/missing.image.ts x86_64 lower failed");
  }, 900_000);

  it("says up to date for the good blueprint on a second run, and still failed for the broken one", async () => {
    rmSync(join(folder, "missing"), { recursive: true });
    const result = await buildAll();
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split("\n")).toEqual([
      expect.stringMatching(/^failed {5}broken\/broken\.image\.ts: error TS2561: Object literal may only specify known properties, but 'compresion' does not exist in type .*Did you mean to write 'compression'\?$/),
      "up to date small.image.ts x86_64 (images/out/small/small-x86_64.squashfs)",
      "2 builds: 0 built, 1 up to date, 0 skipped, 1 failed",
      "",
    ]);
    expect(result.stderr).toContain("broken.image.ts:6:3 - error TS2561");
  }, 600_000);

  it("stops on Ctrl-C: the running build ends with its mounts, the next never starts, exit 130", async () => {
    const stopped = join(work, "stopped");
    mkdirSync(stopped);
    for (const name of ["first", "second"]) writeFileSync(join(stopped, `${name}.image.ts`), SMALL.replace('name: "small"', `name: "${name}"`));
    const child = spawn(process.execPath, [GP_BIN, "build", "--all", stopped, "--json", ...mirrorOptions], { cwd: work, env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let sent = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!sent && /"step":"emerging @world/.test(output)) {
        sent = true;
        // Let emerge get going inside the container first.
        setTimeout(() => child.kill("SIGINT"), 1500);
      }
    });
    const exitCode = await new Promise<number | null>((resolveExit) => child.on("close", (code) => resolveExit(code)));
    if (!sent) throw new Error(`gp build --all ended before emerge started:\n${output}`);
    expect(exitCode).toBe(130);
    const result = jsonLines(output.split("\n").filter((line) => line.startsWith("{")).join("\n")).find((event) => event["type"] === "result");
    expect(result).toMatchObject({
      ok: false,
      cells: [
        { blueprint: "first.image.ts", status: "failed" },
        { blueprint: "second.image.ts", status: "skipped", reason: "the build was stopped before this one started" },
      ],
    });
    const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((line) => line.split(" ")[4] ?? "");
    expect(mounts.filter((point) => point.startsWith(`${stopped}/`))).toEqual([]);
    expect((await run("pgrep", ["-f", join(stopped, "out")], { check: false })).stdout).toBe("");
    expect(existsSync(join(stopped, "out/first/work/.gp-build.lock"))).toBe(false);
    expect(existsSync(join(stopped, "out/second"))).toBe(false);
  }, 600_000);
});
