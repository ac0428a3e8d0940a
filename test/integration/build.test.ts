import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GP_BIN, jsonLines, runGp, type GpRun } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { createMirror, run, serveMirror, newestSnapshotDate, type MirrorServer } from "../fixtures/gentoo/index.js";
import { skipFor } from "../helpers/skip.js";
import { fixtureBuildSupport } from "../helpers/build-support.js";
import { makeSigningKeys } from "../helpers/signing-keys.js";
import { Version } from "@cyclonedx/cyclonedx-library/Spec";
import { JsonStrictValidator } from "@cyclonedx/cyclonedx-library/Validation";

/**
 * `gp build` end to end with the real tools: a blueprint over the fixture's paravirt profile,
 * built from the fixture mirror on 127.0.0.1 with real emerge under systemd-nspawn, overlayfs
 * and mksquashfs. The tests share one image directory and run in order: the first build, a
 * no-op rebuild, an edit to services, a build killed during emerge, a clean rebuild, the image
 * signed and verified, and gp diff between that image and one built with a package, a USE flag and
 * a service more. sys-apps/busybox is in the image for its real source archive, which the SBOM lists.
 */

const support = fixtureBuildSupport(["mksquashfs", "unsquashfs", "rsync", "unshare", "mount"]);

interface Blueprint {
  readonly use: string;
  readonly services: readonly string[];
  /** What the image lists besides the fixture's two packages. */
  readonly packages?: readonly string[];
}

function blueprintSource({ use, services, packages = [] }: Blueprint): string {
  return `import { defineImage, text } from "genpack-ts";

export default defineImage({
  name: "fixture",
  profile: "paravirt",
  packages: ${JSON.stringify(["app-misc/eula", "dev-libs/libsample", "sys-apps/busybox", ...packages])},
  buildtimePackages: ["dev-util/buildtool"],
  use: { "app-misc/flavour": ${JSON.stringify(use)} },
  acceptKeywords: { "app-misc/keyworded": null },
  mask: [">=app-misc/maskable-2"],
  license: { "app-misc/eula": "Example-EULA" },
  groups: [{ name: "fixture", gid: 1500 }],
  users: [{ name: "builder", uid: 1500, initialGroup: "fixture" }],
  services: ${JSON.stringify(services)},
  files: { "/etc/fixture.conf": "hello=1\\n" },
  buildScripts: { "10-mark.sh": text("#!/bin/sh\\necho built > /etc/fixture-built\\n", { mode: 0o755 }) },
  setupCommands: ["echo setup > /etc/fixture-setup"],
});
`;
}

type PhaseEvent = { type: "phase"; phase: string; status: string; reason?: string };

function phaseEvents(output: string): Map<string, PhaseEvent> {
  const events = jsonLines(output).filter((event): event is PhaseEvent => event["type"] === "phase" && event["status"] !== "start");
  return new Map(events.map((event) => [event.phase, event]));
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

type Json = Record<string, any>;

/** A component's property by name. */
function property(component: Json, name: string): string | undefined {
  return (component["properties"] as { name: string; value: string }[] | undefined)?.find((entry) => entry.name === name)?.value;
}

/** A provenance statement without the two times, which are all that may differ between builds. */
function withoutTimes(statement: string): Json {
  const parsed = JSON.parse(statement) as Json;
  delete parsed["predicate"]["runDetails"]["metadata"];
  return parsed;
}

function mountsUnder(directory: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point.startsWith(`${directory}/`));
}

describe("gp build of the fixture image", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let server: MirrorServer;
  let imageDir: string;
  let blueprint: string;
  /** The date of the fixture mirror's snapshot: the newest gp looks for when the suite starts. */
  let snapshotDate: string;
  let artifact: string;
  let image: string;
  let env: NodeJS.ProcessEnv;
  let mirrorOptions: string[];

  const build = (...extra: string[]): Promise<GpRun> => runGp(["build", blueprint, "--json", ...mirrorOptions, ...extra], { cwd: imageDir, env });
  const expectBuilt = (result: GpRun): void => {
    if (result.exitCode !== 0) throw new Error(`gp build failed (${result.exitCode}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  };
  const unsquashfs = async (...args: string[]): Promise<string> => (await run("unsquashfs", [...args])).stdout;
  const catFile = (path: string): Promise<string> => unsquashfs("-cat", image, path);

  beforeAll(async () => {
    work = suiteDirectory("gp-build-");
    snapshotDate = newestSnapshotDate();
    const mirror = await createMirror(join(work, "mirror"), { snapshotDate });
    server = await serveMirror(mirror);
    mirrorOptions = ["--gentoo-mirror", server.urls.gentoo, "--github-api", server.urls.api, "--github-archive", server.urls.github];
    env = { GP_CACHE_DIR: join(work, "cache"), SOURCE_DATE_EPOCH: "" };
    imageDir = join(work, "image");
    blueprint = join(imageDir, "fixture.image.ts");
    artifact = join(imageDir, "out/fixture");
    image = join(artifact, "fixture-x86_64.squashfs");
    await run("mkdir", ["-p", imageDir]);
    writeFileSync(blueprint, blueprintSource({ use: "chocolate -vanilla", services: ["sample-daemon.service"] }));
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it("builds the blueprint into a SquashFS and pins its inputs in gp.lock", async () => {
    const result = await build();
    expectBuilt(result);
    const phases = phaseEvents(result.stdout);
    expect([...phases.values()].map((event) => `${event.phase} ${event.status}`)).toEqual(["lower done", "upper done", "pack done"]);
    const summary = jsonLines(result.stdout).find((event) => event["type"] === "result");
    expect(summary).toMatchObject({ ok: true, image: "out/fixture/fixture-x86_64.squashfs", sha256: sha256(image), sbom: "out/fixture/fixture-x86_64.cdx.json", provenance: "out/fixture/fixture-x86_64.intoto.json" });
    const lock = JSON.parse(readFileSync(join(imageDir, "gp.lock"), "utf8")) as { stage3: Record<string, { sha512: string }>; portage: { snapshot: string }; overlay: { commit: string } };
    expect(lock.stage3["x86_64"]?.sha512).toMatch(/^[0-9a-f]{128}$/);
    expect(lock.portage.snapshot).toBe(snapshotDate);
    expect(lock.overlay.commit).toMatch(/^[0-9a-f]{40}$/);
  }, 900_000);

  it("gp build keys prints the lower key the build recorded, from gp.lock alone, without the mirror", async () => {
    const recorded = (JSON.parse(readFileSync(join(artifact, "work/x86_64/lower.json"), "utf8")) as { key: string }).key;
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    // No mirror options: the key comes from what gp.lock pins, and nothing is fetched.
    const keys = await runGp(["build", "keys", blueprint, "--arch", "x86_64", "--json"], { cwd: imageDir, env });
    expect(keys.exitCode, keys.stderr).toBe(0);
    expect(jsonLines(keys.stdout).at(-1)).toMatchObject({ ok: true, lower: recorded, arch: "x86_64", variant: null });
  }, 120_000);

  describe("gp contents of the build", () => {
    // The artifact directory, which gp opens without running the blueprint; one test names the blueprint.
    const contents = (...args: string[]): Promise<GpRun> => runGp(["contents", artifact, "--arch", "x86_64", ...args], { cwd: imageDir, env });
    const why = async (query: string): Promise<string> => {
      const result = await contents("--why", query);
      if (result.exitCode !== 0) throw new Error(`gp contents --why ${query} failed (${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    };
    const record = () => join(artifact, "work/x86_64/contents.json");

    it("shows a package pulled in through || ( … ) with the alternative taken and why the first was not", async () => {
      const text = await why("app-misc/alt-fallback");
      expect(text).toContain("app-misc/alt-fallback-1");
      expect(text).toContain("|| alternative 2 of || ( app-misc/alt-preferred app-misc/alt-fallback ): app-misc/alt-preferred not installed");
      expect(text).toMatch(/pulled in by: @\S+ → .*app-misc\/runtime-deps-1.* → app-misc\/alt-fallback-1 \(RDEPEND, \|\| alternative 2/);
    }, 120_000);

    it("attributes /etc/fixture.conf to files/, /etc/fixture-built to its build script and /etc/passwd to groups and users", async () => {
      expect(await why("/etc/fixture.conf")).toContain("put there or changed by: files/ (files/etc/fixture.conf)");
      expect(await why("/etc/fixture-built")).toContain("put there or changed by: build script files/build.d/10-mark.sh");
      expect(await why("/etc/fixture-setup")).toContain("put there or changed by: setup commands");
      expect(await why("/etc/passwd")).toContain("put there or changed by: groups and users (groupadd, useradd)");
      expect(await why("/.genpack/packages")).toContain("put there or changed by: /.genpack metadata");
    }, 120_000);

    it("names the package that owns a file with the package's chain", async () => {
      const text = await why("/usr/share/alt-fallback/marker");
      expect(text).toContain("owned by app-misc/alt-fallback-1");
      expect(text).toContain("pulled in by: @");
    }, 120_000);

    it("lists every package and every path grouped by owner or rule, and one JSON object with --json", async () => {
      const text = await runGp(["contents", blueprint, "--arch", "x86_64"], { cwd: imageDir, env });
      expect(text.exitCode).toBe(0);
      expect(text.stdout).toMatch(/^fixture for x86_64: \d+ packages, \d+ paths\n/);
      expect(text.stdout).toContain("  build script files/build.d/10-mark.sh (1):\n    /etc/fixture-built\n");
      const json = await contents("--json");
      const parsed = JSON.parse(json.stdout) as { packages: { cpv: string; chain: string }[]; paths: { path: string; owner?: string }[] };
      expect(parsed.packages.map((pkg) => pkg.cpv)).toContain("app-misc/alt-fallback-1");
      expect(parsed.paths.find((path) => path.path === "/usr/bin/sample")?.owner).toMatch(/^dev-libs\/libsample-/);
    }, 120_000);

    it("says a path or package that is not in the image is not there, with exit status 1", async () => {
      const path = await contents("--why", "/usr/bin/not-there");
      expect(path.exitCode).toBe(1);
      expect(path.stderr).toContain('"/usr/bin/not-there" is not in the image');
      const atom = await contents("--why", "dev-util/buildtool");
      expect(atom.exitCode).toBe(1);
      expect(atom.stderr).toContain('No package of the image fixture for x86_64 matches "dev-util/buildtool"');
    }, 120_000);

    it("refuses a forged contents record (a path with .., not JSON, another upper) and reads 100,000 entries", async () => {
      const original = readFileSync(record(), "utf8");
      const forged = JSON.parse(original) as { upperKey: string; paths: { path: string; type: string; rules: unknown[] }[] };
      try {
        writeFileSync(record(), JSON.stringify({ ...forged, paths: [{ path: "/etc/../../root", type: "file", rules: [] }] }));
        const dotdot = await contents("--why", "/etc/passwd");
        expect(dotdot.exitCode).toBe(1);
        expect(dotdot.stderr).toContain('paths[0].path "/etc/../../root" is not a plain absolute image path');
        writeFileSync(record(), "{ not json");
        const broken = await contents();
        expect(broken.exitCode).toBe(1);
        expect(broken.stderr).toContain("is not a contents record gp wrote: it is not JSON");
        writeFileSync(record(), JSON.stringify({ ...forged, upperKey: "another" }));
        const stale = await contents();
        expect(stale.exitCode).toBe(1);
        expect(stale.stderr).toContain("Run `gp build` (or `gp upper`) first");
        const many = Array.from({ length: 100_000 }, (_, index) => ({ path: `/many/p${index}`, type: "file", rules: [{ kind: "setup-commands" }] }));
        writeFileSync(record(), JSON.stringify({ ...forged, paths: many }));
        const started = Date.now();
        expect(await why("/many/p99999")).toContain("setup commands");
        expect(Date.now() - started).toBeLessThan(30_000);
      } finally {
        writeFileSync(record(), original);
      }
    }, 120_000);
  });

  it("applies USE flags, keywords, masks and licenses in the lower's package database", () => {
    const vdb = join(artifact, "work/x86_64/lower/var/db/pkg");
    expect(readdirSync(join(vdb, "app-misc")).sort()).toEqual(expect.arrayContaining(["eula-1", "flavour-1", "keyworded-2", "maskable-1"]));
    expect(readdirSync(join(vdb, "app-misc"))).not.toContain("maskable-2");
    const use = readFileSync(join(vdb, "app-misc/flavour-1/USE"), "utf8").split(/\s+/);
    expect(use).toEqual(expect.arrayContaining(["chocolate", "strawberry"]));
    expect(use).not.toContain("vanilla");
    // Built, so in the lower, but never in the image.
    expect(existsSync(join(vdb, "dev-util/buildtool-1"))).toBe(true);
  });

  it("leaves build-time packages, pruned packages and excluded paths out of the image", async () => {
    const listing = (await unsquashfs("-lls", "-d", "", image)).split("\n");
    const paths = new Set(listing.map((line) => line.replace(/^.*? \d{4}-\d\d-\d\d \d\d:\d\d /, "").replace(/ -> .*$/, "")));
    for (const present of ["/usr/bin/sample", "/usr/share/libsample/generated", "/usr/share/flavour/chocolate", "/usr/share/flavour/strawberry", "/usr/share/keyworded/version", "/usr/share/eula/accepted", "/usr/share/alt-fallback/marker", "/usr/share/post-dep/marker", "/usr/bin/sample-daemon"]) {
      expect(paths, present).toContain(present);
    }
    for (const absent of ["/usr/bin/buildtool", "/usr/share/system-marker/marker", "/usr/bin/genpack-progs-marker", "/usr/bin/pruned-marker", "/usr/share/pruned-dep/marker", "/usr/share/flavour/vanilla", "/usr/share/alt-preferred/marker", "/usr/include/sample.h", "/usr/lib64/libsample.a", "/usr/share/man/man1/sample.1", "/usr/share/info/sample.info", "/var/cache/libsample/index", "/build.d", "/etc/genpack-fixture-pruned"]) {
      expect(paths, absent).not.toContain(absent);
    }
    expect([...paths].filter((path) => path.startsWith("/usr/share/doc/libsample"))).toEqual([]);
    expect(await catFile("/usr/share/keyworded/version")).toContain("2");
    expect(await catFile("/usr/share/maskable/version")).toContain("1");
    // No overlayfs whiteouts (0/0 character devices) and no nspawn leftovers.
    expect(listing.filter((line) => /^c.* 0,\s*0 /.test(line))).toEqual([]);
    expect(paths).not.toContain("/mnt/upper");
  });

  it("has the package scripts, groups, users, files/, build scripts, setup commands and services", async () => {
    expect(await catFile("/etc/genpack-fixture-base")).toContain("ARTIFACT=fixture");
    expect(await catFile("/etc/genpack-fixture-paravirt")).not.toBe("");
    expect(await catFile("/etc/genpack-fixture-sample-daemon")).not.toBe("");
    expect(await catFile("/etc/group")).toMatch(/^fixture:x:1500:/m);
    expect(await catFile("/etc/passwd")).toMatch(/^builder:x:1500:1500:/m);
    expect(await catFile("/etc/fixture.conf")).toBe("hello=1\n");
    expect(await catFile("/etc/fixture-built")).toBe("built\n");
    expect(await catFile("/etc/fixture-setup")).toBe("setup\n");
    const wants = await unsquashfs("-lls", "-d", "", image, "/etc/systemd/system/multi-user.target.wants");
    expect(wants).toMatch(/sample-daemon\.service -> /);
    expect((await catFile("/.genpack/artifact")).trim()).toBe("fixture");
    // The system.ini schema gp compile wrote, in the image and beside it, with the image's timezones.
    const schema = JSON.parse(await catFile("/usr/share/gp/system-ini.json")) as Record<string, unknown>;
    expect(schema).toMatchObject({ "x-gp-image": { name: "fixture" }, "x-gp-zoneinfo": expect.any(Array) });
    expect(JSON.parse(readFileSync(image.replace(/\.squashfs$/, ".system-ini.json"), "utf8"))).toEqual(schema);
  });

  it("carries a valid CycloneDX SBOM inside the image, equal to the one beside it but for the image's hash", async () => {
    const inside = await catFile("/.genpack/sbom.cdx.json");
    const besideText = readFileSync(image.replace(/\.squashfs$/, ".cdx.json"), "utf8");
    const validator = new JsonStrictValidator(Version.v1dot6);
    expect(await validator.validate(inside)).toBeNull();
    expect(await validator.validate(besideText)).toBeNull();
    const beside = JSON.parse(besideText) as Json;
    expect(beside["metadata"]["component"]["hashes"]).toEqual([{ alg: "SHA-256", content: sha256(image) }]);
    delete beside["metadata"]["component"]["hashes"];
    expect(beside).toEqual(JSON.parse(inside));
  });

  it("lists exactly the image's packages in its SBOM, with their USE flags, licenses, sources and files", async () => {
    const sbom = JSON.parse(await catFile("/.genpack/sbom.cdx.json")) as Json;
    const components = sbom["components"] as Json[];
    const packages = components.filter((component) => ["closure", "image-package"].includes(property(component, "gp:package-kind") ?? ""));
    const listed = (await catFile("/.genpack/packages")).split("\n").filter((line) => /^[a-z]/.test(line)).map((line) => line.replace(/\[.*$/, ""));
    expect(packages.map((component) => component["bom-ref"]).sort()).toEqual(listed.sort());
    const byName = new Map(packages.map((component) => [`${component["group"]}/${component["name"]}`, component]));
    const flavour = byName.get("app-misc/flavour") as Json;
    expect(property(flavour, "gp:use")).toBe("chocolate strawberry");
    expect(flavour["licenses"]).toEqual([{ license: { id: "MIT" } }]);
    expect(flavour["evidence"]["occurrences"]).toEqual(expect.arrayContaining([{ location: "/usr/share/flavour/chocolate" }, { location: "/usr/share/flavour/strawberry" }]));
    expect(byName.get("app-misc/eula")?.["licenses"]).toEqual([{ license: { name: "Example-EULA" } }]);
    // busybox's .deb, with the digests of the snapshot's Manifest.
    const busybox = byName.get("sys-apps/busybox") as Json;
    expect(busybox["licenses"]).toEqual([{ license: { id: "GPL-2.0-only" } }]);
    const manifest = readFileSync(join(artifact, "work/x86_64/lower/var/db/repos/gentoo/sys-apps/busybox/Manifest"), "utf8").split("\n")[0]?.split(" ") ?? [];
    const distribution = (busybox["externalReferences"] as Json[]).find((reference) => reference["type"] === "distribution") as Json;
    expect(distribution["comment"]).toBe(manifest[1]);
    expect(distribution["url"]).toMatch(/^https?:\/\/.*\.deb$/);
    expect(distribution["hashes"]).toEqual([
      { alg: "BLAKE2b-512", content: manifest[manifest.indexOf("BLAKE2B") + 1] },
      { alg: "SHA-512", content: manifest[manifest.indexOf("SHA512") + 1] },
    ]);
    const lock = JSON.parse(readFileSync(join(imageDir, "gp.lock"), "utf8")) as Json;
    const inputs = components.filter((component) => property(component, "gp:package-kind") === "build-input");
    expect(Object.fromEntries(inputs.map((component) => [property(component, "gp:input"), component["hashes"]]))).toEqual({
      stage3: [{ alg: "SHA-512", content: lock["stage3"]["x86_64"]["sha512"] }],
      portage: [{ alg: "SHA-512", content: lock["portage"]["sha512"] }],
      "genpack-overlay": [{ alg: "SHA-512", content: lock["overlay"]["sha512"] }],
    });
  });

  it("writes provenance beside the image naming its SHA-256, its SBOM and the inputs of gp.lock", () => {
    const statement = JSON.parse(readFileSync(image.replace(/\.squashfs$/, ".intoto.json"), "utf8")) as Json;
    expect(statement["subject"]).toEqual([
      { name: "fixture-x86_64.squashfs", digest: { sha256: sha256(image) } },
      { name: "fixture-x86_64.cdx.json", digest: { sha256: sha256(image.replace(/\.squashfs$/, ".cdx.json")) } },
    ]);
    const lock = JSON.parse(readFileSync(join(imageDir, "gp.lock"), "utf8")) as Json;
    expect(statement["predicate"]["buildDefinition"]["resolvedDependencies"]).toEqual([
      { name: "stage3", uri: lock["stage3"]["x86_64"]["url"], digest: { sha512: lock["stage3"]["x86_64"]["sha512"] } },
      { name: "portage", uri: lock["portage"]["url"], digest: { sha512: lock["portage"]["sha512"] } },
      { name: "genpack-overlay", uri: lock["overlay"]["url"], digest: { sha512: lock["overlay"]["sha512"] } },
    ]);
    expect(statement["predicate"]["buildDefinition"]["externalParameters"]).toMatchObject({ blueprint: { path: "fixture.image.ts" }, arch: "x86_64", variant: null });
    const { startedOn, finishedOn } = statement["predicate"]["runDetails"]["metadata"];
    expect(Date.parse(finishedOn)).toBeGreaterThanOrEqual(Date.parse(startedOn));
  });

  it("mounts as a SquashFS with its files readable", async () => {
    const mountPoint = join(work, "mounted");
    await run("mkdir", ["-p", mountPoint]);
    await run("mount", ["-o", "loop,ro", "-t", "squashfs", image, mountPoint]);
    try {
      expect(readFileSync(join(mountPoint, "etc/fixture.conf"), "utf8")).toBe("hello=1\n");
      expect(readFileSync(join(mountPoint, "usr/share/eula/accepted"), "utf8")).not.toBe("");
    } finally {
      await run("umount", [mountPoint]);
    }
  });

  it("takes a container down with gp when gp is killed outright", async () => {
    const marker = `sleep ${300 + Math.floor(Math.random() * 600)}`;
    const child = spawn(process.execPath, [GP_BIN, "bash", blueprint, ...marker.split(" ")], { cwd: imageDir, env: { ...process.env, ...env }, stdio: "ignore" });
    const running = async () => (await run("pgrep", ["-x", "-f", marker], { check: false })).stdout.trim();
    for (let waited = 0; (await running()) === "" && waited < 30_000; waited += 200) await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    expect(await running(), "the command never started in the container").not.toBe("");
    child.kill("SIGKILL");
    for (let waited = 0; (await running()) !== "" && waited < 10_000; waited += 200) await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    expect(await running()).toBe("");
  }, 120_000);

  it("skips every phase and downloads nothing when nothing changed", async () => {
    server.reset();
    const modified = readFileSync(image);
    const provenance = image.replace(/\.squashfs$/, ".intoto.json");
    const statement = readFileSync(provenance, "utf8");
    const result = await build();
    expectBuilt(result);
    expect([...phaseEvents(result.stdout).values()].map((event) => `${event.phase} ${event.status}: ${event.reason}`)).toEqual([
      "lower skipped: nothing it depends on changed",
      "upper skipped: nothing it depends on changed",
      "pack skipped: nothing it depends on changed",
    ]);
    expect(server.downloads()).toBe(0);
    expect(readFileSync(image).equals(modified)).toBe(true);
    // A skipped pack leaves the statement as it is, and writes it again only when it is missing.
    expect(readFileSync(provenance, "utf8")).toBe(statement);
    rmSync(provenance);
    expectBuilt(await build());
    expect(withoutTimes(readFileSync(provenance, "utf8"))).toEqual(withoutTimes(statement));
  }, 300_000);

  it("reruns only upper and pack when services change, and says why", async () => {
    writeFileSync(blueprint, blueprintSource({ use: "chocolate -vanilla", services: [] }));
    const result = await build();
    expectBuilt(result);
    const phases = phaseEvents(result.stdout);
    expect(phases.get("lower")).toMatchObject({ status: "skipped" });
    expect(phases.get("upper")).toMatchObject({ status: "done", reason: "changed: services" });
    expect(phases.get("pack")).toMatchObject({ status: "done" });
    const wants = (await unsquashfs("-lls", "-d", "", image)).split("\n").filter((line) => line.includes("multi-user.target.wants/sample-daemon"));
    expect(wants).toEqual([]);
  }, 600_000);

  /** Starts `gp build`, sends `signal` once emerge runs, and waits for gp to end. */
  const interruptDuringEmerge = async (signal: NodeJS.Signals): Promise<{ exitCode: number | null; output: string }> => {
    const child = spawn(process.execPath, [GP_BIN, "build", blueprint, "--json", ...mirrorOptions], { cwd: imageDir, env: { ...process.env, ...env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let sent = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!sent && /"step":"emerging @world/.test(output)) {
        sent = true;
        // Let emerge get going inside the container first.
        setTimeout(() => child.kill(signal), 1500);
      }
    });
    const exitCode = await new Promise<number | null>((resolveExit) => child.on("close", (code) => resolveExit(code)));
    if (!sent) throw new Error(`gp build ended before emerge started:\n${output}`);
    return { exitCode, output };
  };

  it("stops on Ctrl-C during emerge: the container ends, its mounts go, the lower is not trusted", async () => {
    writeFileSync(blueprint, blueprintSource({ use: "chocolate vanilla", services: [] }));
    const { exitCode, output } = await interruptDuringEmerge("SIGINT");
    expect(exitCode).toBe(130);
    expect(output).toContain("running the emerge pipeline: changed: USE flags");
    expect(output).toMatch(/was stopped/);
    expect(mountsUnder(imageDir)).toEqual([]);
    expect((await run("pgrep", ["-f", join(artifact, "work")], { check: false })).stdout).toBe("");
    expect(JSON.parse(readFileSync(join(artifact, "work/x86_64/lower.json"), "utf8"))).toMatchObject({ key: "" });
    expect(existsSync(join(artifact, "work/.gp-build.lock"))).toBe(false);
  }, 600_000);

  it("recovers from a build killed during emerge: no mounts left, the lower redone", async () => {
    writeFileSync(blueprint, blueprintSource({ use: "vanilla -chocolate", services: [] }));
    const killed = await interruptDuringEmerge("SIGKILL");
    expect(killed.exitCode).toBe(null);
    // The container goes down with gp: its mounts were in gp's own mount namespace.
    await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    expect(mountsUnder(imageDir)).toEqual([]);
    expect((await run("pgrep", ["-f", join(artifact, "work")], { check: false })).stdout).toBe("");

    const result = await build();
    expectBuilt(result);
    const phases = phaseEvents(result.stdout);
    expect(phases.get("lower")).toMatchObject({ status: "done", reason: "the last lower run did not finish" });
    expect(await catFile("/usr/share/flavour/vanilla")).not.toBe("");
    const listing = await unsquashfs("-lls", "-d", "", image, "/usr/share/flavour");
    expect(listing).not.toContain("chocolate");
  }, 900_000);

  it("gives a byte-identical image, SBOM and (but for its times) provenance when built again from nothing", async () => {
    const first = sha256(image);
    const sbom = readFileSync(image.replace(/\.squashfs$/, ".cdx.json"), "utf8");
    const statement = readFileSync(image.replace(/\.squashfs$/, ".intoto.json"), "utf8");
    const cleaned = await runGp(["clean", blueprint], { cwd: imageDir, env });
    expect(cleaned.exitCode, cleaned.stderr).toBe(0);
    expect(existsSync(join(artifact, "work/x86_64/lower"))).toBe(false);
    rmSync(image);
    const result = await build();
    expectBuilt(result);
    expect(phaseEvents(result.stdout).get("lower")).toMatchObject({ status: "done" });
    expect(sha256(image)).toBe(first);
    expect(readFileSync(image.replace(/\.squashfs$/, ".cdx.json"), "utf8")).toBe(sbom);
    // The lower before was redone after a kill, so its merge counters, which the upper's key
    // covers, differ from a fresh lower's: the upper and pack keys may differ, nothing else.
    const phaseKeysAside = (text: string): Json => {
      const parsed = withoutTimes(text);
      const keys = parsed["predicate"]["buildDefinition"]["internalParameters"]["phaseKeys"] as Json;
      expect(keys["upper"]).toMatch(/^[0-9a-f]{64}$/);
      delete keys["upper"];
      delete keys["pack"];
      return parsed;
    };
    expect(phaseKeysAside(readFileSync(image.replace(/\.squashfs$/, ".intoto.json"), "utf8"))).toEqual(phaseKeysAside(statement));
  }, 900_000);

  it("signs the built image with gp sign, which gp verify accepts, and refuses once one byte of it changed", async () => {
    const keys = makeSigningKeys(suiteDirectory("gp-build-keys-"));
    const publicKeys = { ssh: `${keys.ssh.release}.pub`, openpgp: keys.openpgp.release };
    const signature = `${image}.sig`;
    const changed = join(work, "changed.squashfs");
    try {
      for (const kind of ["ssh", "openpgp"] as const) {
        const signed = await runGp(["sign", image, "--force", ...(kind === "ssh" ? ["--ssh-key", keys.ssh.release] : ["--gpg-key", "release@example.org", "--gpg-homedir", keys.gnupgHome])], { cwd: imageDir, env });
        expect(signed.exitCode, signed.stderr).toBe(0);
        const verified = await runGp(["verify", image, "--signed-by", publicKeys[kind]], { cwd: imageDir, env });
        expect(verified.exitCode, `${kind}: ${verified.stderr}`).toBe(0);
        const bytes = readFileSync(image);
        // One byte in the middle of the image: its data, not its superblock.
        const middle = Math.floor(bytes.length / 2);
        bytes[middle] = bytes[middle]! ^ 0x01;
        writeFileSync(changed, bytes);
        const refused = await runGp(["verify", changed, "--signature", signature, "--signed-by", publicKeys[kind]], { cwd: imageDir, env });
        expect(refused.exitCode, `${kind}: a changed image was accepted`).toBe(1);
        expect(refused.stderr).toContain("GP8205");
      }
    } finally {
      rmSync(signature, { force: true });
      rmSync(changed, { force: true });
    }
  }, 300_000);

  it("shows with gp diff exactly the package, USE flag and service one more build added, and their files", async () => {
    // The image as it is (USE "vanilla -chocolate", no service), with what sits beside it.
    const kept = join(work, "kept");
    await run("mkdir", ["-p", kept]);
    for (const name of readdirSync(artifact).filter((entry) => entry.startsWith("fixture-x86_64."))) copyFileSync(join(artifact, name), join(kept, name));
    writeFileSync(blueprint, blueprintSource({ use: "vanilla chocolate", services: ["sample-daemon.service"], packages: ["app-misc/extra-tool"] }));
    expectBuilt(await build());

    const result = await runGp(["diff", join(kept, "fixture-x86_64.squashfs"), blueprint, "--json"], { cwd: imageDir, env });
    expect(result.exitCode, result.stderr).toBe(0);
    const diff = JSON.parse(result.stdout) as Record<string, any>;
    expect(diff["packages"]).toEqual({
      added: [expect.objectContaining({ package: "app-misc/extra-tool" })],
      removed: [],
      upgraded: [],
      downgraded: [],
      rebuilt: [{ package: "app-misc/flavour", version: "1", useAdded: ["chocolate"], useRemoved: [] }],
    });
    expect(diff["users"]).toEqual({ added: [], removed: [], changed: [] });
    expect(diff["groups"]).toEqual({ added: [], removed: [], changed: [] });
    expect(diff["services"]).toEqual({ enabled: [{ target: "multi-user.target", relation: "wants", unit: "sample-daemon.service" }], disabled: [] });
    const paths = (kind: string) => (diff["files"][kind] as { path: string }[]).map((change) => change.path);
    expect({ added: paths("added"), removed: paths("removed"), changed: paths("changed") }).toEqual({
      // extra-tool's file, the flag's file, and the
      // service's link with the directories the first enabled service needs.
      added: ["/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/multi-user.target.wants", "/etc/systemd/system/multi-user.target.wants/sample-daemon.service", "/usr/bin/extra-tool", "/usr/share/flavour/chocolate"],
      removed: [],
      // The package list names one package more, with flavour's new USE; so does the SBOM.
      changed: ["/.genpack/packages", "/.genpack/sbom.cdx.json"],
    });
    // Both images carry an SBOM, so the files are grouped by the package that put them there.
    expect(diff["source"]).toBe("sbom");
    const owners = Object.fromEntries((diff["files"]["added"] as { path: string; package: string | null }[]).map((change) => [change.path, change.package]));
    expect(owners).toMatchObject({ "/usr/bin/extra-tool": "app-misc/extra-tool", "/usr/share/flavour/chocolate": "app-misc/flavour" });
  }, 900_000);
});
