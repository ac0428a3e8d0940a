import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hasCommand, run } from "../../host/exec.js";
import type { PhaseReport } from "../report/reporter.js";
import { bootLoaders, forgetImageLoaders } from "./boot-loaders.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import { defaultSystemCfg } from "./system-files.js";
import { FAT32_FILE_LIMIT, type SystemImage } from "./system-image.js";

export interface ZipRequest {
  readonly image: SystemImage;
  readonly output: string;
  /** The system.ini to write, checked against the image before anything is written (runtime/system-ini/admit-system-ini.ts). */
  readonly systemIni: Uint8Array;
  /** system-ini.html, the form made from the image's settings, written beside it. */
  readonly systemIniForm: Uint8Array;
  /** The content of system.cfg; else an empty default. */
  readonly systemCfg?: Uint8Array;
  readonly cacheDir: string;
  readonly report: PhaseReport;
  readonly signal?: AbortSignal;
}

/**
 * `gp install IMAGE --zip FILE`: the boot partition's files in a ZIP, to unpack onto any FAT32
 * stick or card: `system.img`, `system.ini` with the form `system-ini.html`, `system.cfg` and, unlike genpack's, the EFI loader
 * under `efi/boot/`, so the unpacked stick also boots on UEFI. An image of 4 GiB or more is
 * refused (FAT32 could not hold it). Written beside the output and renamed over it when complete.
 */
export async function installToZip(request: ZipRequest): Promise<{ readonly output: string; readonly size: number }> {
  const { image, report } = request;
  const output = resolve(request.output);
  if (existsSync(output) && statSync(output).isDirectory()) throw new InstallProblem(codes.outputFileUnusable, `${request.output} is a directory; give the ZIP file to write.`);
  if (!existsSync(dirname(output))) throw new InstallProblem(codes.outputFileUnusable, `${dirname(output)} does not exist.`);
  if (image.size >= FAT32_FILE_LIMIT) throw new InstallProblem(codes.imageTooLargeForFat32, `The image is ${(image.size / 1024 ** 3).toFixed(1)} GiB; a FAT32 card cannot hold it, so a ZIP of it is of no use. Use --disk with --data-partition.`);
  if (!(await hasCommand("zip"))) throw new InstallProblem(codes.installToolMissing, "gp install --zip needs zip (Debian: zip), which is not installed.");
  const loaders = await bootLoaders(image, { cacheDir: request.cacheDir, table: "mbr", bios: false, ...(request.signal === undefined ? {} : { signal: request.signal }) });
  const scratch = mkdtempSync(join(dirname(output), ".gp-zip-"));
  try {
    const staging = join(scratch, "files");
    mkdirSync(join(staging, "efi/boot"), { recursive: true });
    // zip stores what links point to: the image is not copied to stage it.
    symlinkSync(resolve(image.path), join(staging, "system.img"));
    for (const [name, file] of loaders.efi) symlinkSync(file, join(staging, "efi/boot", name));
    writeFileSync(join(staging, "system.ini"), request.systemIni);
    writeFileSync(join(staging, "system-ini.html"), request.systemIniForm);
    writeFileSync(join(staging, "system.cfg"), request.systemCfg === undefined ? defaultSystemCfg() : request.systemCfg);
    report.step(`writing ${request.output}`);
    const temporary = join(scratch, "out.zip");
    await run("zip", ["-q", "-r", "-X", temporary, "system.img", "system.ini", "system-ini.html", "system.cfg", "efi"], { cwd: staging, captureOnly: true, ...(request.signal === undefined ? {} : { signal: request.signal }) });
    renameSync(temporary, output);
    return { output, size: statSync(output).size };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    forgetImageLoaders(request.cacheDir);
  }
}
