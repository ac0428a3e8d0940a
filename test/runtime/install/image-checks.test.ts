import { describe, expect, it } from "vitest";
import { kernelArch } from "../../../runtime/install/kernel-arch.js";
import { parseSquashfsHeader } from "../../../runtime/install/squashfs-header.js";
import { parseListing } from "../../../runtime/install/squashfs-reader.js";
import { planDisk } from "../../../runtime/install/disk-plan.js";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function superblock(fields: { magic?: number; major?: number; compression?: number; bytesUsed?: bigint }): Uint8Array {
  const bytes = new Uint8Array(96);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, fields.magic ?? 0x73717368, true);
  view.setUint16(20, fields.compression ?? 1, true);
  view.setUint16(28, fields.major ?? 4, true);
  view.setBigUint64(40, fields.bytesUsed ?? 4096n, true);
  return bytes;
}

describe("the SquashFS superblock", () => {
  it("gives the compression and the size the file system claims", () => {
    expect(parseSquashfsHeader(superblock({ compression: 6, bytesUsed: 123456789n }))).toMatchObject({ compression: "zstd", bytesUsed: 123456789, majorVersion: 4 });
  });

  it("refuses other files, old versions and short reads, saying which", () => {
    expect(parseSquashfsHeader(superblock({ magic: 0x464c457f }))).toEqual({ problem: "it does not start with the SquashFS magic number (hsqs)" });
    expect(parseSquashfsHeader(superblock({ major: 3 }))).toEqual({ problem: "it is SquashFS version 3; only version 4 is read by Linux" });
    expect(parseSquashfsHeader(new Uint8Array(10))).toEqual({ problem: "it is 10 bytes long, shorter than a SquashFS superblock" });
  });
});

describe("a kernel's arch, from its header", () => {
  const header = () => new Uint8Array(4096);
  it("reads the PE machine of EFI-stub kernels", () => {
    for (const [machine, arch] of [[0x8664, "x86_64"], [0xaa64, "aarch64"], [0x5064, "riscv64"], [0x014c, "i686"]] as const) {
      const bytes = header();
      const view = new DataView(bytes.buffer);
      bytes.set([0x4d, 0x5a]);
      view.setUint32(0x3c, 0x80, true);
      bytes.set([0x50, 0x45, 0, 0], 0x80);
      view.setUint16(0x84, machine, true);
      expect(kernelArch(bytes)).toBe(arch);
    }
  });

  it("reads the x86 boot protocol header and the arm64 and riscv64 Image magic", () => {
    const bzImage = header();
    bzImage.set([0x48, 0x64, 0x72, 0x53], 0x202);
    expect(kernelArch(bzImage)).toBe("i686");
    new DataView(bzImage.buffer).setUint16(0x236, 1, true);
    expect(kernelArch(bzImage)).toBe("x86_64");
    const arm = header();
    arm.set([0x41, 0x52, 0x4d, 0x64], 0x38);
    expect(kernelArch(arm)).toBe("aarch64");
    expect(kernelArch(header())).toBeUndefined();
  });
});

describe("reading an image's listing", () => {
  const listing = [
    "drwxr-xr-x root/root               202 2026-11-25 00:45 ",
    "lrwxrwxrwx root/root                 7 2026-11-25 00:45 /lib -> usr/lib",
    "drwxr-xr-x root/root                40 2026-11-25 00:45 /boot",
    "lrwxrwxrwx root/root                14 2026-11-25 00:45 /boot/kernel -> kernel-6.1.0-x",
    "-rw-r--r-- root/root           8123456 2026-11-25 00:45 /boot/kernel-6.1.0-x",
    "drwxr-xr-x root/root                40 2026-11-25 00:45 /usr",
    "drwxr-xr-x root/root                40 2026-11-25 00:45 /usr/lib",
    "drwxr-xr-x root/root                40 2026-11-25 00:45 /usr/lib/genpack-install",
    "-rw-r--r-- root/root               123 2026-11-25 00:45 /usr/lib/genpack-install/bootx64.efi",
    "-rw-r--r-- root/root                 5 2026-11-25 00:45 /usr/lib/name with spaces",
    "crw-r--r-- root/root             1,  3 2026-11-25 00:45 /dev-null",
  ].join("\n");

  it("keeps types, sizes and link targets, names with spaces included", () => {
    const entries = parseListing(listing);
    expect(entries.get("/boot/kernel")).toEqual({ type: "symlink", size: 14, target: "kernel-6.1.0-x" });
    expect(entries.get("/boot/kernel-6.1.0-x")).toEqual({ type: "file", size: 8123456 });
    expect(entries.get("/usr/lib/name with spaces")).toEqual({ type: "file", size: 5 });
    expect(entries.get("/dev-null")?.type).toBe("other");
  });
});

describe("the partition plan", () => {
  const disk = (gib: number) => ({ diskBytes: gib * GIB, logicalSectorSize: 512, forceGpt: false });

  it("sizes the boot partition for three images, at least 4 GiB, MBR up to 2 TiB", () => {
    expect(planDisk({ ...disk(8), imageBytes: 500 * MIB })).toMatchObject({ table: "mbr", boot: { start: MIB, size: 4 * GIB - MIB }, imageOn: "boot" });
    expect(planDisk({ ...disk(16), imageBytes: 2 * GIB })).toMatchObject({ boot: { size: 7 * GIB - MIB } });
    expect(planDisk({ ...disk(3000), imageBytes: GIB })).toMatchObject({ table: "gpt" });
    expect(planDisk({ ...disk(8), imageBytes: GIB, forceGpt: true })).toMatchObject({ table: "gpt" });
    expect(planDisk({ ...disk(8), logicalSectorSize: 4096, imageBytes: GIB })).toMatchObject({ table: "gpt" });
  });

  it("puts a data partition after the boot partition, to the end or of a given size", () => {
    expect(planDisk({ ...disk(10), imageBytes: GIB, dataPartition: "rest" })).toMatchObject({ data: { start: 4 * GIB, size: 6 * GIB } });
    expect(planDisk({ ...disk(10), imageBytes: GIB, dataPartition: 2 * GIB })).toMatchObject({ data: { start: 4 * GIB, size: 2 * GIB } });
  });

  it("moves an image of 4 GiB or more to the data partition, which it then requires", () => {
    expect(planDisk({ ...disk(40), imageBytes: 5 * GIB, dataPartition: "rest" })).toMatchObject({ boot: { size: GIB - MIB }, imageOn: "data" });
    expect(planDisk({ ...disk(40), imageBytes: 5 * GIB })).toEqual({ problem: "the image is 5.0 GiB, too large for the FAT32 boot partition; give --data-partition so it can live there", needsDataPartition: true });
  });

  it("says how large a disk would have to be", () => {
    expect(planDisk({ ...disk(3), imageBytes: GIB })).toEqual({ problem: "the disk is 3.00 GiB, and this image needs at least 4.00 GiB" });
  });
});
