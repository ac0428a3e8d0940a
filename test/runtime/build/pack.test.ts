import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Resolution } from "../../../genpack/resolution.js";
import type { PhaseContext } from "../../../runtime/build/build-context.js";
import { packPhase, type BuildRecord } from "../../../runtime/build/pack/pack-phase.js";
import { workLayout, cacheLayout } from "../../../runtime/build/work-layout.js";
import { LogFile } from "../../../host/exec.js";
import { PhaseReport, silentReporter } from "../../../runtime/report/reporter.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { skipFor } from "../../helpers/skip.js";

function available(): { ok: boolean; reason: string } {
  const problems: string[] = [];
  if (spawnSync("mksquashfs", ["-version"]).status !== 0) problems.push("mksquashfs (squashfs-tools) is not installed");
  if (spawnSync("unsquashfs", ["-help"]).error !== undefined) problems.push("unsquashfs is not installed");
  if (process.getuid?.() !== 0) problems.push("making an overlay whiteout (a 0:0 device) needs root");
  if (spawnSync("mformat", ["--version"]).error !== undefined) problems.push("mformat (mtools) is not installed");
  if (problems.length > 0 && process.env["CI"] === "true") throw new Error(`CI must provide: ${problems.join("; ")}`);
  return { ok: problems.length === 0, reason: problems.join("; ") };
}
const tools = available();

/** A build with no gp.lock: the SBOM and provenance name no inputs. */
const BUILD_RECORD: BuildRecord = { startedOn: new Date(0), lockPath: "/nonexistent/gp.lock", blueprint: "box.image.ts", lowerKey: "lower-key" };

/** An artifact with a finished upper layer, as the upper phase leaves it. */
function upperFixture(): PhaseContext {
  const artifactDir = temporaryDirectory();
  const layout = workLayout(artifactDir, "x86_64", null);
  const upper = layout.upper;
  for (const directory of ["etc", "build.d", "var/log/app", "var/tmp", "usr/bin"]) mkdirSync(join(upper, directory), { recursive: true });
  writeFileSync(join(upper, "etc/hostname"), "box\n");
  writeFileSync(join(upper, "usr/bin/tool"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(upper, "build"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(upper, "build.d/10-setup.sh"), "true\n");
  writeFileSync(join(upper, "var/log/emerge.log"), "log\n");
  writeFileSync(join(upper, "var/log/app/kept.log"), "kept\n");
  writeFileSync(join(upper, "var/tmp/scratch"), "x\n");
  // A whiteout: the upper phase deleted /etc/motd of the lower.
  execFileSync("mknod", [join(upper, "etc/motd"), "c", "0", "0"]);
  const resolution = { name: "box", outfile: "box-x86_64.squashfs", compression: "gzip" } as unknown as Resolution;
  return {
    target: { artifactDir, arch: "x86_64", variant: null, resolution },
    options: {},
    layout,
    cache: cacheLayout(join(artifactDir, "cache")),
    reporter: silentReporter,
    signal: new AbortController().signal,
    report: new PhaseReport(silentReporter, "pack"),
    log: new LogFile(layout.log("pack")),
  };
}

function listing(image: string): string[] {
  return execFileSync("unsquashfs", ["-lls", "-d", "", image], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } })
    .split("\n")
    .filter((line) => /^[-dlcbps][rwx-]{9}/.test(line));
}

describe("packing the upper layer", skipFor(tools.ok ? undefined : tools.reason), () => {
  it("leaves out build scripts, top-level logs, /var/tmp and overlay whiteouts, and stamps every file with SOURCE_DATE_EPOCH", async () => {
    const context = upperFixture();
    const outcome = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
    expect(outcome.ran).toBe(true);
    const lines = listing(outcome.image);
    const paths = lines.map((line) => line.split(/\s+/).slice(5).join(" ").split(" -> ")[0]);
    expect(paths).toEqual(expect.arrayContaining(["/etc/hostname", "/usr/bin/tool", "/var/log/app/kept.log", "/var/tmp"]));
    for (const absent of ["/build", "/build.d", "/build.d/10-setup.sh", "/var/log/emerge.log", "/var/tmp/scratch", "/etc/motd"]) expect(paths).not.toContain(absent);
    expect(new Set(lines.map((line) => line.split(/\s+/).slice(3, 5).join(" ")))).toEqual(new Set(["2023-11-14 22:13"]));
    await context.log.close();
  });

  it("gives the same bytes for the same tree whatever its files' times, and skips a second pack of it", async () => {
    const first = upperFixture();
    const second = upperFixture();
    utimesSync(join(second.layout.upper, "etc/hostname"), 12345, 12345);
    const a = await packPhase(first, "upper-key", 1_700_000_000, BUILD_RECORD);
    const b = await packPhase(second, "upper-key", 1_700_000_000, BUILD_RECORD);
    expect(b.sha256).toBe(a.sha256);
    expect(readFileSync(b.image).equals(readFileSync(a.image))).toBe(true);
    const again = await packPhase(first, "upper-key", 1_700_000_000, BUILD_RECORD);
    expect(again).toMatchObject({ ran: false, reason: "nothing it depends on changed", sha256: a.sha256 });
    const recompressed = await packPhase({ ...first, options: { compression: "zstd" } }, "upper-key", 1_700_000_000, BUILD_RECORD);
    expect(recompressed).toMatchObject({ ran: true, reason: "changed: compression" });
    expect(recompressed.sha256).not.toBe(a.sha256);
    await first.log.close();
    await second.log.close();
  });

  it("packs with SOURCE_DATE_EPOCH set in gp's environment, which mksquashfs alone would refuse", async () => {
    const context = upperFixture();
    const saved = process.env["SOURCE_DATE_EPOCH"];
    process.env["SOURCE_DATE_EPOCH"] = "1600000000";
    try {
      const outcome = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
      expect(new Set(listing(outcome.image).map((line) => line.split(/\s+/).slice(3, 5).join(" ")))).toEqual(new Set(["2023-11-14 22:13"]));
    } finally {
      if (saved === undefined) delete process.env["SOURCE_DATE_EPOCH"];
      else process.env["SOURCE_DATE_EPOCH"] = saved;
      await context.log.close();
    }
  });

  it("makes the EFI superfloppy beside images whose lower has genpack-install's EFI files, reproducibly", async () => {
    const images: Buffer[] = [];
    for (const now of [1_000_000, 2_000_000]) {
      const context = upperFixture();
      const efi = join(context.layout.lower, "usr/lib/genpack-install");
      mkdirSync(efi, { recursive: true });
      writeFileSync(join(efi, "bootx64.efi"), "MZ fixture loader\n");
      writeFileSync(join(efi, "README"), "not a loader\n");
      utimesSync(join(efi, "bootx64.efi"), now, now);
      const outcome = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
      expect(outcome.superfloppy).toBe(join(context.target.artifactDir, "box-x86_64.img"));
      const superfloppy = outcome.superfloppy as string;
      const env = { ...process.env, MTOOLS_SKIP_CHECK: "1" };
      const listing = execFileSync("mdir", ["-/", "-b", "-i", superfloppy, "::/"], { encoding: "utf8", env });
      expect(listing.split("\n").filter((line) => line !== "").sort()).toEqual(["::/EFI/", "::/EFI/BOOT/", "::/EFI/BOOT/bootx64.efi", "::/system.img"]);
      expect(execFileSync("mtype", ["-i", superfloppy, "::/system.img"], { env }).equals(readFileSync(outcome.image))).toBe(true);
      images.push(readFileSync(superfloppy));
      await context.log.close();
    }
    expect(images[1]?.equals(images[0] as Buffer)).toBe(true);
  });

  it("puts the artifact's system.ini schema in the image and beside it, with the timezones the image holds and nothing the upper brings at that path", async () => {
    const context = upperFixture();
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", title: "system.ini of box", type: "object", properties: {}, "x-gp-image": { name: "box" } };
    writeFileSync(join(context.target.artifactDir, "system-ini.json"), JSON.stringify(schema));
    const zoneinfo = join(context.layout.upper, "usr/share/zoneinfo");
    mkdirSync(join(zoneinfo, "Asia"), { recursive: true });
    writeFileSync(join(zoneinfo, "Asia/Tokyo"), "TZif2 fixture");
    writeFileSync(join(zoneinfo, "zone.tab"), "# not a zone\n");
    symlinkSync("Asia/Tokyo", join(zoneinfo, "Japan"));
    symlinkSync("/etc/passwd", join(zoneinfo, "Outside"));
    mkdirSync(join(context.layout.upper, "usr/share/gp"), { recursive: true });
    writeFileSync(join(context.layout.upper, "usr/share/gp/system-ini.json"), "forged\n");
    const outcome = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
    const inside = JSON.parse(execFileSync("unsquashfs", ["-cat", outcome.image, "/usr/share/gp/system-ini.json"], { encoding: "utf8" }));
    expect(inside).toEqual({ ...schema, "x-gp-zoneinfo": ["Asia/Tokyo", "Japan"] });
    expect(JSON.parse(readFileSync(join(context.target.artifactDir, "box-x86_64.system-ini.json"), "utf8"))).toEqual(inside);
    // The upper directory, which later packs reuse, is left as it was.
    expect(readFileSync(join(context.layout.upper, "usr/share/gp/system-ini.json"), "utf8")).toBe("forged\n");
    await context.log.close();
  });

  it("gives an image of an artifact without a schema genpack/base's keys, and repacks when the schema changes", async () => {
    const context = upperFixture();
    const first = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
    const inside = JSON.parse(execFileSync("unsquashfs", ["-cat", first.image, "/usr/share/gp/system-ini.json"], { encoding: "utf8" }));
    expect(Object.keys(inside.properties._default.properties)).toEqual(expect.arrayContaining(["timezone", "locale", "ssh_pubkey"]));
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", title: "system.ini of box", type: "object", properties: {}, "x-gp-image": { name: "box" } };
    writeFileSync(join(context.target.artifactDir, "system-ini.json"), JSON.stringify(schema));
    expect(await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD)).toMatchObject({ ran: true, reason: "changed: system.ini schema" });
    await context.log.close();
  });

  it("puts the SBOM into the image over a file the upper brings there, writes it and the provenance beside the image, and repairs them when skipped", async () => {
    const context = upperFixture();
    mkdirSync(join(context.layout.upper, ".genpack"), { recursive: true });
    writeFileSync(join(context.layout.upper, ".genpack/sbom.cdx.json"), "forged\n");
    const first = await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
    const inside = JSON.parse(execFileSync("unsquashfs", ["-cat", first.image, "/.genpack/sbom.cdx.json"], { encoding: "utf8" }));
    expect(inside).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6", metadata: { component: { name: "box", "bom-ref": "image" } } });
    expect(readFileSync(join(context.layout.upper, ".genpack/sbom.cdx.json"), "utf8")).toBe("forged\n");
    const beside = join(context.target.artifactDir, "box-x86_64.cdx.json");
    const besideText = readFileSync(beside, "utf8");
    expect(JSON.parse(besideText).metadata.component.hashes).toEqual([{ alg: "SHA-256", content: first.sha256 }]);
    const provenance = join(context.target.artifactDir, "box-x86_64.intoto.json");
    const statement = readFileSync(provenance, "utf8");
    expect(JSON.parse(statement).subject[0]).toEqual({ name: "box-x86_64.squashfs", digest: { sha256: first.sha256 } });
    expect(first).toMatchObject({ sbom: beside, provenance });

    // Skipped: a changed SBOM is written again, a statement that is there is left as it is, a missing one is written.
    writeFileSync(beside, "tampered\n");
    writeFileSync(provenance, "kept\n");
    expect(await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD)).toMatchObject({ ran: false });
    expect(readFileSync(beside, "utf8")).toBe(besideText);
    expect(readFileSync(provenance, "utf8")).toBe("kept\n");
    rmSync(provenance);
    await packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD);
    expect(JSON.parse(readFileSync(provenance, "utf8")).subject).toEqual(JSON.parse(statement).subject);
    await context.log.close();
  });

  it("refuses to pack an artifact whose system-ini.json is not a schema, leaving no image", async () => {
    const context = upperFixture();
    writeFileSync(join(context.target.artifactDir, "system-ini.json"), "{ forged");
    await expect(packPhase(context, "upper-key", 1_700_000_000, BUILD_RECORD)).rejects.toThrow(/system-ini\.json is not valid JSON/);
    expect(existsSync(join(context.target.artifactDir, "box-x86_64.squashfs"))).toBe(false);
    await context.log.close();
  });
});
