import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonLines, runGp } from "../../helpers/gp.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";
import { kernelArch } from "../../../runtime/install/kernel-arch.js";
import { skipFor } from "../../helpers/skip.js";
import { makeSystemImage, type SystemImageOptions } from "../../helpers/system-image.js";
import { makeSigningKeys, signingToolsMissing } from "../../helpers/signing-keys.js";
import { codes, type CodeEntry } from "../../../errors/codes.js";

/**
 * `gp install --disk`, `--iso` and `--zip` with the real tools (sfdisk, sgdisk, mkfs.vfat, xorriso,
 * mtools, mkfs.btrfs, GRUB), checked from the outside: the partition table, the file systems,
 * the files on the boot partition, the boot code in the MBR, and refusals that write nothing.
 */
function support(): { available: boolean; reason: string } {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push("loop devices need root");
  for (const tool of ["mksquashfs", "unsquashfs", "sfdisk", "sgdisk", "mkfs.vfat", "mcopy", "mkfs.btrfs", "grub-mkstandalone", "grub-mkimage", "grub-script-check", "losetup", "blkid", "xorriso", "zip", "unzip"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) problems.push(`${tool} is not installed`);
  }
  if (problems.length > 0 && process.env["CI"] === "true") throw new Error(`CI must be able to run the install tests, but ${problems.join("; ")}`);
  return { available: problems.length === 0, reason: problems.join("; ") };
}
const tools = support();

const MTOOLS = { ...process.env, MTOOLS_SKIP_CHECK: "1" };
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A small system image of the artifact "diskfixture" (test/helpers/system-image.ts). */
function makeImage(work: string, name: string, options: SystemImageOptions = {}): string {
  return makeSystemImage(work, name, { artifact: "diskfixture", ...options });
}

/** The first `bytes` of a file. */
function head(path: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, buffer, 0, bytes, 0);
  } finally {
    closeSync(descriptor);
  }
  return buffer;
}

/** What would change if anything wrote a sparse disk file: its first 64 MiB and its allocated blocks. */
function fingerprint(path: string): string {
  return `${sha256(head(path, 64 * 1024 ** 2))} ${statSync(path).blocks} ${statSync(path).size}`;
}

function rawDisk(work: string, name: string, bytes: number): string {
  const path = join(work, name);
  writeFileSync(path, "");
  truncateSync(path, bytes);
  return path;
}

/** Runs `work` with the raw disk attached to a loop device with its partitions. */
function withLoop<T>(disk: string, work: (device: string) => T): T {
  const device = execFileSync("losetup", ["--find", "--show", "--partscan", disk], { encoding: "utf8" }).trim();
  // Where nothing like udev makes the partitions' device nodes, partx does.
  spawnSync("partx", ["-a", device]);
  try {
    return work(device);
  } finally {
    execFileSync("losetup", ["-d", device]);
  }
}

describe("gp install", skipFor(tools.available ? undefined : tools.reason), () => {
  let work: string;
  let image: string;
  const GIB = 1024 ** 3;

  beforeAll(() => {
    work = suiteDirectory("gp-install-disk-");
    image = makeImage(work, "good");
  });

  it("lays out an MBR disk as genpack does: an active FAT32 boot partition with the loaders, system.img, system.ini and system.cfg", async () => {
    const disk = rawDisk(work, "mbr.raw", 5 * GIB);
    const ini = join(work, "system.ini");
    writeFileSync(ini, "hostname=from-test\n");
    const result = await runGp(["install", image, "--disk", disk, "--system-ini", ini, "--json"], { cwd: work });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const summary = jsonLines(result.stdout).find((event) => event["type"] === "result");
    expect(summary).toMatchObject({ ok: true, table: "mbr", boots: ["uefi", "bios"], loaders: "gp" });

    const table = JSON.parse(execFileSync("sfdisk", ["-J", disk], { encoding: "utf8" })) as { partitiontable: { label: string; partitions: { start: number; size: number; type: string; bootable?: boolean }[] } };
    expect(table.partitiontable.label).toBe("dos");
    expect(table.partitiontable.partitions).toEqual([expect.objectContaining({ start: 2048, size: 8386560, type: "c", bootable: true })]);

    const fat = `${disk}@@1M`;
    const files = execFileSync("mdir", ["-/", "-b", "-i", fat, "::/"], { encoding: "utf8", env: MTOOLS }).split("\n").filter((line) => line !== "").sort();
    expect(files).toEqual(["::/boot/", "::/boot/grub/", "::/boot/grub/grub.cfg", "::/efi/", "::/efi/boot/", "::/efi/boot/bootx64.efi", "::/system-ini.html", "::/system.cfg", "::/system.img", "::/system.ini"]);
    const copied = execFileSync("mcopy", ["-n", "-i", fat, "::/system.img", "-"], { env: MTOOLS, maxBuffer: 1024 ** 3 });
    expect(sha256(copied)).toBe(sha256(readFileSync(image)));
    expect(sha256(copied)).toBe(summary?.["sha256"]);
    expect(execFileSync("mcopy", ["-n", "-i", fat, "::/system.ini", "-"], { encoding: "utf8", env: MTOOLS })).toBe("hostname=from-test\n");
    expect(execFileSync("mcopy", ["-n", "-i", fat, "::/system.cfg", "-"], { encoding: "utf8", env: MTOOLS })).toMatch(/^# system\.cfg/);

    // The EFI loader is an x86_64 PE binary; its script and the BIOS one are valid GRUB scripts.
    const efi = execFileSync("mcopy", ["-n", "-i", fat, "::/efi/boot/bootx64.efi", "-"], { env: MTOOLS, maxBuffer: 64 * 1024 ** 2 });
    expect(kernelArch(efi.subarray(0, 4096))).toBe("x86_64");
    const grubCfg = join(work, "grub.cfg");
    writeFileSync(grubCfg, execFileSync("mcopy", ["-n", "-i", fat, "::/boot/grub/grub.cfg", "-"], { env: MTOOLS }));
    expect(spawnSync("grub-script-check", [grubCfg], { encoding: "utf8" }).status).toBe(0);
    expect(readFileSync(grubCfg, "utf8")).toContain("root=systemimg:$BOOT_PARTITION_UUID");

    // GRUB's boot code in the MBR, the partition table and signature kept.
    const mbr = head(disk, 512);
    expect(mbr.subarray(0, 440).includes(Buffer.from("GRUB"))).toBe(true);
    expect(mbr.readUInt16LE(510)).toBe(0xaa55);
    const uuid = withLoop(disk, (device) => execFileSync("blkid", ["-p", "-s", "UUID", "-o", "value", `${device}p1`], { encoding: "utf8" }).trim());
    expect(summary?.["bootUuid"]).toBe(uuid);
  }, 120_000);

  it("makes GPT with a BIOS boot partition and a btrfs data partition labelled data-<boot UUID>", async () => {
    const disk = rawDisk(work, "gpt.raw", 6 * GIB);
    const result = await runGp(["install", image, "--disk", disk, "--gpt", "--data-partition", "--json"], { cwd: work });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const summary = jsonLines(result.stdout).find((event) => event["type"] === "result");
    const printed = execFileSync("sgdisk", ["-p", disk], { encoding: "utf8" });
    expect(printed).toMatch(/^\s+1\s+2048\s+8388607\s+4\.0 GiB\s+EF00\s+boot$/m);
    expect(printed).toMatch(/^\s+2\s+8388608\s+\d+\s+2\.0 GiB\s+8300\s+data$/m);
    expect(printed).toMatch(/^\s+3\s+34\s+2047\s+1007\.0 KiB\s+EF02\s+bios$/m);
    const data = withLoop(disk, (device) => execFileSync("blkid", ["-p", "-o", "export", `${device}p2`], { encoding: "utf8" }));
    expect(data).toContain("TYPE=btrfs");
    expect(data).toContain(`LABEL=data-${String(summary?.["bootUuid"])}`);
  }, 120_000);

  it("refuses bad images and unusable targets with a clear message and the code of its kind, writing nothing", async () => {
    const disk = rawDisk(work, "untouched.raw", 5 * GIB);
    writeFileSync(disk, Buffer.from("precious data"), { flag: "r+" });
    const before = fingerprint(disk);
    const truncated = join(work, "truncated.squashfs");
    writeFileSync(truncated, readFileSync(image).subarray(0, 200));
    const cases: [string[], CodeEntry, RegExp][] = [
      [[image, "--disk", work], codes.targetNotADisk, /is a directory; give a disk/],
      [[work, "--disk", disk], codes.notASystemImage, /is a directory; give the .squashfs file/],
      [[truncated, "--disk", disk], codes.imageDamaged, /is truncated: the SquashFS says it is \d+ bytes, the file has 200/],
      [[join(work, "system.ini"), "--disk", disk], codes.notASystemImage, /is not a system image: it does not start with the SquashFS magic number/],
      [[makeImage(work, "sparc", { arch: "sparc" }), "--disk", disk], codes.notASystemImage, /is for "sparc", which gp does not know/],
      [[makeImage(work, "mixed", { arch: "aarch64", kernelFor: "x86_64" }), "--disk", disk], codes.imageDamaged, /says it is for aarch64, but its kernel \(\/boot\/kernel-6\.1\.0\) is built for x86_64/],
      [[image, "--disk", rawDisk(work, "small.raw", 1 * GIB)], codes.targetTooSmall, /is too small: the disk is 1\.00 GiB, and this image needs at least 4\.00 GiB/],
      [[image, "--disk", rawDisk(work, "tiny.raw", 1024 ** 2)], codes.targetTooSmall, /tiny\.raw is 1048576 bytes; a disk image must be larger/],
      [[image, "--disk", disk, "--system-ini", join(work, "missing.ini")], codes.notAFile, /missing\.ini does not exist/],
      [[image, "--disk", disk, "--data-partition=lots"], codes.installRefused, /--data-partition=lots is not a size/],
      [[image, "--disk", join(work, "absent.raw")], codes.targetNotFound, /absent\.raw does not exist/],
      [[image, "--disk", "/dev/null"], codes.targetNotADisk, /\/dev\/null is neither a block device nor a regular file/],
    ];
    for (const [args, code, message] of cases) {
      const result = await runGp(["install", ...args], { cwd: work });
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.stderr, args.join(" ")).toContain(`error ${code.code}: `);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(fingerprint(disk)).toBe(before);
    expect(execFileSync("losetup", ["-a"], { encoding: "utf8" })).not.toContain(work);
  }, 120_000);

  it("makes a hybrid ISO: the files at its root, El Torito entries for BIOS and UEFI, the EFI image as a partition", async () => {
    const iso = join(work, "out.iso");
    writeFileSync(iso, "an older ISO\n");
    const result = await runGp(["install", image, "--iso", iso, "--label", "FIXTURE", "--json"], { cwd: work });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(jsonLines(result.stdout).find((event) => event["type"] === "result")).toMatchObject({ ok: true, boots: ["uefi", "bios"] });
    const listing = execFileSync("xorriso", ["-indev", iso, "-find", "/", "-type", "f"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    for (const file of ["/system.img", "/system.ini", "/system.cfg", "/boot/grub/grub.cfg", "/boot/grub/i386-pc/eltorito.img", "/efi.img"]) expect(listing).toContain(`'${file}'`);
    const boot = execFileSync("xorriso", ["-indev", iso, "-report_el_torito", "plain"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(boot).toMatch(/El Torito boot img :\s+1\s+BIOS\s+y/);
    expect(boot).toMatch(/El Torito boot img :\s+2\s+UEFI\s+y/);
    expect(execFileSync("xorriso", ["-indev", iso, "-pvd_info"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })).toMatch(/Volume Id\s*:\s*FIXTURE/);
    const extracted = join(work, "from-iso.img");
    execFileSync("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/system.img", extracted], { stdio: "ignore" });
    expect(sha256(readFileSync(extracted))).toBe(sha256(readFileSync(image)));
    // Written to a USB stick, BIOS finds GRUB's hybrid MBR and UEFI finds the EFI System partition.
    expect(head(iso, 512).readUInt16LE(510)).toBe(0xaa55);
    expect(execFileSync("sfdisk", ["-l", iso], { encoding: "utf8" })).toMatch(/EFI System/);
  }, 120_000);

  it.each([[""], ["yesterday"]])("makes an ISO when SOURCE_DATE_EPOCH is %j, which gp ignores as the specification says and xorriso would refuse", async (epoch) => {
    const iso = join(work, "epoch.iso");
    const result = await runGp(["install", image, "--iso", iso, "--json"], { cwd: work, env: { SOURCE_DATE_EPOCH: epoch } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(jsonLines(result.stdout).find((event) => event["type"] === "result")).toMatchObject({ ok: true });
  }, 120_000);

  it("makes a ZIP of the boot partition's files, with the EFI loader", async () => {
    const zip = join(work, "out.zip");
    const result = await runGp(["install", image, "--zip", zip], { cwd: work });
    expect(result.exitCode, result.stderr).toBe(0);
    const names = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).split("\n").filter((line) => line !== "").sort();
    expect(names).toEqual(["efi/", "efi/boot/", "efi/boot/bootx64.efi", "system-ini.html", "system.cfg", "system.img", "system.ini"]);
    expect(sha256(execFileSync("unzip", ["-p", zip, "system.img"], { maxBuffer: 1024 ** 3 }))).toBe(sha256(readFileSync(image)));
  }, 120_000);

  it("checks the image's signature before writing a disk, an ISO or a ZIP: a bad one leaves every target untouched, a good one installs", { ...skipFor(signingToolsMissing()), timeout: 240_000 }, async () => {
    const keys = makeSigningKeys(temporaryDirectory("gp-keys-"));
    const signed = join(temporaryDirectory("gp-signed-"), "signed.squashfs");
    copyFileSync(image, signed);
    execFileSync("gpg", ["--homedir", keys.gnupgHome, "--batch", "--local-user", "release@example.org", "--armor", "--output", `${signed}.sig`, "--detach-sign", signed], { stdio: "ignore" });
    const tampered = join(temporaryDirectory("gp-tampered-"), "signed.squashfs");
    const bytes = readFileSync(signed);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    writeFileSync(tampered, bytes);
    copyFileSync(`${signed}.sig`, `${tampered}.sig`);
    const disk = rawDisk(work, "signed.raw", 5 * GIB);
    const before = fingerprint(disk);
    const zip = join(work, "signed.zip");
    const iso = join(work, "signed.iso");
    const cases: [string[], CodeEntry, RegExp][] = [
      [[tampered, "--signed-by", keys.openpgp.release], codes.signatureBad, /does not match .*signed\.squashfs: the image, or the signature, was changed/],
      [[signed, "--signed-by", keys.openpgp.other], codes.signedByOtherKey, /which .*other\.asc does not hold/],
      [[signed, "--signed-by", `${keys.ssh.release}.pub`], codes.signatureKindMismatch, /is an OpenPGP signature, but .* holds SSH keys/],
      [[signed, "--signed-by", keys.openpgp.release, "--signature", join(work, "absent.sig")], codes.signatureMissing, /absent\.sig does not exist/],
    ];
    for (const [args, code, message] of cases) {
      const result = await runGp(["install", ...args, "--disk", disk, "--zip", zip, "--iso", iso], { cwd: work });
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.stderr, args.join(" ")).toContain(`error ${code.code}: `);
      expect(fingerprint(disk)).toBe(before);
      expect(existsSync(zip) || existsSync(iso)).toBe(false);
    }
    expect(readdirSync(work).filter((name) => name.startsWith("signed.zip") || name.startsWith("signed.iso"))).toEqual([]);
    const accepted = await runGp(["install", signed, "--signed-by", keys.openpgp.release, "--disk", disk, "--zip", zip, "--json"], { cwd: work });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    const events = jsonLines(accepted.stdout);
    expect(events.filter((event) => event["type"] === "step").map((event) => event["step"])[0]).toBe("checking the image's signature");
    expect(fingerprint(disk)).not.toBe(before);
    expect(sha256(execFileSync("unzip", ["-p", zip, "system.img"], { maxBuffer: 1024 ** 3 }))).toBe(sha256(readFileSync(signed)));
  });

  it("leaves an earlier ISO as it was when the new one cannot be made", async () => {
    const iso = join(work, "kept.iso");
    writeFileSync(iso, "an older ISO\n");
    const result = await runGp(["install", join(work, "system.ini"), "--iso", iso], { cwd: work });
    expect(result.exitCode).toBe(1);
    expect(readFileSync(iso, "utf8")).toBe("an older ISO\n");
  });

  it("asks before writing a block device, refusing without a terminal unless --yes", async () => {
    const disk = rawDisk(work, "block.raw", 5 * GIB);
    const before = fingerprint(disk);
    const device = execFileSync("losetup", ["--find", "--show", disk], { encoding: "utf8" }).trim();
    try {
      const refused = await runGp(["install", image, "--disk", device], { cwd: work });
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`All data on ${device} will be lost`));
      expect(refused.stderr).toMatch(/There is no terminal to answer on; give --yes/);
      expect(refused.stderr).toContain(`error ${codes.installNotConfirmed.code}: Nothing was written.`);
      expect(fingerprint(disk)).toBe(before);
      const accepted = await runGp(["install", image, "--disk", device, "--yes"], { cwd: work });
      expect(accepted.exitCode, accepted.stderr).toBe(0);
    } finally {
      execFileSync("losetup", ["-d", device]);
    }
    expect(execFileSync("sfdisk", ["-J", disk], { encoding: "utf8" })).toContain('"type": "c"');
  }, 120_000);

  it("names the programs it lacks before touching anything", async () => {
    const disk = rawDisk(work, "tools.raw", 5 * GIB);
    const before = fingerprint(disk);
    const result = await runGp(["install", image, "--disk", disk], { cwd: work, env: { PATH: "/usr/bin:/bin" } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/gp install --disk needs these programs, which are not installed: .*losetup \(Debian: util-linux\).*mkfs\.vfat \(Debian: dosfstools\)/);
    expect(result.stderr).toContain(`error ${codes.installToolMissing.code}: `);
    expect(fingerprint(disk)).toBe(before);
  });
});

describe("gp install's system.ini and system.cfg", () => {
  it("are read before anything else, and a FIFO or directory given is named at once", { timeout: 20_000 }, async () => {
    const work = temporaryDirectory();
    execFileSync("mkfifo", [join(work, "system.ini")]);
    mkdirSync(join(work, "system.cfg"));
    const image = join(work, "absent.squashfs");
    for (const [option, what] of [
      ["--system-ini", "system.ini is a FIFO, not a file"],
      ["--system-cfg", "system.cfg is a directory, not a file"],
    ] as const) {
      const result = await runGp(["install", image, "--zip", join(work, "out.zip"), option, join(work, option.slice(2).replace("-", "."))], { cwd: work });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`${option} ${join(work, what)}`);
    }
    expect(readdirSync(work).sort()).toEqual(["system.cfg", "system.ini"]);
  });

  describe("with the system.ini schema the image carries", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "system.ini of greeterbox",
      type: "object",
      properties: {
        _default: { type: "object", properties: { hostname: { type: "string", description: "The host name", "x-gp-kind": "hostname" } } },
        greeter: { type: "object", properties: { greeting: { type: "string", description: "What the console says", default: "hello", "x-gp-kind": "string" } } },
      },
      "x-gp-image": { name: "greeterbox" },
      "x-gp-values": { greeter: { greeting: "welcome aboard" } },
    };
    const GIB = 1024 ** 3;
    let work: string;
    let schemaImage: string;
    beforeAll(() => {
      work = suiteDirectory("gp-install-system-ini-");
      schemaImage = makeImage(work, "greeterbox", { artifact: "greeterbox", systemIniSchema: schema });
    });

    it("refuses a system.ini with a misspelled key before the disk, the ISO or the ZIP is written, naming it at FILE:line:col", async () => {
      const disk = rawDisk(work, "refused.raw", 5 * GIB);
      const before = fingerprint(disk);
      const ini = join(work, "misspelled.ini");
      writeFileSync(ini, "# the owner's file\nhostname=box\n\n[greeter]\ngreating=hi\n");
      const result = await runGp(["install", schemaImage, "--disk", disk, "--iso", join(work, "refused.iso"), "--zip", join(work, "refused.zip"), "--system-ini", ini], { cwd: work });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("GP8118");
      expect(result.stderr).toMatch(/misspelled\.ini:5:1 - error GP8107/);
      expect(result.stderr).toContain("Did you mean `greeting`?");
      expect(result.stderr).toContain("greeting");
      expect(result.stderr).toContain("wrote nothing");
      expect(fingerprint(disk)).toBe(before);
      expect(readdirSync(work).filter((name) => name.startsWith("refused."))).toEqual(["refused.raw"]);
    }, 120_000);

    it("writes the image's own system.ini with the blueprint's values when given none, and the form beside it; warnings do not stop it", async () => {
      const zip = join(work, "defaults.zip");
      const result = await runGp(["install", schemaImage, "--zip", zip], { cwd: work });
      expect(result.exitCode, result.stderr).toBe(0);
      const written = execFileSync("unzip", ["-p", zip, "system.ini"], { encoding: "utf8" });
      expect(written).toMatch(/^\[greeter\]$/m);
      expect(written).toMatch(/^greeting = welcome aboard$/m);
      expect(written).toMatch(/^# hostname =$/m);
      const form = execFileSync("unzip", ["-p", zip, "system-ini.html"], { encoding: "utf8" });
      expect(form).toMatch(/^<!doctype html>/i);
      expect(form).toContain("What the console says");

      const ini = join(work, "warned.ini");
      writeFileSync(ini, "hostname=box\nsomething_else=1\n");
      const warned = await runGp(["install", schemaImage, "--zip", join(work, "warned.zip"), "--system-ini", ini], { cwd: work });
      expect(warned.exitCode, warned.stderr).toBe(0);
      expect(warned.stderr).toMatch(/warned\.ini:2:1 - warning GP8108/);
      expect(execFileSync("unzip", ["-p", join(work, "warned.zip"), "system.ini"], { encoding: "utf8" })).toBe("hostname=box\nsomething_else=1\n");
    }, 120_000);
  });
});
