import { ARCHES, type Arch } from "../dsl/arch.js";
import type { PortageArch } from "../dsl/package.js";

/**
 * What gp knows of one target arch. Each tool names an arch its own way (Portage, Gentoo's
 * release server, QEMU, Node, ELF, PE, GRUB, UEFI), and each name lives here once: every other
 * module reads this table, so adding an arch is one entry that the compiler holds complete.
 */
export interface ArchFacts {
  /** Node's `process.arch` on a machine of this arch. */
  readonly node: NodeJS.Architecture;
  /** The other arches whose programs this one's CPUs run without emulation (an x86_64 CPU runs i686 code). */
  readonly alsoRuns: readonly Arch[];
  /** Portage's arch: its KEYWORDS (`amd64`, testing `~amd64`) and genpack-overlay's profile directory `genpack/<portage>/`. */
  readonly portage: PortageArch;
  /** Gentoo's release names: the directory `releases/<release>/autobuilds/` and the files `stage3-<stage3>-<flavour>-…`. */
  readonly gentoo: { readonly release: string; readonly stage3: string };
  readonly qemu: {
    /** The system emulator that boots a machine of this arch. */
    readonly system: string;
    /** The Debian package that has {@link system}. */
    readonly systemPackage: string;
    /** The user-mode target (`qemu-<user>`, Gentoo's `qemu_user_targets_<user>`) that runs its programs on another arch. */
    readonly user: string;
    /** The board a VM of this arch gets: q35 on PCs (PCIe, as the reference does), the generic `virt` elsewhere. */
    readonly machine: string;
    /**
     * The serial console its kernel names (`console=`): the 8250 UART on PCs and riscv's `virt`,
     * the PL011 on arm's. The reference adds `r` (RTS/CTS flow control) on the 8250; gp leaves it
     * out because QEMU's UART never raises CTS, which holds back what the guest writes.
     */
    readonly serialConsole: string;
    /**
     * Kernel arguments every VM of this arch gets. On PCs, `no_timer_check`: early in boot the
     * kernel checks that the timer interrupt arrives through the IO-APIC within a few ticks, and
     * panics when it does not ("IO-APIC + timer doesn't work"). An emulated CPU on a busy host
     * misses that window although the timer works; cloud images of PC distributions turn the
     * check off for the same reason.
     */
    readonly kernelArguments: readonly string[];
  };
  /** The ELF header's e_machine of its programs, as binfmt_misc matches them. */
  readonly elfMachine: number;
  /** How a Linux kernel image for this arch shows it in its first bytes. */
  readonly kernel: {
    /** The PE/COFF Machine field of a kernel with the EFI stub. */
    readonly peMachine: number;
    /** The magic at offset 0x38 of the arch's `Image` header; x86 kernels have none. */
    readonly imageMagic?: string;
    /** For an x86 bzImage: whether the boot protocol header has a 64-bit entry point (xloadflags bit 0); other arches have no bzImage. */
    readonly bzImage64Bit?: boolean;
  };
  /** UEFI boot: GRUB's platform, the loader's removable-media name under `EFI/BOOT/`, and the Debian package with GRUB for the platform. */
  readonly efi: { readonly grubPlatform: string; readonly loader: string; readonly grubPackage: string };
  /**
   * UEFI firmware for a VM: the Debian package, and where distributions install its builds (the
   * code and the pristine variable store each VM copies), most common first: Debian and Ubuntu,
   * Fedora, Arch, Gentoo. Absent where gp knows no packaged build.
   */
  readonly uefiFirmware?: { readonly debianPackage: string; readonly builds: readonly UefiFirmware[] };
  /** BIOS boot, for the arches PC firmware boots: GRUB's platform and its Debian package; absent where there is no BIOS. */
  readonly bios?: { readonly grubPlatform: string; readonly grubPackage: string };
}

/** A UEFI build: the code and the pristine variable store each VM gets a copy of. */
export interface UefiFirmware {
  readonly code: string;
  readonly vars: string;
}

/** GRUB for PC firmware (BIOS), which boots both x86 arches. */
export const PC_BIOS_GRUB = { grubPlatform: "i386-pc", grubPackage: "grub-pc-bin" } as const;

/** Every arch gp builds for, with the facts about it. */
export const ARCH_FACTS: Readonly<Record<Arch, ArchFacts>> = {
  x86_64: {
    node: "x64",
    alsoRuns: ["i686"],
    portage: "amd64",
    gentoo: { release: "amd64", stage3: "amd64" },
    qemu: { system: "qemu-system-x86_64", systemPackage: "qemu-system-x86", user: "x86_64", machine: "q35", serialConsole: "ttyS0,115200n8", kernelArguments: ["no_timer_check"] },
    elfMachine: 62, // EM_X86_64
    kernel: { peMachine: 0x8664, bzImage64Bit: true },
    efi: { grubPlatform: "x86_64-efi", loader: "BOOTX64.EFI", grubPackage: "grub-efi-amd64-bin" },
    uefiFirmware: {
      debianPackage: "ovmf",
      builds: [
        { code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: "/usr/share/OVMF/OVMF_VARS_4M.fd" },
        { code: "/usr/share/OVMF/OVMF_CODE.fd", vars: "/usr/share/OVMF/OVMF_VARS.fd" },
        { code: "/usr/share/edk2/ovmf/OVMF_CODE.fd", vars: "/usr/share/edk2/ovmf/OVMF_VARS.fd" },
        { code: "/usr/share/edk2/x64/OVMF_CODE.4m.fd", vars: "/usr/share/edk2/x64/OVMF_VARS.4m.fd" },
        { code: "/usr/share/edk2/OvmfX64/OVMF_CODE.fd", vars: "/usr/share/edk2/OvmfX64/OVMF_VARS.fd" },
      ],
    },
    bios: PC_BIOS_GRUB,
  },
  aarch64: {
    node: "arm64",
    alsoRuns: [],
    portage: "arm64",
    gentoo: { release: "arm64", stage3: "arm64" },
    qemu: { system: "qemu-system-aarch64", systemPackage: "qemu-system-arm", user: "aarch64", machine: "virt", serialConsole: "ttyAMA0,115200n8", kernelArguments: [] },
    elfMachine: 183, // EM_AARCH64
    kernel: { peMachine: 0xaa64, imageMagic: "ARM\x64" },
    efi: { grubPlatform: "arm64-efi", loader: "BOOTAA64.EFI", grubPackage: "grub-efi-arm64-bin" },
    uefiFirmware: {
      debianPackage: "qemu-efi-aarch64",
      builds: [
        { code: "/usr/share/AAVMF/AAVMF_CODE.fd", vars: "/usr/share/AAVMF/AAVMF_VARS.fd" },
        { code: "/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw", vars: "/usr/share/edk2/aarch64/vars-template-pflash.raw" },
        { code: "/usr/share/edk2/ArmVirtQemu-AARCH64/QEMU_EFI.fd", vars: "/usr/share/edk2/ArmVirtQemu-AARCH64/QEMU_VARS.fd" },
      ],
    },
  },
  i686: {
    node: "ia32",
    alsoRuns: [],
    portage: "x86",
    gentoo: { release: "x86", stage3: "i686" },
    qemu: { system: "qemu-system-i386", systemPackage: "qemu-system-x86", user: "i386", machine: "q35", serialConsole: "ttyS0,115200n8", kernelArguments: ["no_timer_check"] },
    elfMachine: 3, // EM_386
    kernel: { peMachine: 0x014c, bzImage64Bit: false },
    efi: { grubPlatform: "i386-efi", loader: "BOOTIA32.EFI", grubPackage: "grub-efi-ia32-bin" },
    bios: PC_BIOS_GRUB,
  },
  riscv64: {
    node: "riscv64",
    alsoRuns: [],
    portage: "riscv",
    gentoo: { release: "riscv", stage3: "rv64_lp64d" },
    qemu: { system: "qemu-system-riscv64", systemPackage: "qemu-system-misc", user: "riscv64", machine: "virt", serialConsole: "ttyS0,115200n8", kernelArguments: [] },
    elfMachine: 243, // EM_RISCV
    kernel: { peMachine: 0x5064, imageMagic: "RSC\x05" },
    efi: { grubPlatform: "riscv64-efi", loader: "BOOTRISCV64.EFI", grubPackage: "grub-efi-riscv64-bin" },
  },
};

/** The Portage arches, in the order KEYWORDS lists them (alphabetical, as ekeyword sorts them). */
export const PORTAGE_ARCHES: readonly PortageArch[] = ARCHES.map((arch) => ARCH_FACTS[arch].portage).sort();

/** The arch of the machine gp runs on, in genpack's names, or undefined for one genpack does not build for. */
export function hostArch(nodeArch: string = process.arch): Arch | undefined {
  return ARCHES.find((arch) => ARCH_FACTS[arch].node === nodeArch);
}

/** Whether a machine of arch `host` runs programs of `arch` natively: the same arch, or one its CPUs also run. */
export function runsNatively(host: Arch | undefined, arch: Arch): boolean {
  return host !== undefined && (host === arch || ARCH_FACTS[host].alsoRuns.includes(arch));
}

/**
 * The Debian packages that hold QEMU's optional user interfaces, the same for every arch's
 * emulator: its windows (gtk, sdl), its OpenGL parts (egl-headless, virgl; Debian 12 keeps them
 * in the emulator's own package), its SPICE server.
 */
export const QEMU_UI_PACKAGES = { windows: "qemu-system-gui", opengl: "qemu-system-modules-opengl", spice: "qemu-system-modules-spice" } as const;
