import { gunzipSync } from "node:zlib";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import type { SystemImage } from "../install/system-image.js";
import { VmProblem } from "./vm-problem.js";

/** The kernel and initramfs QEMU starts (`-kernel`, `-initrd`), as bytes. */
export interface BootFiles {
  readonly kernel: Buffer;
  readonly initramfs: Buffer;
}

/**
 * The image's `/boot/kernel`, made loadable, and `/boot/initramfs`. Each comes out of the image
 * once: the kernel as the image check read it (decompressing it again cost a second
 * `unsquashfs -cat`), the initramfs now.
 */
export async function readBootFiles(system: SystemImage, signal?: AbortSignal): Promise<BootFiles> {
  if (system.kernel === undefined) throw new VmProblem(codes.notASystemImage, `${system.path} has no /boot/kernel`);
  const initramfs = await system.reader.readFile("/boot/initramfs", signal);
  if (initramfs === undefined) throw new VmProblem(codes.notASystemImage, `${system.path} has no /boot/initramfs`);
  return { kernel: loadableKernel(system.kernel), initramfs };
}

/**
 * The kernel as QEMU's `-kernel` takes it. x86 bzImages and arm64/riscv64 Images are loaded as
 * they are; a gzip-compressed Image (arm64's Image.gz) and an EFI zboot image (a PE whose
 * payload is a compressed Image, as arm64 distribution kernels ship) are unpacked first.
 */
export function loadableKernel(kernel: Buffer): Buffer {
  if (kernel[0] === 0x1f && kernel[1] === 0x8b) return gunzipSync(kernel);
  if (kernel.subarray(0, 2).toString("latin1") === "MZ" && kernel.subarray(4, 8).toString("latin1") === "zimg") {
    // The zboot header: payload offset and size at 8 and 12, compression name at 24.
    const offset = kernel.readUInt32LE(8);
    const size = kernel.readUInt32LE(12);
    const compression = kernel.subarray(24, 32).toString("latin1").replace(/\0+$/, "");
    if (compression === "gzip") return gunzipSync(kernel.subarray(offset, offset + size));
    throw new ZbootCompressionUnsupported(compression);
  }
  return kernel;
}

export class ZbootCompressionUnsupported extends GpError {
  constructor(readonly compression: string) {
    super(codes.kernelNotLoadable, `the kernel is an EFI zboot image compressed with ${compression}, which gp can only unpack when it is gzip`);
  }
}
