import { openSync, readSync, closeSync, statSync } from "node:fs";
import { ARCHES, type Arch } from "../../dsl/index.js";
import { hashFile } from "../inputs/hash.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";
import { KERNEL_HEADER_BYTES, kernelArch } from "./kernel-arch.js";
import { parseSquashfsHeader, SQUASHFS_HEADER_SIZE, type SquashfsHeader } from "./squashfs-header.js";
import { SquashfsReader } from "./squashfs-reader.js";
import { quote } from "../../errors/quote.js";

/** FAT32 holds no file of 4 GiB or more: a larger image lives on the data partition. */
export const FAT32_FILE_LIMIT = 4 * 1024 ** 3;

/** What the installer knows about a system image once it has checked it. */
export interface SystemImage {
  readonly path: string;
  readonly size: number;
  readonly header: SquashfsHeader;
  readonly arch: Arch;
  readonly artifact: string;
  readonly variant: string | undefined;
  readonly reader: SquashfsReader;
  /**
   * The bytes of `/boot/kernel`, read once to check its arch and kept for whoever boots it next
   * (gp vm run): a second `unsquashfs -cat` would decompress it again. Absent for a Raspberry Pi
   * image, whose firmware starts its own kernel.
   */
  readonly kernel?: Buffer;
}

export interface ImageExpectations {
  /** The artifact the image must be (a self-update refuses another system's image). */
  readonly artifact?: string;
  /** A SHA-256 the image's bytes must have. */
  readonly sha256?: string;
}

const text = (bytes: Buffer | undefined) => bytes?.toString("utf8").trim();

/**
 * Checks that `path` is a genpack system image an installer can boot: a whole SquashFS 4 file
 * (not cut short), with `/.genpack/arch` naming an arch gp knows, `/boot/kernel` and
 * `/boot/initramfs` (through their links) for every arch but the Raspberry Pi's, and a kernel
 * built for that arch. Every refusal says what is wrong with which file.
 */
export async function inspectSystemImage(path: string, expect: ImageExpectations = {}, signal?: AbortSignal): Promise<SystemImage> {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new InstallProblem(codes.notASystemImage, `${path} is a directory; give the .squashfs file gp build made.`);
    if (!stats.isFile() && !stats.isBlockDevice()) throw new InstallProblem(codes.notASystemImage, `${path} is not a regular file.`);
    size = stats.size;
  } catch (problem) {
    if (problem instanceof InstallProblem) throw problem;
    throw new InstallProblem(codes.notASystemImage, `${path} cannot be read: ${(problem as Error).message}`);
  }
  const head = Buffer.alloc(SQUASHFS_HEADER_SIZE);
  const descriptor = openSync(path, "r");
  try {
    readSync(descriptor, head, 0, SQUASHFS_HEADER_SIZE, 0);
  } finally {
    closeSync(descriptor);
  }
  const header = parseSquashfsHeader(head);
  if ("problem" in header) throw new InstallProblem(codes.notASystemImage, `${path} is not a system image: ${header.problem}.`);
  if (size < header.bytesUsed) throw new InstallProblem(codes.imageDamaged, `${path} is truncated: the SquashFS says it is ${header.bytesUsed} bytes, the file has ${size}. Download or copy it again.`);

  if (expect.sha256 !== undefined) {
    const actual = await hashFile(path, "sha256");
    if (actual !== expect.sha256.toLowerCase()) throw new InstallProblem(codes.imageNotVerified, `${path} has SHA-256 ${actual}, not the ${expect.sha256} it was expected to have.`);
  }

  let reader: SquashfsReader;
  try {
    reader = await SquashfsReader.open(path, signal);
  } catch (problem) {
    throw new InstallProblem(codes.imageDamaged, `${path} cannot be read as a SquashFS (unsquashfs failed: ${(problem as Error).message.split("\n")[0]}). It may be damaged.`);
  }
  if (reader.resolve("/.genpack") === undefined) throw new InstallProblem(codes.notASystemImage, `${path} has no /.genpack directory: it is not a genpack system image.`);
  const arch = text(await reader.readFile("/.genpack/arch", signal));
  if (arch === undefined || !(ARCHES as readonly string[]).includes(arch)) {
    throw new InstallProblem(codes.notASystemImage, `${path} is for ${arch === undefined ? "no arch (/.genpack/arch is missing)" : quote(arch)}, which gp does not know; it knows ${ARCHES.join(", ")}.`);
  }
  const artifact = text(await reader.readFile("/.genpack/artifact", signal)) ?? "";
  const variant = text(await reader.readFile("/.genpack/variant", signal));
  if (expect.artifact !== undefined && artifact !== expect.artifact) {
    throw new InstallProblem(codes.imageForOtherSystem, `${path} is an image of ${quote(artifact)}, but this system runs ${quote(expect.artifact)}. Give --allow-other-artifact to switch systems on purpose.`);
  }

  const raspberryPi = reader.isFile("/boot/bootcode.bin");
  let kernel: Buffer | undefined;
  if (!raspberryPi) {
    for (const file of ["/boot/kernel", "/boot/initramfs"]) {
      if (!reader.isFile(file)) throw new InstallProblem(codes.notASystemImage, `${path} has no ${file} (or it is a link to nothing): there is nothing for the boot loader to start.`);
    }
    kernel = await reader.readFile("/boot/kernel", signal);
    const built = kernel === undefined ? undefined : kernelArch(kernel.subarray(0, KERNEL_HEADER_BYTES));
    if (built !== undefined && built !== arch) throw new InstallProblem(codes.imageDamaged, `${path} says it is for ${arch}, but its kernel (${reader.resolve("/boot/kernel")}) is built for ${built}.`);
  }
  return { path, size, header, arch: arch as Arch, artifact, variant, reader, ...(kernel === undefined ? {} : { kernel }) };
}
