import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasCommand, run } from "../../host/exec.js";
import type { PhaseReport } from "../report/reporter.js";
import { installBiosBootCode, grubBiosSetupCommand } from "./bios-setup.js";
import { ARCH_FACTS } from "../../genpack/arch.js";
import { bootLoaders, forgetImageLoaders } from "./boot-loaders.js";
import { planDisk, type DiskPlan } from "./disk-plan.js";
import { openDiskTarget, type DiskTarget } from "./disk-target.js";
import { hashFile } from "../inputs/hash.js";
import { dropCaches, durableCopy, flushDevice } from "./durable-copy.js";
import { FatVolume } from "./fat-volume.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import { defaultSystemCfg } from "./system-files.js";
import type { SystemImage } from "./system-image.js";

export interface DiskInstallRequest {
  readonly image: SystemImage;
  readonly target: string;
  /** The system.ini to write, checked against the image before anything is written (runtime/system-ini/admit-system-ini.ts). */
  readonly systemIni: Uint8Array;
  /** system-ini.html, the form made from the image's settings, written beside it. */
  readonly systemIniForm: Uint8Array;
  /** The content of system.cfg; else an empty default. */
  readonly systemCfg?: Uint8Array;
  readonly label?: string;
  readonly gpt: boolean;
  readonly dataPartition?: "rest" | number;
  readonly cacheDir: string;
  readonly report: PhaseReport;
  /** Asked before a block device is written; false stops the install with nothing written. */
  readonly confirm: (question: string) => Promise<boolean>;
  readonly signal?: AbortSignal;
}

export interface DiskInstallResult {
  readonly device: string;
  readonly plan: DiskPlan;
  readonly bootUuid: string;
  readonly loaders: "image" | "gp";
  readonly bios: boolean;
  readonly sha256: string;
}

const TOOLS: readonly (readonly [string, string])[] = [
  ["lsblk", "util-linux"],
  ["losetup", "util-linux"],
  ["wipefs", "util-linux"],
  ["blkid", "util-linux"],
  ["mount", "mount"],
  ["mkfs.vfat", "dosfstools"],
  ["mcopy", "mtools"],
  ["blockdev", "util-linux"],
];

/** The programs an install needs, checked before the target is even opened; `plan` adds the table's and the data partition's. */
async function missingTools(plan?: DiskPlan): Promise<string[]> {
  const needed: (readonly [string, string])[] = [...TOOLS, ["partx", "util-linux"], ["lsblk", "util-linux"]];
  if (plan !== undefined) {
    needed.push(plan.table === "mbr" ? ["sfdisk", "fdisk"] : ["sgdisk", "gdisk"]);
    if (plan.data !== undefined) needed.push(["mkfs.btrfs", "btrfs-progs"]);
  }
  const missing: string[] = [];
  for (const [tool, debianPackage] of needed) if (!(await hasCommand(tool))) missing.push(`${tool} (Debian: ${debianPackage})`);
  return missing;
}

/** An MBR or GPT table for the plan; GPT gets a BIOS boot partition in the gap below 1 MiB, so BIOS GRUB works there too. */
async function partition(target: DiskTarget, plan: DiskPlan, stop: { signal?: AbortSignal }): Promise<void> {
  const sector = target.logicalSectorSize;
  const sectors = (bytes: number) => Math.floor(bytes / sector);
  if (plan.table === "mbr") {
    // genpack marks the boot partition as an EFI System Partition (0xEF) when there is a data
    // partition, else as FAT32 (LBA); it is active either way, for BIOSes that look.
    const lines = ["label: dos", `start=${sectors(plan.boot.start)}, size=${sectors(plan.boot.size)}, type=${plan.data === undefined ? "c" : "ef"}, bootable`];
    if (plan.data !== undefined) lines.push(`start=${sectors(plan.data.start)}, size=${sectors(plan.data.size)}, type=83`);
    await run("sfdisk", ["--quiet", "--wipe", "always", target.device], { input: `${lines.join("\n")}\n`, captureOnly: true, ...stop });
  } else {
    const args = ["--zap-all", "--clear", `--new=1:${sectors(plan.boot.start)}:${sectors(plan.boot.start + plan.boot.size) - 1}`, "--typecode=1:EF00", "--change-name=1:boot"];
    if (plan.data !== undefined) args.push(`--new=2:${sectors(plan.data.start)}:${sectors(plan.data.start + plan.data.size) - 1}`, "--typecode=2:8300", "--change-name=2:data");
    if (sector === 512) args.push("--set-alignment=1", "--new=3:34:2047", "--typecode=3:EF02", "--change-name=3:bios");
    await run("sgdisk", [...args, target.device], { captureOnly: true, ...stop });
  }
  await run("partx", ["-u", target.device], { captureOnly: true, allowFailure: true });
  await run("udevadm", ["settle"], { captureOnly: true, allowFailure: true });
  for (let waited = 0; !existsSync(target.partition(1)); waited += 100) {
    if (waited > 10_000) throw new InstallProblem(codes.partitionMissing, `The boot partition ${target.partition(1)} did not appear after partitioning ${target.device}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function mounted<T>(device: string, type: string, work: (directory: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(join(tmpdir(), "gp-install-"));
  await run("mount", ["-t", type, device, directory], { captureOnly: true });
  try {
    return await work(directory);
  } finally {
    await run("umount", [directory], { captureOnly: true, allowFailure: true });
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * `gp install IMAGE --disk TARGET`: checks the image and the target, plans the partitions by
 * genpack's rule, asks before a block device is written, then partitions, formats the FAT32 boot
 * partition (and the btrfs data partition labelled `data-<UUID>`), installs the EFI loader and,
 * with an MBR or GPT BIOS boot partition, GRUB for BIOS, and copies `system.img` (read back and
 * compared), `system.ini` with the form `system-ini.html`, and `system.cfg`. Nothing is written before every check has passed.
 */
export async function installToDisk(request: DiskInstallRequest): Promise<DiskInstallResult> {
  const { image, report } = request;
  const stop = request.signal === undefined ? {} : { signal: request.signal };
  const missingBefore = await missingTools();
  if (missingBefore.length > 0) throw new InstallProblem(codes.installToolMissing, `gp install --disk needs these programs, which are not installed: ${missingBefore.join(", ")}.`);
  const target = await openDiskTarget(request.target);
  try {
    const planned = planDisk({ diskBytes: target.bytes, logicalSectorSize: target.logicalSectorSize, imageBytes: image.size, forceGpt: request.gpt, ...(request.dataPartition === undefined ? {} : { dataPartition: request.dataPartition }) });
    if ("problem" in planned) throw new InstallProblem(planned.needsDataPartition === true ? codes.imageTooLargeForFat32 : codes.targetTooSmall, `${request.target} is too small: ${planned.problem}.`);
    const plan = planned;
    const missing = await missingTools(plan);
    if (missing.length > 0) throw new InstallProblem(codes.installToolMissing, `gp install --disk needs these programs, which are not installed: ${missing.join(", ")}.`);
    const bios = ARCH_FACTS[image.arch].bios !== undefined;
    const loaders = await bootLoaders(image, { cacheDir: request.cacheDir, table: plan.table, bios, ...(request.signal === undefined ? {} : { signal: request.signal }) });
    const biosSetup = loaders.bios === undefined ? undefined : await grubBiosSetupCommand();
    if (loaders.bios !== undefined && biosSetup === undefined && plan.table === "mbr") report.warn("grub-bios-setup is not installed (Debian: grub-pc-bin); the disk will boot on UEFI only.");

    if (target.kind === "block") {
      const yes = await request.confirm(`All data on ${request.target} will be lost: it gets ${image.artifact}${image.variant === undefined ? "" : ` (${image.variant})`} for ${image.arch}. Go on?`);
      if (!yes) throw new InstallProblem(codes.installNotConfirmed, "Nothing was written.");
    }

    report.step(`partitioning ${target.device} (${plan.table === "mbr" ? "MBR" : "GPT"})`);
    await run("wipefs", ["--all", "--quiet", target.device], { captureOnly: true, ...stop });
    await partition(target, plan, stop);
    const boot = target.partition(1);
    report.step("formatting the boot partition (FAT32)");
    await run("mkfs.vfat", ["-F", "32", "-s", "32", ...(request.label === undefined ? [] : ["-n", request.label]), boot], { captureOnly: true, ...stop });
    const bootUuid = (await run("blkid", ["-p", "-s", "UUID", "-o", "value", boot], { captureOnly: true, ...stop })).stdout.trim();
    if (plan.data !== undefined) {
      report.step(`formatting the data partition (btrfs, label data-${bootUuid})`);
      await run("mkfs.btrfs", ["-q", "-f", "-L", `data-${bootUuid}`, target.partition(2)], { captureOnly: true, ...stop });
    }

    // The FAT is written with mtools, from user space: no mount, so nothing depends on the
    // host kernel's vfat and nothing is left mounted if gp is stopped.
    const fat = new FatVolume(boot, request.signal);
    report.step("installing the boot loaders");
    await fat.makeDirectories(["/efi", "/efi/boot", ...(loaders.bios === undefined ? [] : ["/boot", "/boot/grub"])]);
    for (const [name, file] of loaders.efi) await fat.copyIn(file, `/efi/boot/${name}`);
    if (loaders.bios !== undefined) await fat.copyIn(loaders.bios.grubCfg, "/boot/grub/grub.cfg");
    await fat.writeFile("/system.ini", request.systemIni);
    await fat.writeFile("/system-ini.html", request.systemIniForm);
    await fat.writeFile("/system.cfg", request.systemCfg === undefined ? defaultSystemCfg() : request.systemCfg);
    let sha256: string;
    if (plan.imageOn === "boot") {
      report.step("copying the system image");
      sha256 = await hashFile(image.path, "sha256");
      await fat.copyIn(image.path, "/system.img");
    } else {
      sha256 = await mounted(target.partition(2), "btrfs", async (directory) => {
        report.step("copying the system image to the data partition");
        return durableCopy(image.path, join(directory, "system"), (done) => report.progress("system", done, image.size));
      });
    }
    await flushDevice(target.device);

    if (loaders.bios !== undefined && biosSetup !== undefined) {
      report.step("installing GRUB for BIOS");
      await installBiosBootCode(biosSetup, loaders.bios.directory, target.device);
    }

    report.step("reading the system image back");
    await dropCaches(boot);
    await dropCaches(target.device);
    const readBack = plan.imageOn === "boot" ? await fat.sha256("/system.img") : await mounted(target.partition(2), "btrfs", async (directory) => hashFile(join(directory, "system"), "sha256"));
    if (readBack !== sha256) throw new InstallProblem(codes.readBackMismatch, `The system image read back from ${request.target} differs from ${image.path} (SHA-256 ${readBack}, expected ${sha256}). The disk may be failing.`);
    await run("sync", [], { captureOnly: true, ...stop });
    return { device: target.device, plan, bootUuid, loaders: loaders.source, bios: loaders.bios !== undefined && biosSetup !== undefined, sha256 };
  } finally {
    await target.release();
    forgetImageLoaders(request.cacheDir);
  }
}
