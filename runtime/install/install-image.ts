import { readInputFile } from "../../host/input-file.js";
import { cacheLayout } from "../build/work-layout.js";
import { PhaseReport, type Reporter } from "../report/reporter.js";
import { installToDisk, type DiskInstallResult } from "./install-disk.js";
import { installToIso } from "./install-iso.js";
import { installToZip } from "./install-zip.js";
import { inspectSystemImage, type SystemImage } from "./system-image.js";
import { admitSystemIni, systemIniForm } from "../system-ini/admit-system-ini.js";
import { verifyImageSignature, type SignatureCheck } from "../signature/verify-image.js";
import { KIND_NAMES } from "../signature/signature-kind.js";

/** The system.ini and system.cfg to put on the boot partition, as read, and where system.ini was read from. */
export interface BootFiles {
  readonly systemIni?: Uint8Array;
  readonly systemIniPath?: string;
  readonly systemCfg?: Uint8Array;
}

/**
 * Reads the boot files the user gave, before anything is written: a FIFO or an unreadable file
 * must stop the install, not hang it half way. `unreadable` names the one that could not be read.
 */
export function readBootFiles(paths: { readonly systemIni?: string; readonly systemCfg?: string }): { readonly files: BootFiles } | { readonly unreadable: keyof BootFiles; readonly path: string; readonly reason: string } {
  const files: { systemIni?: Uint8Array; systemIniPath?: string; systemCfg?: Uint8Array } = {};
  for (const key of ["systemIni", "systemCfg"] as const) {
    const path = paths[key];
    if (path === undefined) continue;
    const read = readInputFile(path);
    if (!read.ok) return { unreadable: key, path, reason: read.reason };
    files[key] = read.data;
    if (key === "systemIni") files.systemIniPath = path;
  }
  return { files };
}

export interface InstallImageRequest {
  /** The SquashFS image to install. */
  readonly image: string;
  /** A disk or raw disk image file to lay the image out on, as genpack does. */
  readonly disk?: string;
  /** A hybrid ISO to write. */
  readonly iso?: string;
  /** A ZIP of the boot partition's files to write. */
  readonly zip?: string;
  readonly bootFiles: BootFiles;
  /** The signature the image must carry, checked before the image is read any further. */
  readonly signature?: SignatureCheck;
  readonly label?: string;
  readonly gpt: boolean;
  readonly dataPartition?: "rest" | number;
  /** Asked before a block device is written; false leaves it untouched. */
  readonly confirm: (question: string) => Promise<boolean>;
  readonly reporter: Reporter;
  readonly signal?: AbortSignal;
}

export interface InstallImageResult {
  readonly image: SystemImage;
  readonly disk?: DiskInstallResult;
  readonly iso?: { readonly output: string; readonly size: number; readonly bios: boolean };
  readonly zip?: { readonly output: string; readonly size: number };
}

/**
 * Checks the image (its signature first, when one is asked for) and the system.ini that goes with
 * it (an error refuses before anything is written), then writes it to each target asked for: the disk, the ISO, the ZIP, in that order.
 */
export async function installImage(request: InstallImageRequest): Promise<InstallImageResult> {
  const report = new PhaseReport(request.reporter, "install");
  if (request.signature !== undefined) {
    report.step("checking the image's signature");
    const good = await verifyImageSignature(request.image, request.signature);
    report.info(`${request.image} is signed by the ${KIND_NAMES[good.kind]} key ${good.fingerprint} of ${good.signedBy}`);
  }
  const image = await inspectSystemImage(request.image);
  report.info(`${request.image}: ${image.artifact}${image.variant === undefined ? "" : ` (${image.variant})`} for ${image.arch}, ${(image.size / 1024 ** 2).toFixed(1)} MiB`);
  const { systemIni: given, systemIniPath, systemCfg } = request.bootFiles;
  report.step("checking system.ini against the image's settings");
  const admitted = await admitSystemIni({
    image: request.image,
    reader: image.reader,
    command: "gp install",
    warn: (text) => report.warn(text),
    ...(given === undefined ? {} : { given: { path: systemIniPath ?? "system.ini", bytes: given } }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const common = {
    image,
    cacheDir: cacheLayout().root,
    report,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    systemIni: admitted.bytes,
    systemIniForm: systemIniForm(admitted),
    ...(systemCfg === undefined ? {} : { systemCfg }),
  };
  const disk =
    request.disk === undefined
      ? undefined
      : await installToDisk({
          ...common,
          target: request.disk,
          gpt: request.gpt,
          confirm: request.confirm,
          ...(request.label === undefined ? {} : { label: request.label }),
          ...(request.dataPartition === undefined ? {} : { dataPartition: request.dataPartition }),
        });
  const iso = request.iso === undefined ? undefined : await installToIso({ ...common, output: request.iso, ...(request.label === undefined ? {} : { label: request.label }) });
  const zip = request.zip === undefined ? undefined : await installToZip({ ...common, output: request.zip });
  return { image, ...(disk === undefined ? {} : { disk }), ...(iso === undefined ? {} : { iso }), ...(zip === undefined ? {} : { zip }) };
}
