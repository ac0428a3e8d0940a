import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { codes } from "../../errors/codes.js";
import { describeKind, inspectInputFile } from "../../host/input-file.js";
import { parseSquashfsHeader, SQUASHFS_HEADER_SIZE } from "../install/squashfs-header.js";
import { SignatureProblem } from "./signature-problem.js";

/** An image opened to be signed or checked: a regular file, whole as far as its SquashFS superblock tells. */
export interface OpenedImage {
  /** Read by the signing or checking program as its standard input; close it with {@link closeImage}. */
  readonly descriptor: number;
  readonly size: number;
}

/**
 * Opens the image to sign or check. Anything but a regular file is refused (a FIFO is opened
 * without waiting for a writer), and so is a SquashFS shorter than its superblock says: a cut
 * download is named as such, not reported as a bad signature, and never signed.
 */
export function openImage(path: string): OpenedImage {
  const inspected = inspectInputFile(path);
  if (!inspected.ok) throw new SignatureProblem(codes.notASystemImage, `The image ${path} ${inspected.reason}.`);
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (problem) {
    throw new SignatureProblem(codes.notASystemImage, `The image ${path} cannot be read: ${(problem as Error).message}.`, { cause: problem });
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new SignatureProblem(codes.notASystemImage, `The image ${path} is ${describeKind(stats)}, not a file.`);
    const head = Buffer.alloc(SQUASHFS_HEADER_SIZE);
    const read = readSync(descriptor, head, 0, head.length, 0);
    const header = parseSquashfsHeader(head.subarray(0, read));
    if (!("problem" in header) && header.bytesUsed > stats.size) {
      throw new SignatureProblem(codes.imageDamaged, `The image ${path} is truncated: it is ${stats.size} bytes long, but its SquashFS superblock says it holds ${header.bytesUsed}. Copy or download it again.`);
    }
    return { descriptor, size: stats.size };
  } catch (problem) {
    closeSync(descriptor);
    throw problem;
  }
}

export function closeImage(image: OpenedImage): void {
  closeSync(image.descriptor);
}
