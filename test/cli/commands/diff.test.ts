import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasStackTrace, runGp, type GpRun } from "../../helpers/gp.js";
import { sbomDocument, type SbomPackage } from "../../helpers/sbom-document.js";
import { skipFor } from "../../helpers/skip.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";

/**
 * gp diff on small SquashFS images made here with mksquashfs: /.genpack/packages, accounts,
 * wants links, files, and SBOMs written by hand to the contract, beside the image and inside it.
 */
const tools = spawnSync("sh", ["-c", "command -v mksquashfs && command -v unsquashfs"]).status === 0;
if (!tools && process.env["CI"] === "true") throw new Error("CI must provide squashfs-tools for the gp diff tests");

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

interface ImageSpec {
  readonly packages: readonly SbomPackage[];
  readonly passwd: string;
  readonly group: string;
  readonly services: readonly string[];
  readonly files: Readonly<Record<string, string>>;
  /** Write the SBOM: inside the image, beside it (with the image's hash), or both. */
  readonly sbom?: "inside" | "beside" | "both";
}

function packagesFile(packages: readonly SbomPackage[]): string {
  return packages.map((pkg) => `${pkg.category}/${pkg.name}-${pkg.version}[${pkg.slot ?? "0"}]\n${pkg.use ? `# USE: ${pkg.use}\n` : ""}\n`).join("");
}

function makeImage(work: string, name: string, spec: ImageSpec): string {
  const root = join(work, `${name}-root`);
  const put = (path: string, content: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  put(".genpack/packages", packagesFile(spec.packages));
  put("etc/passwd", spec.passwd);
  put("etc/group", spec.group);
  for (const [path, content] of Object.entries(spec.files)) put(path, content);
  for (const service of spec.services) {
    mkdirSync(join(root, "etc/systemd/system/multi-user.target.wants"), { recursive: true });
    symlinkSync(`/usr/lib/systemd/system/${service}`, join(root, "etc/systemd/system/multi-user.target.wants", service));
  }
  if (spec.sbom === "inside" || spec.sbom === "both") put(".genpack/sbom.cdx.json", JSON.stringify(sbomDocument({ packages: spec.packages })));
  const image = join(work, `${name}.squashfs`);
  execFileSync("mksquashfs", [root, image, "-noappend", "-quiet", "-no-progress", "-all-root", "-mkfs-time", "0", "-all-time", "0"]);
  if (spec.sbom === "beside" || spec.sbom === "both") writeFileSync(join(work, `${name}.cdx.json`), JSON.stringify(sbomDocument({ packages: spec.packages, imageSha256: sha256(image) })));
  return image;
}

const OLD: ImageSpec = {
  packages: [
    { category: "app-misc", name: "flavour", version: "1", use: "chocolate", files: ["/usr/share/flavour/chocolate"] },
    { category: "sys-apps", name: "tool", version: "1.9", files: ["/usr/bin/tool"] },
    { category: "app-misc", name: "gone", version: "1", files: ["/usr/share/gone/marker"] },
  ],
  passwd: "root:x:0:0:root:/root:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/sh\n",
  group: "root:x:0:\nwheel:x:10:bob\n",
  services: ["sshd.service"],
  files: { "usr/share/flavour/chocolate": "choc\n", "usr/bin/tool": "tool 1.9\n", "usr/share/gone/marker": "x\n", "etc/motd": "hello\n" },
};

const NEW: ImageSpec = {
  packages: [
    { category: "app-misc", name: "flavour", version: "1", use: "chocolate vanilla", files: ["/usr/share/flavour/chocolate", "/usr/share/flavour/vanilla"] },
    { category: "sys-apps", name: "tool", version: "1.10", files: ["/usr/bin/tool"] },
    { category: "sys-apps", name: "busybox", version: "1.36.1", files: ["/bin/busybox"] },
  ],
  passwd: "root:x:0:0:root:/root:/bin/sh\nbob:x:1000:1000::/home/bob:/bin/bash\nsvc:x:900:900::/var/lib/svc:/sbin/nologin\n",
  group: "root:x:0:\nwheel:x:10:bob\nsvc:x:900:\n",
  services: ["app.service"],
  files: { "usr/share/flavour/chocolate": "choc\n", "usr/share/flavour/vanilla": "vanilla\n", "usr/bin/tool": "tool 1.10\n", "bin/busybox": "x".repeat(3000), "etc/motd": "HELLO\n" },
};

describe("gp diff", skipFor(tools ? undefined : "squashfs-tools is not installed"), () => {
  let work: string;
  let plainOld: string;
  let plainNew: string;
  let sbomOld: string;
  let sbomNew: string;

  beforeAll(() => {
    work = suiteDirectory("gp-diff-");
    plainOld = makeImage(work, "plain-old", OLD);
    plainNew = makeImage(work, "plain-new", NEW);
    sbomOld = makeImage(work, "sbom-old", { ...OLD, sbom: "both" });
    sbomNew = makeImage(work, "sbom-new", { ...NEW, sbom: "inside" });
  });

  const diff = (...args: string[]): Promise<GpRun> => runGp(["diff", ...args], { cwd: work });
  const json = (run: GpRun) => {
    expect(run.exitCode, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, any>;
  };

  it("reads packages from /.genpack/packages when the images have no SBOM, and says so", async () => {
    const result = json(await diff(plainOld, plainNew, "--json"));
    expect(result["source"]).toBe("image");
    expect(result["notes"]).toEqual([expect.stringContaining("no SBOM")]);
    expect(result["packages"]).toEqual({
      added: [{ package: "sys-apps/busybox", version: "1.36.1", slot: "0", use: [] }],
      removed: [{ package: "app-misc/gone", version: "1", slot: "0", use: [] }],
      upgraded: [{ package: "sys-apps/tool", oldVersion: "1.9", version: "1.10", useAdded: [], useRemoved: [] }],
      downgraded: [],
      rebuilt: [{ package: "app-misc/flavour", version: "1", useAdded: ["vanilla"], useRemoved: [] }],
    });
    expect(result["files"].added.map((change: { path: string }) => change.path)).toEqual(["/bin", "/bin/busybox", "/etc/systemd/system/multi-user.target.wants/app.service", "/usr/share/flavour/vanilla"]);
    expect(result["files"].added[1]).toEqual({ path: "/bin/busybox", type: "file", sizeDelta: 3000 });
  });

  it("reports users, groups and services added, removed and changed", async () => {
    const result = json(await diff(plainOld, plainNew, "--json"));
    expect(result["users"]).toEqual({ added: [{ name: "svc", uid: "900", gid: "900", home: "/var/lib/svc", shell: "/sbin/nologin" }], removed: [], changed: [{ name: "bob", changes: [{ field: "shell", old: "/bin/sh", new: "/bin/bash" }] }] });
    expect(result["groups"]).toEqual({ added: [{ name: "svc", gid: "900", members: [] }], removed: [], changed: [] });
    expect(result["services"]).toEqual({ enabled: [{ target: "multi-user.target", relation: "wants", unit: "app.service" }], disabled: [{ target: "multi-user.target", relation: "wants", unit: "sshd.service" }] });
  });

  it("finds a file changed in content alone, at equal size, by reading both images' bytes", async () => {
    const result = json(await diff(plainOld, plainNew, "--json"));
    const changed = Object.fromEntries(result["files"].changed.map((change: { path: string; aspects: string[] }) => [change.path, change.aspects]));
    expect(changed["/etc/motd"]).toEqual(["content"]);
    expect(changed["/usr/share/flavour/chocolate"]).toBeUndefined();
    expect(changed["/usr/bin/tool"]).toEqual(["size"]);
  });

  it("groups files by package from the SBOMs when both images have one (beside or inside), the rest as not from a package", async () => {
    const result = json(await diff(sbomOld, sbomNew, "--json"));
    expect(result["source"]).toBe("sbom");
    expect(result["old"]).toMatchObject({ image: sbomOld, sbom: join(work, "sbom-old.cdx.json"), sha256: sha256(sbomOld) });
    expect(result["new"]).toMatchObject({ image: sbomNew, sbom: `${sbomNew}:/.genpack/sbom.cdx.json` });
    const owners = Object.fromEntries([...result["files"].added, ...result["files"].removed, ...result["files"].changed].map((change: { path: string; package: string | null }) => [change.path, change.package]));
    expect(owners["/bin/busybox"]).toBe("sys-apps/busybox");
    expect(owners["/usr/share/gone/marker"]).toBe("app-misc/gone");
    expect(owners["/usr/share/flavour/vanilla"]).toBe("app-misc/flavour");
    expect(owners["/etc/motd"]).toBeNull();

    const text = await diff(sbomOld, sbomNew);
    expect(text.stdout).toContain("Packages and file owners from both images' SBOMs.");
    expect(text.stdout).toContain("  sys-apps/busybox: 1 added (+2.9 KiB)");
    expect(text.stdout).toContain("  not from a package: 2 added, 2 removed, 5 changed");
    expect(text.stdout).not.toContain("/bin/busybox");
    const listed = await diff(sbomOld, sbomNew, "--files");
    expect(listed.stdout).toContain("    + /bin/busybox (+2.9 KiB)");
  });

  it("reads both images' own files when only one has an SBOM, and names the one without", async () => {
    const result = json(await diff(sbomOld, plainNew, "--json"));
    expect(result["source"]).toBe("image");
    expect(result["notes"]).toEqual([`${plainNew} has no SBOM: packages are read from /.genpack/packages, and files are not grouped by package.`]);
    expect(result["old"]).not.toHaveProperty("sbom");
    expect(result["packages"].added).toEqual([expect.objectContaining({ package: "sys-apps/busybox" })]);
  });

  it("refuses an SBOM beside an image of 100 MB before reading it", async () => {
    const directory = temporaryDirectory();
    const image = makeImage(directory, "large", OLD);
    execFileSync("truncate", ["-s", "100M", join(directory, "large.cdx.json")]);
    const result = await diff(image, plainNew);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP8021: ${join(directory, "large.cdx.json")} is 104857600 bytes long, more than the 64 MiB an SBOM of gp may have`);
  });

  it("prints sections for people, without colour under NO_COLOR", async () => {
    const text = await diff(plainOld, plainNew);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).not.toContain("\u001b[");
    expect(text.stdout).toContain("Packages: 1 added, 1 removed, 1 upgraded, 0 downgraded, 1 rebuilt with other USE flags");
    expect(text.stdout).toContain("  ↑ sys-apps/tool 1.9 -> 1.10");
    expect(text.stdout).toContain("  ~ app-misc/flavour-1  USE: +vanilla");
    expect(text.stdout).toContain("  ~ bob: shell /bin/sh -> /bin/bash");
    expect(text.stdout).toContain("  + multi-user.target.wants/app.service");
    expect(text.stdout).toMatch(/Image file: [\d.]+ KiB -> [\d.]+ KiB/);
    const coloured = await runGp(["diff", plainOld, plainNew], { cwd: work, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(coloured.stdout).toContain("\u001b[32m");
  });

  it("exits 0 when the images differ, and 1 with --exit-code", async () => {
    expect((await diff(plainOld, plainNew)).exitCode).toBe(0);
    const strict = await diff(plainOld, plainNew, "--exit-code");
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toBe("");
  });

  it("finds no differences between an image and itself, even with --exit-code", async () => {
    const result = await diff(sbomOld, sbomOld, "--exit-code", "--json");
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ differ: false, files: { added: [], removed: [], changed: [] } });
    expect((await diff(plainOld, plainOld)).stdout).toContain("No differences.");
  });

  it("refuses a file that is not a SquashFS, naming it, with nothing on stdout", async () => {
    const junk = join(temporaryDirectory(), "junk.squashfs");
    writeFileSync(junk, "not an image at all, but long enough to hold a superblock's worth of bytes, and then some more");
    const result = await diff(junk, plainNew);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error GP8002: ${junk} is not a SquashFS image`);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("refuses an image cut short, naming it", async () => {
    const cut = join(temporaryDirectory(), "cut.squashfs");
    const bytes = readFileSync(plainNew);
    // The superblock's bytes_used: mksquashfs pads the file to 4 KiB beyond it.
    writeFileSync(cut, bytes.subarray(0, Number(bytes.readBigUInt64LE(40)) - 100));
    const result = await diff(plainOld, cut);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error GP8003: ${cut} is cut short`);
  });

  it("refuses an image whose tables were overwritten, naming it", async () => {
    const tampered = join(temporaryDirectory(), "tampered.squashfs");
    const bytes = Buffer.from(readFileSync(plainNew));
    bytes.fill(0xa5, 96, bytes.length - 8);
    writeFileSync(tampered, bytes);
    const result = await diff(plainOld, tampered, "--json");
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ ok: false, code: "GP8003" });
    expect(result.stdout).toContain(tampered);
  });

  it("refuses an SBOM beside an image whose recorded hash is not the image's: it is stale", async () => {
    const directory = temporaryDirectory();
    const image = makeImage(directory, "stale", { ...OLD, sbom: "beside" });
    writeFileSync(join(directory, "stale.cdx.json"), JSON.stringify(sbomDocument({ packages: OLD.packages, imageSha256: "0".repeat(64) })));
    const result = await diff(image, plainNew);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error GP8022: ${join(directory, "stale.cdx.json")} does not describe ${image}: it records the image's SHA-256 as ${"0".repeat(64)}, and the image's is ${sha256(image)}`);
    expect(result.stderr).toContain("remove the SBOM beside it");
  });

  it("refuses an SBOM beside an image that disagrees with the one inside it", async () => {
    const directory = temporaryDirectory();
    const image = makeImage(directory, "forged", { ...OLD, sbom: "both" });
    const forged = OLD.packages.map((pkg) => (pkg.name === "tool" ? { ...pkg, version: "9.9" } : pkg));
    writeFileSync(join(directory, "forged.cdx.json"), JSON.stringify(sbomDocument({ packages: forged, imageSha256: sha256(image) })));
    const result = await diff(image, plainNew);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP8022: ${join(directory, "forged.cdx.json")} and ${image}:/.genpack/sbom.cdx.json disagree`);
  });

  it("refuses an SBOM beside an image that is a FIFO or a link out of the image's directory, without waiting", async () => {
    const directory = temporaryDirectory();
    const image = makeImage(directory, "odd", OLD);
    execFileSync("mkfifo", [join(directory, "odd.cdx.json")]);
    const fifo = await diff(image, plainNew);
    expect(fifo.exitCode).toBe(1);
    expect(fifo.stderr).toContain(`error GP8021: ${join(directory, "odd.cdx.json")} is a FIFO, not a file`);
    rmSync(join(directory, "odd.cdx.json"));
    const elsewhere = join(temporaryDirectory(), "elsewhere.cdx.json");
    writeFileSync(elsewhere, JSON.stringify(sbomDocument({ packages: OLD.packages, imageSha256: sha256(image) })));
    symlinkSync(elsewhere, join(directory, "odd.cdx.json"));
    const linked = await diff(image, plainNew);
    expect(linked.exitCode).toBe(1);
    expect(linked.stderr).toContain("is a symbolic link that leads out of the image's directory");
  });

  it("refuses a forged SBOM inside an image, naming the file and the field", async () => {
    const directory = temporaryDirectory();
    const root = join(directory, "root/.genpack");
    mkdirSync(root, { recursive: true });
    const document = sbomDocument({ packages: OLD.packages }) as { components: Record<string, unknown>[] };
    delete document.components[1]!["version"];
    writeFileSync(join(root, "sbom.cdx.json"), JSON.stringify(document));
    const image = join(directory, "forged-inside.squashfs");
    execFileSync("mksquashfs", [join(directory, "root"), image, "-noappend", "-quiet", "-no-progress"]);
    const result = await diff(image, sbomNew);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP8021: ${image}:/.genpack/sbom.cdx.json gives the package components[1] ("sys-apps/tool-1.9") no version`);
  });

  it("refuses an artifact directory whose image was not built, and says to build it", async () => {
    const artifact = temporaryDirectory();
    writeFileSync(join(artifact, "genpack.json5"), '{ name: "appliance", profile: "paravirt" }\n');
    const result = await runGp(["diff", plainOld, artifact, "--arch", "x86_64"], { cwd: work });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error GP8002: ${artifact} has no image yet: ${join(artifact, "appliance-x86_64.squashfs")} does not exist`);
  });

  it("compares the image of an artifact directory, found as gp build names it", async () => {
    const artifact = temporaryDirectory();
    writeFileSync(join(artifact, "genpack.json5"), '{ name: "appliance", profile: "paravirt" }\n');
    writeFileSync(join(artifact, "appliance-x86_64.squashfs"), readFileSync(plainNew));
    const result = json(await runGp(["diff", plainOld, artifact, "--arch", "x86_64", "--json"], { cwd: work }));
    expect(result["new"]).toMatchObject({ image: join(artifact, "appliance-x86_64.squashfs") });
    expect(result["packages"].added).toEqual([expect.objectContaining({ package: "sys-apps/busybox" })]);
  });
});
