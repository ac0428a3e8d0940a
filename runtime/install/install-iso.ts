import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hasCommand, run } from "../../host/exec.js";
import type { PhaseReport } from "../report/reporter.js";
import { ARCH_FACTS } from "../../genpack/arch.js";
import { bootLoaders, forgetImageLoaders, GRUB_LIBRARY } from "./boot-loaders.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import { defaultSystemCfg } from "./system-files.js";
import type { SystemImage } from "./system-image.js";
import { sourceDateEpochForTools } from "../source-date-epoch.js";

export interface IsoRequest {
  readonly image: SystemImage;
  readonly output: string;
  /** The system.ini to write, checked against the image before anything is written (runtime/system-ini/admit-system-ini.ts). */
  readonly systemIni: Uint8Array;
  /** system-ini.html, the form made from the image's settings, written beside it. */
  readonly systemIniForm: Uint8Array;
  /** The content of system.cfg; else an empty default. */
  readonly systemCfg?: Uint8Array;
  readonly label?: string;
  readonly cacheDir: string;
  readonly report: PhaseReport;
  readonly signal?: AbortSignal;
}

/**
 * `gp install IMAGE --iso FILE`: an ISO 9660 image with Rock Ridge and Joliet holding
 * `system.img`, `system.ini` (with the form `system-ini.html`) and `system.cfg` at its root, bootable from a CD by BIOS (El Torito,
 * GRUB's eltorito image) and UEFI (an El Torito EFI System image with the loader), and hybrid:
 * written to a USB stick it boots by BIOS through GRUB's hybrid MBR and by UEFI through the EFI
 * image exposed as a partition. Written beside the output and renamed over it only when complete,
 * so a failure leaves an earlier ISO as it was. An ISO boots transient: it has no data partition.
 */
export async function installToIso(request: IsoRequest): Promise<{ readonly output: string; readonly size: number; readonly bios: boolean }> {
  const { image, report } = request;
  const output = resolve(request.output);
  if (existsSync(output) && statSync(output).isDirectory()) throw new InstallProblem(codes.outputFileUnusable, `${request.output} is a directory; give the ISO file to write.`);
  if (!existsSync(dirname(output))) throw new InstallProblem(codes.outputFileUnusable, `${dirname(output)} does not exist.`);
  if (resolve(image.path) === output) throw new InstallProblem(codes.outputFileUnusable, "The ISO would overwrite the image it is made from.");
  const missing: string[] = [];
  for (const [tool, debianPackage] of [["xorriso", "xorriso"], ["mkfs.vfat", "dosfstools"], ["mcopy", "mtools"]] as const) if (!(await hasCommand(tool))) missing.push(`${tool} (Debian: ${debianPackage})`);
  if (missing.length > 0) throw new InstallProblem(codes.installToolMissing, `gp install --iso needs these programs, which are not installed: ${missing.join(", ")}.`);

  const biosPlatform = ARCH_FACTS[image.arch].bios?.grubPlatform;
  // GRUB's MBR code for ISOs written to a USB stick and booted by a BIOS.
  const hybridMbr = biosPlatform === undefined ? undefined : join(GRUB_LIBRARY, biosPlatform, "boot_hybrid.img");
  const bios = hybridMbr !== undefined && existsSync(hybridMbr);
  const loaders = await bootLoaders(image, { cacheDir: request.cacheDir, table: "mbr", bios, ...(request.signal === undefined ? {} : { signal: request.signal }) });
  const scratch = mkdtempSync(join(dirname(output), ".gp-iso-"));
  const temporary = join(scratch, "out.iso");
  try {
    report.step("making the EFI boot image");
    const efiImage = join(scratch, "efi.img");
    const efiBytes = [...loaders.efi.values()].reduce((sum, file) => sum + statSync(file).size, 0);
    const kib = Math.ceil((efiBytes + 2 * 1024 ** 2) / 1024 / 1024) * 1024;
    await run("mkfs.vfat", ["-C", efiImage, String(kib)], { captureOnly: true });
    const mtools = { MTOOLS_SKIP_CHECK: "1" };
    await run("mmd", ["-i", efiImage, "::/EFI", "::/EFI/BOOT"], { captureOnly: true, env: mtools });
    for (const [name, file] of loaders.efi) await run("mcopy", ["-i", efiImage, file, `::/EFI/BOOT/${name.toUpperCase()}`], { captureOnly: true, env: mtools });

    const systemIni = join(scratch, "system.ini");
    writeFileSync(systemIni, request.systemIni);
    const systemIniForm = join(scratch, "system-ini.html");
    writeFileSync(systemIniForm, request.systemIniForm);
    const systemCfg = join(scratch, "system.cfg");
    writeFileSync(systemCfg, request.systemCfg === undefined ? defaultSystemCfg() : request.systemCfg);
    const grafts = [`system.img=${image.path}`, `system.ini=${systemIni}`, `system-ini.html=${systemIniForm}`, `system.cfg=${systemCfg}`, `efi.img=${efiImage}`];
    const boot: string[] = [];
    if (bios && loaders.bios !== undefined) {
      const eltorito = `boot/grub/${biosPlatform}/eltorito.img`;
      grafts.push(`boot/grub/grub.cfg=${loaders.bios.grubCfg}`, `${eltorito}=${join(loaders.bios.directory, "eltorito-bios.img")}`);
      boot.push("-b", eltorito, "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", "--grub2-boot-info", "--grub2-mbr", hybridMbr, "-eltorito-alt-boot");
    }
    boot.push("-e", "efi.img", "-no-emul-boot", "-efi-boot-part", "--efi-boot-image");
    report.step(`writing ${request.output}`);
    await run(
      "xorriso",
      ["-as", "mkisofs", "-o", temporary, "-V", request.label ?? "GENPACK", "-R", "-J", "-joliet-long", "-graft-points", ...boot, "--protective-msdos-label", ...grafts],
      { captureOnly: true, env: sourceDateEpochForTools(), ...(request.signal === undefined ? {} : { signal: request.signal }) },
    );
    renameSync(temporary, output);
    return { output, size: statSync(output).size, bios: bios && loaders.bios !== undefined };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    forgetImageLoaders(request.cacheDir);
  }
}
