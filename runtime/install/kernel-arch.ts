import type { Arch } from "../../dsl/index.js";

/**
 * Which architecture a Linux kernel image is for, from its header alone: the PE header that
 * EFI-stub kernels carry (x86 bzImage, arm64 and riscv64 Image with EFI_STUB), the x86 boot
 * protocol header of a bzImage, or the magic of arm64 and riscv64 Images. An image whose
 * `/.genpack/arch` says one thing and whose kernel another is refused by the installer.
 */
const PE_MACHINES: Readonly<Record<number, Arch>> = { 0x8664: "x86_64", 0x014c: "i686", 0xaa64: "aarch64", 0x5064: "riscv64" };

export function kernelArch(header: Uint8Array): Arch | undefined {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const text = (offset: number, length: number) => (header.byteLength >= offset + length ? Buffer.from(header.subarray(offset, offset + length)).toString("latin1") : "");
  if (text(0x38, 4) === "ARM\x64") return "aarch64";
  if (text(0x38, 4) === "RSC\x05") return "riscv64";
  if (text(0, 2) === "MZ" && header.byteLength >= 0x40) {
    const pe = view.getUint32(0x3c, true);
    if (header.byteLength >= pe + 6 && text(pe, 4) === "PE\0\0") {
      const machine = PE_MACHINES[view.getUint16(pe + 4, true)];
      if (machine !== undefined) return machine;
    }
  }
  if (text(0x202, 4) === "HdrS" && header.byteLength >= 0x238) {
    // xloadflags bit 0: the kernel has a 64-bit entry point.
    return (view.getUint16(0x236, true) & 1) === 1 ? "x86_64" : "i686";
  }
  return undefined;
}

/** How many leading bytes of a kernel {@link kernelArch} needs. */
export const KERNEL_HEADER_BYTES = 4096;
