import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runGp, type GpRun } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { containerSupport, createMirror, newestSnapshotDate, run, serveMirror, startFileServer, type FileServer, type MirrorServer } from "../fixtures/gentoo/index.js";
import { hasCommand } from "../../host/exec.js";
import { skipFor } from "../helpers/skip.js";

/**
 * `gp build --binhost` end to end: builder A builds the fixture image from source into its own
 * cache; that cache's binary packages are served on 127.0.0.1 as a binhost; builder B, with
 * another work directory and cache, builds the same blueprint from it. Real emerge under
 * systemd-nspawn, as in build.test.ts.
 */
function buildSupport(): { available: boolean; reason: string } {
  const containers = containerSupport();
  const missing = ["mksquashfs", "unsquashfs", "rsync", "unshare", "mount"].filter((command) => !hasCommand(command));
  const reasons = [...(containers.available ? [] : [containers.reason]), ...missing.map((command) => `${command} is not installed`)];
  if (reasons.length > 0 && process.env["CI"] === "true") throw new Error(`CI must be able to build the fixture image, but ${reasons.join("; ")}`);
  return { available: reasons.length === 0, reason: reasons.join("; ") };
}

const support = buildSupport();

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

/** A port on 127.0.0.1 that nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The lines in which emerge starts merging a package: `>>> Emerging binary (1 of 9) …` or `>>> Emerging (1 of 9) …`. */
function merges(log: string): { binary: string[]; source: string[] } {
  const lines = log.split("\n").filter((line) => line.startsWith(">>> Emerging "));
  return { binary: lines.filter((line) => line.startsWith(">>> Emerging binary (")), source: lines.filter((line) => line.startsWith(">>> Emerging (")) };
}

describe("gp build --binhost", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let mirror: MirrorServer;
  let binhost: FileServer;
  let mirrorOptions: string[];

  /** A builder: its own directory with the blueprint, and its own cache. */
  const builder = (name: string) => {
    const directory = join(work, name);
    return {
      directory,
      image: join(directory, "out/fixture/fixture-x86_64.squashfs"),
      lowerLog: () => readFileSync(join(directory, "out/fixture/work/x86_64/logs/lower.log"), "utf8"),
      build: (...extra: string[]): Promise<GpRun> => runGp(["build", join(directory, "fixture.image.ts"), "--json", ...mirrorOptions, ...extra], { cwd: directory, env: { GP_CACHE_DIR: join(work, `cache-${name}`), SOURCE_DATE_EPOCH: "" } }),
    };
  };
  const expectBuilt = (result: GpRun): void => {
    if (result.exitCode !== 0) throw new Error(`gp build failed (${result.exitCode}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  };
  const warnings = (result: GpRun): string[] => jsonLines(result.stdout).filter((event) => event["type"] === "note" && event["level"] === "warning").map((event) => String(event["message"]));
  const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
  const a = () => builder("a");

  beforeAll(async () => {
    work = suiteDirectory("gp-binhost-build-");
    const fixture = await createMirror(join(work, "mirror"), { snapshotDate: newestSnapshotDate() });
    mirror = await serveMirror(fixture);
    mirrorOptions = ["--gentoo-mirror", mirror.urls.gentoo, "--github-api", mirror.urls.api, "--github-archive", mirror.urls.github];
    for (const name of ["a", "b", "c"]) {
      await run("mkdir", ["-p", join(work, name)]);
      writeFileSync(join(work, name, "fixture.image.ts"), BLUEPRINT);
    }
    expectBuilt(await a().build());
    binhost = await startFileServer(join(work, "cache-a/x86_64/binpkgs"));
  }, 900_000);

  afterAll(async () => {
    await binhost?.close();
    await mirror?.close();
  });

  it("builds from source the first time, leaving binary packages and their Packages index in the cache", () => {
    const built = merges(a().lowerLog());
    expect(built.source.length).toBeGreaterThan(5);
    expect(built.binary).toEqual([]);
    expect(readFileSync(join(work, "cache-a/x86_64/binpkgs/Packages"), "utf8")).toMatch(/^PACKAGES: \d+$/m);
  });

  it("takes every package from the binhost on another machine, warns of the binhost that does not answer, and makes the same image byte for byte", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/binpkgs`;
    const b = builder("b");
    const result = await b.build("--binhost", dead, "--binhost", `${binhost.url}/`);
    expectBuilt(result);
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

  it("builds from source when its only binhost does not answer, into the same image", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/binpkgs`;
    const c = builder("c");
    const result = await c.build("--binhost", dead);
    expectBuilt(result);
    expect(warnings(result)).toContainEqual(expect.stringContaining(`the binhost ${dead} cannot be reached`));
    const merged = merges(c.lowerLog());
    expect(merged.binary).toEqual([]);
    expect(merged.source.length).toBe(merges(a().lowerLog()).source.length);
    expect(sha256(c.image)).toBe(sha256(a().image));
  }, 900_000);

  it("is not a reason to run the lower again: adding a binhost to a finished build changes nothing", async () => {
    const result = await a().build("--binhost", binhost.url);
    expectBuilt(result);
    const phases = jsonLines(result.stdout).filter((event) => event["type"] === "phase" && event["status"] !== "start").map((event) => `${String(event["phase"])} ${String(event["status"])}`);
    expect(phases).toEqual(["lower skipped", "upper skipped", "pack skipped"]);
  }, 900_000);
});
