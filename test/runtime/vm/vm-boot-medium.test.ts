import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, parseBootReport, startGpVm, type BootImage } from "../../fixtures/boot/index.js";
import { runGp } from "../../helpers/gp.js";
import { GUEST_CONCURRENCY, mapConcurrently } from "../../helpers/parallel.js";
import { skipFor } from "../../helpers/skip.js";
import { testVmName } from "../../helpers/test-vms.js";
import { suiteDirectory } from "../../helpers/temp.js";

/**
 * `gp vm run DISK.raw` and `gp vm run --cdrom ISO` with real QEMU: what gp install wrote from the
 * boot fixture's image, booted by the firmware through GRUB; the fixture's initramfs finds its
 * boot medium by the UUID GRUB passes, reads system.ini there, prints GP-BOOT-OK and powers off.
 */
const support = bootSupport();
const rootNeeded = process.getuid?.() === 0 ? "" : "gp install --disk needs root";
if (rootNeeded !== "" && process.env["CI"] === "true") throw new Error(`CI must be able to run the boot tests, but ${rootNeeded}`);
const available = support.available && rootNeeded === "";
const reason = [support.reason, rootNeeded].filter((text) => text !== "").join("; ");

describe("gp vm run of what gp install wrote", skipFor(available ? undefined : reason), () => {
  let work: string;
  let image: BootImage;
  let disk: string;
  let iso: string;

  async function install(args: readonly string[], host: string): Promise<void> {
    const ini = join(work, `${host}.ini`);
    writeFileSync(ini, `hostname=${host}\n`);
    const result = await runGp(["install", image.path, ...args, "--system-ini", ini], { cwd: work });
    if (result.exitCode !== 0) throw new Error(`gp install ${args.join(" ")} failed:\n${result.stderr}`);
  }

  beforeAll(async () => {
    work = suiteDirectory("gp-vm-medium-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "mediumfixture" });
    disk = join(work, "disk.raw");
    writeFileSync(disk, "");
    truncateSync(disk, 5 * 1024 ** 3);
    iso = join(work, "system.iso");
    await install(["--disk", disk], "disk-host");
    await install(["--iso", iso], "iso-host");
  }, 600_000);

  it("boots the disk through OVMF and the ISO from a CD through SeaBIOS", async () => {
    const ways = [
      { label: "disk", image: disk, extra: ["--uefi"], host: "disk-host" },
      { label: "cdrom", extra: ["--cdrom", iso], host: "iso-host" },
    ];
    const reports = await mapConcurrently(ways, GUEST_CONCURRENCY, async (way) => {
      const vm = startGpVm({ ...(way.image === undefined ? {} : { image: way.image }), name: testVmName(way.label), memory: "512", extraArguments: ["--net", "none", ...way.extra] });
      try {
        const line = await vm.waitFor(/^GP-BOOT-(OK|FAIL) /, 240_000);
        // The fixture powers off after its report, which ends QEMU and gp vm run with it.
        expect(await vm.waitForExit(60_000)).toEqual({ code: 0, signal: null });
        return parseBootReport(line);
      } finally {
        await vm.kill();
      }
    });
    expect(reports).toEqual([
      expect.objectContaining({ hostname: "disk-host", image: "mediumfixture" }),
      expect.objectContaining({ hostname: "iso-host", image: "mediumfixture" }),
    ]);
  }, 600_000);

  it("refuses what only a system image takes, and an ISO given as a disk, starting nothing", async () => {
    const ini = join(work, "disk-host.ini");
    const cases: [string[], string][] = [
      [[disk, "--system-ini", ini], `error GP9007: ${disk} is a disk, booted by its firmware, its system.ini is the one gp install wrote to its boot partition`],
      [[disk, "--append", "quiet"], `error GP9007: ${disk} is a disk, booted by its firmware, its boot loader makes the kernel command line`],
      [[iso], `error GP9007: ${iso} is an ISO image; boot it from a CD drive with --cdrom ${iso}`],
      [["--cdrom", disk], `error GP9008: --cdrom ${disk} is not an ISO 9660 image`],
      [[image.path, "--cdrom", iso], `error GP9007: --cdrom boots through the firmware, and ${image.path} is not a disk gp install --disk wrote`],
      [[], "error GP9007: give a system image, a disk gp install --disk wrote, or --cdrom ISO"],
    ];
    for (const [args, message] of cases) {
      const result = await runGp(["vm", "run", ...args, "--name", testVmName("refused"), "--accel", "tcg", "--detach"]);
      if (result.exitCode === 0) await runGp(["vm", "stop", "--force", testVmName("refused")]);
      expect({ args, exitCode: result.exitCode, said: result.stderr.includes(message) }, result.stderr).toEqual({ args, exitCode: 1, said: true });
    }
  }, 120_000);
});
