import { describe, expect, expectTypeOf, it } from "vitest";
import { ARCHES, type Arch } from "../../dsl/index.js";
import { ARCH_FACTS, hostArch, PORTAGE_ARCHES, runsNatively, type ArchFacts } from "../../genpack/arch.js";

describe("the arch table", () => {
  it("has one complete entry for every arch genpack builds for, typed so that a missing one does not compile", () => {
    expectTypeOf(ARCH_FACTS).toEqualTypeOf<Readonly<Record<Arch, ArchFacts>>>();
    expect(Object.keys(ARCH_FACTS)).toEqual([...ARCHES]);
  });

  it("names x86_64 as Portage, QEMU, ELF, UEFI and GRUB do", () => {
    const facts = ARCH_FACTS.x86_64;
    expect(facts.portage).toBe("amd64");
    expect(facts.gentoo).toEqual({ release: "amd64", stage3: "amd64" });
    expect(facts.qemu).toEqual({ system: "qemu-system-x86_64", systemPackage: "qemu-system-x86", user: "x86_64", machine: "q35", serialConsole: "ttyS0,115200n8", kernelArguments: ["no_timer_check"] });
    expect(facts.elfMachine).toBe(62); // EM_X86_64
    expect(facts.kernel.peMachine).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
    expect(facts.efi).toEqual({ grubPlatform: "x86_64-efi", loader: "BOOTX64.EFI", grubPackage: "grub-efi-amd64-bin" });
    expect(facts.bios?.grubPlatform).toBe("i386-pc");
  });

  it("keeps Gentoo's release names apart from Portage's and QEMU's where they differ", () => {
    expect([ARCH_FACTS.i686.portage, ARCH_FACTS.i686.gentoo.stage3, ARCH_FACTS.i686.qemu.system, ARCH_FACTS.i686.qemu.user]).toEqual(["x86", "i686", "qemu-system-i386", "i386"]);
    expect([ARCH_FACTS.riscv64.portage, ARCH_FACTS.riscv64.gentoo.release, ARCH_FACTS.riscv64.gentoo.stage3]).toEqual(["riscv", "riscv", "rv64_lp64d"]);
    expect([ARCH_FACTS.aarch64.portage, ARCH_FACTS.aarch64.efi.loader, ARCH_FACTS.aarch64.elfMachine]).toEqual(["arm64", "BOOTAA64.EFI", 183]);
  });

  it("gives BIOS GRUB only to the arches PC firmware boots, and leaves it absent elsewhere", () => {
    expect(ARCHES.filter((arch) => ARCH_FACTS[arch].bios !== undefined)).toEqual(["x86_64", "i686"]);
    expect("bios" in ARCH_FACTS.aarch64).toBe(false);
    expect("bios" in ARCH_FACTS.riscv64).toBe(false);
  });

  it("tells arches apart by every name a lookup goes by: Node, Portage, QEMU, ELF, PE, Image magic, UEFI loader", () => {
    const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;
    const all = ARCHES.map((arch) => ARCH_FACTS[arch]);
    expect(distinct(all.map((facts) => facts.node))).toBe(true);
    expect(distinct(all.map((facts) => facts.portage))).toBe(true);
    expect(distinct(all.map((facts) => facts.qemu.system))).toBe(true);
    expect(distinct(all.map((facts) => facts.elfMachine))).toBe(true);
    expect(distinct(all.map((facts) => facts.kernel.peMachine))).toBe(true);
    expect(distinct(all.flatMap((facts) => (facts.kernel.imageMagic === undefined ? [] : [facts.kernel.imageMagic])))).toBe(true);
    expect(distinct(all.flatMap((facts) => (facts.kernel.bzImage64Bit === undefined ? [] : [facts.kernel.bzImage64Bit])))).toBe(true);
    expect(distinct(all.map((facts) => facts.efi.loader))).toBe(true);
    for (const facts of all) expect(facts.efi.loader).toMatch(/^BOOT[A-Z0-9]+\.EFI$/);
  });

  it("gives each arch's VM its board and serial console: q35 and the 8250 on PCs, virt and the PL011 on arm", () => {
    expect(ARCHES.map((arch) => [arch, ARCH_FACTS[arch].qemu.machine, ARCH_FACTS[arch].qemu.serialConsole])).toEqual([
      ["x86_64", "q35", "ttyS0,115200n8"],
      ["aarch64", "virt", "ttyAMA0,115200n8"],
      ["i686", "q35", "ttyS0,115200n8"],
      ["riscv64", "virt", "ttyS0,115200n8"],
    ]);
  });

  it("knows packaged UEFI firmware for x86_64 (ovmf) and aarch64 (qemu-efi-aarch64) only, Debian's paths first", () => {
    expect(ARCHES.filter((arch) => ARCH_FACTS[arch].uefiFirmware !== undefined)).toEqual(["x86_64", "aarch64"]);
    expect(ARCH_FACTS.x86_64.uefiFirmware?.debianPackage).toBe("ovmf");
    expect(ARCH_FACTS.x86_64.uefiFirmware?.builds[0]).toEqual({ code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: "/usr/share/OVMF/OVMF_VARS_4M.fd" });
    expect(ARCH_FACTS.aarch64.uefiFirmware?.debianPackage).toBe("qemu-efi-aarch64");
  });

  it("lists the Portage arches in the order KEYWORDS does", () => {
    expect(PORTAGE_ARCHES).toEqual(["amd64", "arm64", "riscv", "x86"]);
  });
});

describe("the host's arch", () => {
  it("maps Node's names to genpack's, and any other to none", () => {
    expect(["x64", "arm64", "ia32", "riscv64", "s390x", "arm"].map((name) => hostArch(name))).toEqual(["x86_64", "aarch64", "i686", "riscv64", undefined, undefined]);
  });

  it("is the arch of the machine the tests run on", () => {
    expect(hostArch()).toBe(hostArch(process.arch));
  });

  it("runs its own programs and those its CPUs also run, nothing else", () => {
    expect(runsNatively("x86_64", "x86_64")).toBe(true);
    expect(runsNatively("x86_64", "i686")).toBe(true);
    expect(runsNatively("i686", "x86_64")).toBe(false);
    expect(runsNatively("x86_64", "aarch64")).toBe(false);
    expect(runsNatively("aarch64", "aarch64")).toBe(true);
    expect(runsNatively(undefined, "x86_64")).toBe(false);
  });
});
