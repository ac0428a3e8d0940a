import { ARCHES, type Arch } from "../../dsl/index.js";
import { ARCH_FACTS } from "../../genpack/arch.js";

/**
 * Which architecture a Linux kernel image is for, from its header alone: the PE header that
 * EFI-stub kernels carry (x86 bzImage, arm64 and riscv64 Image with EFI_STUB), the x86 boot
 * protocol header of a bzImage, or the magic of arm64 and riscv64 Images. An image whose
 * `/.genpack/arch` says one thing and whose kernel another is refused by the installer.
 */
export function kernelArch(header: Uint8Array): Arch | undefined {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const text = (offset: number, length: number) => (header.byteLength >= offset + length ? Buffer.from(header.subarray(offset, offset + length)).toString("latin1") : "");
  const imageMagic = text(0x38, 4);
  const image = ARCHES.find((arch) => ARCH_FACTS[arch].kernel.imageMagic === imageMagic);
  if (image !== undefined) return image;
  if (text(0, 2) === "MZ" && header.byteLength >= 0x40) {
    const pe = view.getUint32(0x3c, true);
    if (header.byteLength >= pe + 6 && text(pe, 4) === "PE\0\0") {
      const machine = view.getUint16(pe + 4, true);
      const stub = ARCHES.find((arch) => ARCH_FACTS[arch].kernel.peMachine === machine);
      if (stub !== undefined) return stub;
    }
  }
  if (text(0x202, 4) === "HdrS" && header.byteLength >= 0x238) {
    // xloadflags bit 0: the kernel has a 64-bit entry point.
    const entry64Bit = (view.getUint16(0x236, true) & 1) === 1;
    return ARCHES.find((arch) => ARCH_FACTS[arch].kernel.bzImage64Bit === entry64Bit);
  }
  return undefined;
}

/** How many leading bytes of a kernel {@link kernelArch} needs. */
export const KERNEL_HEADER_BYTES = 4096;
