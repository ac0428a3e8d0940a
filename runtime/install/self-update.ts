import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PhaseReport } from "../report/reporter.js";
import { durableCopy, renameDurably, syncDirectory } from "./durable-copy.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import { hashFile } from "../inputs/hash.js";
import { inspectSystemImage, type SystemImage } from "./system-image.js";
import { admitSystemIni, systemIniForm, type AdmittedSystemIni } from "../system-ini/admit-system-ini.js";
import { readInputFile } from "../../host/input-file.js";
import { isGpError } from "../../errors/gp-error.js";
import { verifyImageSignature, type SignatureCheck } from "../signature/verify-image.js";
import { KIND_NAMES } from "../signature/signature-kind.js";

/** Where a running genpack system keeps its image: on the boot partition, or on the data partition. */
export const RUNNING_BOOT_DIRECTORIES = ["/run/initramfs/boot", "/run/initramfs/rw"] as const;

/** The image names in a boot directory: the running one, the one being written, the previous one. */
export interface ImageSlots {
  readonly directory: string;
  /** `system.img` on a boot partition, `system` on a data partition. */
  readonly active: string;
  readonly incoming: string;
  readonly previous: string;
  /**
   * Where genpack-init reads system.ini: beside `system.img` on a boot partition; for an image on
   * a data partition, the boot partition of the running system, and unknown for a data partition
   * given as --boot-dir.
   */
  readonly systemIniDirectory?: string;
}

/** The boot directory to update: the one given, or the running system's. */
export function findImageSlots(bootDir?: string): ImageSlots {
  const candidates = bootDir === undefined ? [...RUNNING_BOOT_DIRECTORIES] : [bootDir];
  for (const directory of candidates) {
    if (!existsSync(directory) || !statSync(directory).isDirectory()) continue;
    for (const name of ["system.img", "system"]) {
      if (!existsSync(join(directory, name))) continue;
      const runningBoot = bootDir === undefined && existsSync(RUNNING_BOOT_DIRECTORIES[0]) && statSync(RUNNING_BOOT_DIRECTORIES[0]).isDirectory() ? RUNNING_BOOT_DIRECTORIES[0] : undefined;
      const systemIniDirectory = name === "system.img" ? directory : runningBoot;
      return { directory, active: join(directory, name), incoming: join(directory, "system.new"), previous: join(directory, "system.old"), ...(systemIniDirectory === undefined ? {} : { systemIniDirectory }) };
    }
  }
  if (bootDir !== undefined) {
    if (!existsSync(bootDir)) throw new InstallProblem(codes.notAGenpackSystem, `${bootDir} does not exist.`);
    throw new InstallProblem(codes.notAGenpackSystem, `${bootDir} holds no system image (system.img or system); give the boot partition of an installed system.`);
  }
  throw new InstallProblem(codes.notAGenpackSystem, "This is not a running genpack system (no system image under /run/initramfs/boot or /run/initramfs/rw); give --boot-dir.");
}

export interface SelfUpdateRequest {
  readonly image: string;
  readonly bootDir?: string;
  readonly sha256?: string;
  /** The signature the image must carry, checked before the image is read any further. */
  readonly signature?: SignatureCheck;
  /** A system.ini to install with the image, as read: checked against the new image before anything is written. */
  readonly systemIni?: { readonly path: string; readonly bytes: Uint8Array };
  /** Install an image of another artifact than the one the boot directory runs. */
  readonly allowOtherArtifact: boolean;
  readonly report: PhaseReport;
  readonly signal?: AbortSignal;
}

export interface SelfUpdateResult {
  readonly slots: ImageSlots;
  readonly from: { readonly artifact: string; readonly sha256: string };
  readonly to: { readonly artifact: string; readonly sha256: string };
  readonly loadersUpdated: readonly string[];
}

/** The artifact an image file says it is, or undefined when it cannot be read. */
async function artifactOf(path: string): Promise<string | undefined> {
  try {
    return (await inspectSystemImage(path)).artifact;
  } catch {
    return undefined;
  }
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  if (!existsSync(a) || !existsSync(b) || statSync(a).size !== statSync(b).size) return false;
  return (await hashFile(a, "sha256")) === (await hashFile(b, "sha256"));
}

/** Replaces `target` by `source`'s bytes with one rename, after flushing them; then flushes the directory. */
function replaceDurably(directory: string, name: string, bytes: Buffer): void {
  const target = join(directory, name);
  const temporary = join(directory, `${name}.new`);
  rmSync(temporary, { force: true });
  writeFileSync(temporary, bytes);
  const descriptor = openSync(temporary, "r+");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameDurably(temporary, target);
}

/**
 * The system.ini that goes with the new image. One given with the update is checked like every
 * other door's: an error refuses before anything is written. Without one, the file already on
 * the boot partition stays; it is checked against the new image too, but only said, since
 * refusing would keep a system from its updates over a file the update does not write.
 */
async function systemIniFor(request: SelfUpdateRequest, image: SystemImage, directory: string | undefined): Promise<AdmittedSystemIni> {
  const common = { image: request.image, reader: image.reader, command: "gp install --self-update", warn: (text: string) => request.report.warn(text), ...(request.signal === undefined ? {} : { signal: request.signal }) };
  if (request.systemIni !== undefined) return admitSystemIni({ ...common, given: request.systemIni });
  if (directory === undefined) return admitSystemIni(common);
  const existing = readInputFile(join(directory, "system.ini"));
  if (!existing.ok) return admitSystemIni(common);
  try {
    return await admitSystemIni({ ...common, given: { path: join(directory, "system.ini"), bytes: existing.data } });
  } catch (problem) {
    if (!isGpError(problem) || problem.code !== codes.iniRefused.code) throw problem;
    request.report.warn(`${problem.message.replace(/; gp install --self-update wrote nothing\.$/, "")}; it is kept as it is, and the new image reads it at its next boot:\n${problem.details ?? ""}`);
    return admitSystemIni(common);
  }
}

/**
 * Updates an installed system to a new image so that a power cut at any instant leaves an image
 * that boots (genpack-boot.md §7 on what the reference risks):
 *
 * 1. the new image is checked before anything is touched: its signature when one is asked for
 *    (first, before the image is read any further), a whole SquashFS for the same arch and
 *    artifact, its SHA-256 when given, and the space it needs;
 * 2. it is written as `system.new`, flushed with its directory, and read back;
 * 3. the running image is copied to `system.old` (written aside, flushed, renamed), so the
 *    previous system stays bootable from the menu and for `gp rollback`;
 * 4. boot loaders the new image brings, where they differ, are replaced one by one by a flushed
 *    copy and a rename, never rewritten in place;
 * 5. `system.new` is renamed over `system.img` and the directory flushed: one directory entry
 *    changes, so the name holds the old image or the new one, never neither.
 *
 * A leftover `system.new` from an interrupted update is removed first.
 */
export async function selfUpdate(request: SelfUpdateRequest): Promise<SelfUpdateResult> {
  const { report } = request;
  const slots = findImageSlots(request.bootDir);
  const current = await inspectSystemImage(slots.active).catch(() => undefined);
  if (request.signature !== undefined) {
    report.step("checking the new image's signature");
    const good = await verifyImageSignature(request.image, request.signature);
    report.info(`${request.image} is signed by the ${KIND_NAMES[good.kind]} key ${good.fingerprint} of ${good.signedBy}`);
  }
  report.step("checking the new image");
  const expectations = { ...(request.sha256 === undefined ? {} : { sha256: request.sha256 }), ...(current === undefined || request.allowOtherArtifact ? {} : { artifact: current.artifact }) };
  const image: SystemImage = await inspectSystemImage(request.image, expectations, request.signal);
  if (current !== undefined && image.arch !== current.arch) throw new InstallProblem(codes.imageForOtherSystem, `${request.image} is for ${image.arch}, but this system is ${current.arch}.`);
  report.step("checking system.ini against the new image's settings");
  if (request.systemIni !== undefined && slots.systemIniDirectory === undefined) {
    throw new InstallProblem(codes.installRefused, `${slots.directory} holds the image on a data partition; system.ini lives on the boot partition. Give --boot-dir the boot partition's directory to update system.ini with the image.`);
  }
  const admitted = await systemIniFor(request, image, slots.systemIniDirectory);
  // Made now, so that nothing after the first write can fail for it.
  const form = Buffer.from(systemIniForm(admitted));
  const currentSha = await hashFile(slots.active, "sha256");
  const keepPrevious = !(await sameBytes(slots.active, slots.previous));
  const stale = existsSync(slots.incoming) ? statSync(slots.incoming).size : 0;
  const needed = image.size + (keepPrevious ? statSync(slots.active).size - (existsSync(slots.previous) ? statSync(slots.previous).size : 0) : 0) - stale;
  const space = statfsSync(slots.directory);
  if (needed > space.bavail * space.bsize) {
    throw new InstallProblem(codes.bootPartitionFull, `${slots.directory} has ${((space.bavail * space.bsize) / 1024 ** 2).toFixed(0)} MiB free; the update needs ${(needed / 1024 ** 2).toFixed(0)} MiB (the new image, and a copy of the running one to go back to).`);
  }

  if (existsSync(slots.incoming)) {
    report.step("removing system.new left by an interrupted update");
    rmSync(slots.incoming);
    syncDirectory(slots.directory);
  }
  report.step("writing system.new");
  const written = durableCopy(image.path, slots.incoming, (done) => report.progress("system.new", done, image.size));
  report.step("reading system.new back");
  const readBack = await hashFile(slots.incoming, "sha256");
  if (readBack !== written) throw new InstallProblem(codes.readBackMismatch, `system.new reads back differently from ${request.image}; the boot medium may be failing. The running image is untouched.`);

  if (keepPrevious) {
    report.step("keeping the running image as system.old");
    const aside = join(slots.directory, "system.old.new");
    rmSync(aside, { force: true });
    durableCopy(slots.active, aside);
    renameDurably(aside, slots.previous);
  }

  const loadersUpdated: string[] = [];
  const efiDirectory = join(slots.directory, "efi/boot");
  const imageLoaders = image.reader.list("/usr/lib/genpack-install").filter((name) => /^boot.*\.efi$/.test(name));
  if (existsSync(efiDirectory) && imageLoaders.length > 0) {
    const onDisk = new Map(readdirSync(efiDirectory).map((name) => [name.toLowerCase(), name]));
    for (const name of imageLoaders) {
      const bytes = await image.reader.readFile(`/usr/lib/genpack-install/${name}`);
      if (bytes === undefined) continue;
      const existing = onDisk.get(name.toLowerCase()) ?? name;
      const path = join(efiDirectory, existing);
      if (existsSync(path) && readFileSync(path).equals(bytes)) continue;
      report.step(`replacing the boot loader efi/boot/${existing}`);
      replaceDurably(efiDirectory, existing, bytes);
      loadersUpdated.push(`efi/boot/${existing}`);
    }
  }

  report.step(`switching ${slots.active.slice(slots.directory.length + 1)} to the new image`);
  renameDurably(slots.incoming, slots.active);
  // After the switch: the new image's settings describe system.ini from now on.
  if (slots.systemIniDirectory !== undefined) {
    if (request.systemIni !== undefined) {
      report.step("writing system.ini");
      replaceDurably(slots.systemIniDirectory, "system.ini", Buffer.from(admitted.bytes));
    }
    replaceDurably(slots.systemIniDirectory, "system-ini.html", form);
  }
  return { slots, from: { artifact: current?.artifact ?? (await artifactOf(slots.previous)) ?? "", sha256: currentSha }, to: { artifact: image.artifact, sha256: written }, loadersUpdated };
}

export interface RollbackResult {
  readonly slots: ImageSlots;
  readonly now: { readonly artifact: string; readonly sha256: string };
}

/**
 * `gp rollback`: makes the previous image (`system.old`) the one that boots, and keeps the one it
 * replaces as `system.old`, so a second rollback returns. The running image is first copied to
 * `system.new`; then `system.old` is renamed over `system.img` (one directory entry changes) and
 * `system.new` becomes `system.old`. Every step is flushed before the next.
 */
export async function rollback(request: { readonly bootDir?: string; readonly report: PhaseReport }): Promise<RollbackResult> {
  const slots = findImageSlots(request.bootDir);
  if (!existsSync(slots.previous)) throw new InstallProblem(codes.noPreviousImage, `There is no previous image (system.old) in ${slots.directory} to go back to.`);
  const previous = await inspectSystemImage(slots.previous).catch((problem: Error) => {
    throw new InstallProblem(codes.noPreviousImage, `The previous image ${slots.previous} cannot be used: ${problem.message}`);
  });
  const space = statfsSync(slots.directory);
  const stale = existsSync(slots.incoming) ? statSync(slots.incoming).size : 0;
  if (statSync(slots.active).size - stale > space.bavail * space.bsize) throw new InstallProblem(codes.bootPartitionFull, `${slots.directory} has no room to keep the running image while going back.`);
  if (existsSync(slots.incoming)) {
    rmSync(slots.incoming);
    syncDirectory(slots.directory);
  }
  request.report.step("keeping the running image");
  durableCopy(slots.active, slots.incoming);
  request.report.step("switching to the previous image");
  renameDurably(slots.previous, slots.active);
  renameDurably(slots.incoming, slots.previous);
  return { slots, now: { artifact: previous.artifact, sha256: await hashFile(slots.active, "sha256") } };
}
