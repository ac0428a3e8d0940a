import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runGp, type GpRun } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { createMirror, newestSnapshotDate, run, serveMirror, startFileServer, type FileServer, type MirrorServer } from "../fixtures/gentoo/index.js";
import { skipFor } from "../helpers/skip.js";
import { fixtureBuildSupport } from "../helpers/build-support.js";
import { createPublicBucket, motoSupport, startMoto, type MotoServer } from "../helpers/moto.js";
import { unusedPort } from "../helpers/free-port.js";

/**
 * `gp build --binhost` and `gp binhost publish` end to end: builder A builds the fixture image
 * from source into its own cache and publishes its binary packages into a folder served on
 * 127.0.0.1 and into a bucket of moto's S3 server; builders B (the folder) and D (the bucket),
 * each with another work directory and cache, build the same blueprint from them; builder C
 * gets a binhost with one corrupt package. Real emerge under systemd-nspawn, as in build.test.ts.
 */

const support = fixtureBuildSupport(["mksquashfs", "unsquashfs", "rsync", "unshare", "mount"]);

const BLUEPRINT = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "fixture",
  profile: "paravirt",
  packages: ["app-misc/eula", "dev-libs/libsample", "sys-apps/busybox"],
  buildtimePackages: ["dev-util/buildtool"],
  use: { "app-misc/flavour": "chocolate -vanilla" },
  acceptKeywords: { "app-misc/keyworded": null },
  mask: [">=app-misc/maskable-2"],
  license: { "app-misc/eula": "Example-EULA" },
  services: ["sample-daemon.service"],
});
`;

/** The lines in which emerge starts merging a package: `>>> Emerging binary (1 of 9) …` or `>>> Emerging (1 of 9) …`. */
function merges(log: string): { binary: string[]; source: string[] } {
  const lines = log.split("\n").filter((line) => line.startsWith(">>> Emerging "));
  return { binary: lines.filter((line) => line.startsWith(">>> Emerging binary (")), source: lines.filter((line) => line.startsWith(">>> Emerging (")) };
}

const motoProblem = motoSupport();

describe("gp build --binhost", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let mirror: MirrorServer;
  let binhost: FileServer;
  let corrupt: FileServer;
  let moto: MotoServer | undefined;
  let mirrorOptions: string[];
  /** Seconds builder A took, from source. */
  let firstBuild: number;
  /** The package whose file the corrupt binhost breaks. */
  let broken: string;

  /** A builder: its own directory with the blueprint, and its own cache. */
  const builder = (name: string) => {
    const directory = join(work, name);
    const env = { GP_CACHE_DIR: join(work, `cache-${name}`), SOURCE_DATE_EPOCH: "" };
    return {
      directory,
      cache: env.GP_CACHE_DIR,
      image: join(directory, "out/fixture/fixture-x86_64.squashfs"),
      lowerLog: () => readFileSync(join(directory, "out/fixture/work/x86_64/logs/lower.log"), "utf8"),
      build: (...extra: string[]): Promise<GpRun> => runGp(["build", join(directory, "fixture.image.ts"), "--json", ...mirrorOptions, ...extra], { cwd: directory, env }),
      publish: (destination: string, more: Record<string, string> = {}): Promise<GpRun> => runGp(["binhost", "publish", destination, join(directory, "fixture.image.ts"), "--json"], { cwd: directory, env: { ...env, ...more } }),
    };
  };
  const expectDone = (result: GpRun, what = "gp build"): void => {
    if (result.exitCode !== 0) throw new Error(`${what} failed (${result.exitCode}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  };
  const warnings = (result: GpRun): string[] => jsonLines(result.stdout).filter((event) => event["type"] === "note" && event["level"] === "warning").map((event) => String(event["message"]));
  const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
  const a = () => builder("a");
  const published = (result: GpRun) => jsonLines(result.stdout).find((event) => event["type"] === "result") ?? {};
  const timed = async (build: () => Promise<GpRun>): Promise<{ result: GpRun; seconds: number }> => {
    const started = performance.now();
    const result = await build();
    return { result, seconds: (performance.now() - started) / 1000 };
  };

  beforeAll(async () => {
    work = suiteDirectory("gp-binhost-build-");
    const fixture = await createMirror(join(work, "mirror"), { snapshotDate: newestSnapshotDate() });
    mirror = await serveMirror(fixture);
    mirrorOptions = ["--gentoo-mirror", mirror.urls.gentoo, "--github-api", mirror.urls.api, "--github-archive", mirror.urls.github];
    for (const name of ["a", "b", "c", "d"]) {
      await run("mkdir", ["-p", join(work, name)]);
      writeFileSync(join(work, name, "fixture.image.ts"), BLUEPRINT);
    }
    const first = await timed(() => a().build());
    expectDone(first.result);
    firstBuild = first.seconds;
    expectDone(await a().publish(join(work, "binhost")), "gp binhost publish");
    binhost = await startFileServer(join(work, "binhost"));
    // The corrupt binhost: the same packages, one of them with a byte changed and its size kept.
    cpSync(join(work, "binhost"), join(work, "binhost-corrupt"), { recursive: true });
    broken = /^PATH: (app-misc\/eula\/.+)$/m.exec(readFileSync(join(work, "binhost/Packages"), "utf8"))?.[1] ?? "";
    const bytes = readFileSync(join(work, "binhost-corrupt", broken));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(join(work, "binhost-corrupt", broken), bytes);
    corrupt = await startFileServer(join(work, "binhost-corrupt"));
    if (motoProblem === undefined) {
      moto = await startMoto();
      await createPublicBucket(moto, "gp-binhost");
    }
  }, 900_000);

  afterAll(async () => {
    await binhost?.close();
    await corrupt?.close();
    await moto?.close();
    await mirror?.close();
  });

  it("builds from source the first time, and gp binhost publish puts every package it made and their index into the folder", async () => {
    const built = merges(a().lowerLog());
    expect(built.source.length).toBeGreaterThan(5);
    expect(built.binary).toEqual([]);
    const index = readFileSync(join(work, "binhost/Packages"), "utf8");
    const paths = [...index.matchAll(/^PATH: (.+)$/gm)].map((match) => match[1] as string);
    expect(paths).toHaveLength(built.source.length);
    for (const path of paths) expect(readFileSync(join(work, "binhost", path))).toEqual(readFileSync(join(work, "cache-a/x86_64/binpkgs", path)));
    // Published again, nothing goes up: every package is there already.
    const again = await a().publish(join(work, "binhost"));
    expectDone(again, "gp binhost publish");
    expect(published(again)).toMatchObject({ ok: true, uploaded: [], present: paths.length, conflicts: [] });
  }, 900_000);

  it("takes every package from the binhost on another machine, warns of the binhost that does not answer, and makes the same image byte for byte", async () => {
    const dead = `http://127.0.0.1:${await unusedPort()}/binpkgs`;
    const b = builder("b");
    const { result, seconds } = await timed(() => b.build("--binhost", dead, "--binhost", `${binhost.url}/`));
    expectDone(result);
    console.log(`binhost figures: first builder (from source) ${firstBuild.toFixed(1)} s, second builder (binary packages only) ${seconds.toFixed(1)} s, ratio ${(seconds / firstBuild).toFixed(2)}`);
    expect(warnings(result)).toContainEqual(`the binhost ${dead} cannot be reached (ECONNREFUSED); packages it would have given are built from source.`);
    const merged = merges(b.lowerLog());
    expect(merged.source).toEqual([]);
    expect(merged.binary.length).toBe(merges(a().lowerLog()).source.length);
    const served = binhost.requests.map((request) => `${request.method} ${request.path} ${request.status}`);
    expect(served.join("\n")).toMatch(/^GET \/Packages(\.gz)? 200$/m);
    expect(served.filter((line) => /^GET \/.+\.gpkg\.tar 200$/.test(line))).toHaveLength(merged.binary.length);
    expect(sha256(b.image)).toBe(sha256(a().image));
    // The lower is back as the stage3 made it: Gentoo's binhost in place, gp's file gone.
    expect(readdirSync(join(b.directory, "out/fixture/work/x86_64/lower/etc/portage/binrepos.conf"))).toEqual(["gentoobinhost.conf"]);
  }, 900_000);

  it("refuses a corrupt package from the binhost, builds it from source, and makes the same image", async () => {
    const c = builder("c");
    const result = await c.build("--binhost", corrupt.url);
    expectDone(result);
    expect(warnings(result)).toContainEqual(
      `emerge could not use what the binhost served: ${corrupt.url}/${broken} does not have the size and digests of its index. Nothing of it was installed; the build goes on without binhosts and builds the rest from source.`,
    );
    const merged = merges(c.lowerLog());
    expect(merged.source.filter((line) => line.includes("app-misc/eula"))).toHaveLength(1);
    // emerge starts on the binary package, refuses it before anything is merged, and builds it from source after.
    const log = c.lowerLog();
    expect(merged.binary.filter((line) => line.includes("app-misc/eula"))).toHaveLength(1);
    expect(log.indexOf("!!! Digest verification failed:")).toBeGreaterThan(log.indexOf(merged.binary.find((line) => line.includes("app-misc/eula")) ?? "?"));
    expect(log.indexOf(merged.source.find((line) => line.includes("app-misc/eula")) ?? "?")).toBeGreaterThan(log.indexOf("!!! Digest verification failed:"));
    expect(merged.binary.length).toBeGreaterThan(0);
    expect(sha256(c.image)).toBe(sha256(a().image));
    // Portage's renamed copy of the corrupt file is left neither in the cache nor in the lower.
    const left = await run("find", [join(c.cache, "x86_64/binpkgs"), join(c.directory, "out/fixture/work/x86_64/lower/var/cache"), "-name", "*_checksum_failure_*"]);
    expect(left.stdout).toBe("");
  }, 900_000);

  it("publishes to an S3 bucket and builds from it on another machine, every package a binary one", { ...skipFor(motoProblem), timeout: 900_000 }, async () => {
    if (moto === undefined) throw new Error("moto did not start");
    const s3 = await a().publish("s3://gp-binhost/x86_64", moto.environment);
    expectDone(s3, "gp binhost publish to S3");
    const d = builder("d");
    const result = await d.build("--binhost", `${moto.endpoint}/gp-binhost/x86_64`);
    expectDone(result);
    const merged = merges(d.lowerLog());
    expect(merged.source).toEqual([]);
    expect(merged.binary.length).toBe(merges(a().lowerLog()).source.length);
    expect(published(s3)).toMatchObject({ uploaded: expect.arrayContaining([broken]), indexed: merged.binary.length });
    expect(sha256(d.image)).toBe(sha256(a().image));
  });

  it("is not a reason to run the lower again: adding a binhost to a finished build changes nothing", async () => {
    const result = await a().build("--binhost", binhost.url);
    expectDone(result);
    const phases = jsonLines(result.stdout).filter((event) => event["type"] === "phase" && event["status"] !== "start").map((event) => `${String(event["phase"])} ${String(event["status"])}`);
    expect(phases).toEqual(["lower skipped", "upper skipped", "pack skipped"]);
  }, 900_000);
});
