import { existsSync } from "node:fs";
import type { VmArch } from "./vm-spec.js";

/** A UEFI build: the code and the pristine variable store each VM gets a copy of. */
export interface UefiFirmware {
  readonly code: string;
  readonly vars: string;
}

/**
 * Where distributions install UEFI firmware for QEMU, most common first: Debian and Ubuntu
 * (`ovmf`, `qemu-efi-aarch64`), Fedora, Arch, Gentoo (`edk2-ovmf`).
 */
export const UEFI_FIRMWARE: Readonly<Partial<Record<VmArch, readonly UefiFirmware[]>>> = {
  x86_64: [
    { code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: "/usr/share/OVMF/OVMF_VARS_4M.fd" },
    { code: "/usr/share/OVMF/OVMF_CODE.fd", vars: "/usr/share/OVMF/OVMF_VARS.fd" },
    { code: "/usr/share/edk2/ovmf/OVMF_CODE.fd", vars: "/usr/share/edk2/ovmf/OVMF_VARS.fd" },
    { code: "/usr/share/edk2/x64/OVMF_CODE.4m.fd", vars: "/usr/share/edk2/x64/OVMF_VARS.4m.fd" },
    { code: "/usr/share/edk2/OvmfX64/OVMF_CODE.fd", vars: "/usr/share/edk2/OvmfX64/OVMF_VARS.fd" },
  ],
  aarch64: [
    { code: "/usr/share/AAVMF/AAVMF_CODE.fd", vars: "/usr/share/AAVMF/AAVMF_VARS.fd" },
    { code: "/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw", vars: "/usr/share/edk2/aarch64/vars-template-pflash.raw" },
    { code: "/usr/share/edk2/ArmVirtQemu-AARCH64/QEMU_EFI.fd", vars: "/usr/share/edk2/ArmVirtQemu-AARCH64/QEMU_VARS.fd" },
  ],
};

/** The first installed UEFI firmware for `arch`, or undefined with the paths looked at. */
export function findUefiFirmware(arch: VmArch, exists: (path: string) => boolean = existsSync): { found?: UefiFirmware; looked: readonly string[] } {
  const candidates = UEFI_FIRMWARE[arch] ?? [];
  const found = candidates.find((candidate) => exists(candidate.code) && exists(candidate.vars));
  return { ...(found === undefined ? {} : { found }), looked: candidates.map((candidate) => candidate.code) };
}
