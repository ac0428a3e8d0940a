import { describe, expect, it } from "vitest";
import { bootMediumOf, BOOT_MEDIUM_PROBE_BYTES } from "../../../runtime/vm/boot-medium.js";
import { qemuArguments } from "../../../runtime/vm/qemu-arguments.js";
import type { VmSpec } from "../../../runtime/vm/vm-spec.js";

/** A file's first bytes, with `parts` written at their offsets. */
function start(parts: Record<number, string | readonly number[]>): Uint8Array {
  const bytes = new Uint8Array(BOOT_MEDIUM_PROBE_BYTES);
  for (const [offset, part] of Object.entries(parts)) bytes.set(typeof part === "string" ? Buffer.from(part, "latin1") : part, Number(offset));
  return bytes;
}

const SIGNATURE = { 510: [0x55, 0xaa] } as const;

describe("the boot medium of a file given to gp vm run", () => {
  it("is a SquashFS image by its magic number", () => {
    expect(bootMediumOf(start({ 0: "hsqs" }))).toBe("squashfs");
  });

  it("is a disk by an MBR whose first partition is there, or GPT's protective MBR and header", () => {
    expect(bootMediumOf(start({ ...SIGNATURE, 0x1c2: [0x0c] }))).toBe("disk");
    expect(bootMediumOf(start({ ...SIGNATURE, 0x1c2: [0xee], 512: "EFI PART" }))).toBe("disk");
  });

  it("is an ISO by its volume descriptor, though a hybrid ISO also carries an MBR", () => {
    expect(bootMediumOf(start({ ...SIGNATURE, 0x1c2: [0x17], 0x8001: "CD001" }))).toBe("iso");
  });

  it("is nothing gp boots without a partition table, with a protective MBR but no GPT, as a bare FAT, or cut short", () => {
    expect(bootMediumOf(start({}))).toBe("unknown");
    expect(bootMediumOf(start({ ...SIGNATURE }))).toBe("unknown");
    expect(bootMediumOf(start({ ...SIGNATURE, 0x1c2: [0xee] }))).toBe("unknown");
    expect(bootMediumOf(start({ ...SIGNATURE, 0x52: "FAT32   ", 0x1c2: [0x0c] }))).toBe("unknown");
    expect(bootMediumOf(new Uint8Array(100))).toBe("unknown");
  });
});

describe("QEMU's command line for a VM its firmware boots", () => {
  const spec: VmSpec = {
    name: "demo",
    arch: "x86_64",
    accel: "tcg",
    memoryMiB: 1024,
    cpus: 1,
    system: "/disks/demo.raw",
    cdrom: "/isos/demo,1.iso",
    networks: [],
    fwCfg: [],
    qmpSocket: "/run/gp/vm/demo/qmp.sock",
    consoleSocket: "/run/gp/vm/demo/console.sock",
    consoleLog: "/run/gp/vm/demo/console.log",
    pidFile: "/run/gp/vm/demo/qemu.pid",
  };

  it("starts no kernel, boots the CD first and then the disk, which the guest may write", () => {
    const args = qemuArguments(spec);
    expect(args).not.toContain("-kernel");
    expect(args).not.toContain("-append");
    const drives = args.flatMap((arg, index) => (args[index - 1] === "-drive" || args[index - 1] === "-device" ? [arg] : []));
    expect(drives).toEqual([
      "file=/isos/demo,,1.iso,format=raw,if=none,id=cdrom,media=cdrom,readonly=on",
      "ide-cd,bus=ide.0,drive=cdrom,bootindex=0",
      "file=/disks/demo.raw,format=raw,if=none,id=system",
      "virtio-blk-pci,drive=system,serial=system,bootindex=1",
      "virtio-rng-pci,rng=rng0",
    ]);
  });
});
