import { writeFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runGp } from "../../helpers/gp.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { bootInQemu, bootSupport, CMDLINE_MARKER, findMarkerLine, GUEST_KERNEL_ARGUMENTS, makeBootImage, writeGuestSystemCfg, type BootImage, type BootOptions } from "../../fixtures/boot/index.js";
import { skipFor } from "../../helpers/skip.js";
import { GUEST_CONCURRENCY, mapConcurrently } from "../../helpers/parallel.js";

/**
 * What `gp install` writes, booted for real: a system image with a Debian kernel and an
 * initramfs that finds the boot medium by the UUID GRUB passes (`root=systemimg:<UUID>`), reads
 * `system.ini` and reports on the serial console, under QEMU (software emulation) with OVMF for
 * UEFI and SeaBIOS for BIOS. Disks are attached as snapshots, so one install serves several boots,
 * side by side. Each install gets a system.cfg with the guest's kernel arguments, which each boot
 * shows reached the kernel beside the console and panic arguments GRUB adds itself.
 */
const support = bootSupport();
const rootNeeded = process.getuid?.() === 0 ? "" : "gp install --disk needs root";
if (rootNeeded !== "" && process.env["CI"] === "true") throw new Error(`CI must be able to run the boot tests, but ${rootNeeded}`);
const available = support.available && rootNeeded === "";
const reason = [support.reason, rootNeeded].filter((text) => text !== "").join("; ");

describe("booting what gp install wrote", skipFor(available ? undefined : reason), () => {
  let work: string;
  let image: BootImage;
  const disks = new Map<string, string>();
  let iso: string;
  let systemCfg: string;

  async function install(name: string, args: string[]): Promise<string> {
    const disk = join(work, `${name}.raw`);
    writeFileSync(disk, "");
    truncateSync(disk, 5 * 1024 ** 3);
    const ini = join(work, `${name}.ini`);
    writeFileSync(ini, `hostname=${name}-host\n`);
    const result = await runGp(["install", image.path, "--disk", disk, "--system-ini", ini, "--system-cfg", systemCfg, ...args], { cwd: work });
    if (result.exitCode !== 0) throw new Error(`gp install failed:\n${result.stderr}`);
    return disk;
  }

  async function boots(options: BootOptions, host: string): Promise<number> {
    const result = await bootInQemu(options);
    expect(result.report, `${JSON.stringify(options)}: no boot report; the console said:\n${result.output.slice(-3000)}`).toMatchObject({ hostname: host, image: "bootfixture" });
    const cmdline = (findMarkerLine(result.output, CMDLINE_MARKER) ?? "").split(" ");
    expect(cmdline, JSON.stringify(options)).toEqual(expect.arrayContaining([...GUEST_KERNEL_ARGUMENTS, "panic=30", "console=ttyS0,115200n8r", "console=tty0"]));
    return result.seconds;
  }

  /** Boots each of `ways` at the same time, one guest per core. */
  const bootsEach = (ways: readonly BootOptions[], host: string) => mapConcurrently(ways, GUEST_CONCURRENCY, (options) => boots(options, host));

  beforeAll(async () => {
    work = suiteDirectory("gp-boot-");
    systemCfg = writeGuestSystemCfg(work);
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "bootfixture" });
    disks.set("mbr", await install("mbr", []));
    disks.set("gpt", await install("gpt", ["--gpt"]));
    iso = join(work, "system.iso");
    const ini = join(work, "iso.ini");
    writeFileSync(ini, "hostname=iso-host\n");
    const made = await runGp(["install", image.path, "--iso", iso, "--system-ini", ini, "--system-cfg", systemCfg], { cwd: work });
    if (made.exitCode !== 0) throw new Error(`gp install --iso failed:\n${made.stderr}`);
  }, 600_000);

  it("boots an MBR disk on UEFI and on BIOS", async () => {
    await bootsEach([{ disk: disks.get("mbr") as string, firmware: "uefi" }, { disk: disks.get("mbr") as string, firmware: "bios" }], "mbr-host");
  }, 600_000);

  it("boots a GPT disk on UEFI, and on BIOS through its BIOS boot partition", async () => {
    await bootsEach([{ disk: disks.get("gpt") as string, firmware: "uefi" }, { disk: disks.get("gpt") as string, firmware: "bios", machine: "pc" }], "gpt-host");
  }, 600_000);

  it("boots the ISO from a CD on BIOS and UEFI, and written to a USB stick on both", async () => {
    await bootsEach(
      [
        { iso, isoAs: "cdrom", firmware: "bios", machine: "pc" },
        { iso, isoAs: "cdrom", firmware: "uefi" },
        { iso, isoAs: "disk", firmware: "bios" },
        { iso, isoAs: "disk", firmware: "uefi" },
      ],
      "iso-host",
    );
  }, 900_000);
});
