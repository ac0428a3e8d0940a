import { describe, expect, it } from "vitest";
import { SQUASHFS_COMPRESSIONS } from "../../dsl/compression.js";
import { compressorOfId, MKSQUASHFS_OPTIONS, SQUASHFS_COMPRESSOR_IDS } from "../../runtime/squashfs-compression.js";

describe("SquashFS compression", () => {
  it("gives mksquashfs genpack's options for each compression gp builds with, and nothing for another", () => {
    expect(Object.keys(MKSQUASHFS_OPTIONS).sort()).toEqual([...SQUASHFS_COMPRESSIONS].sort());
    expect(MKSQUASHFS_OPTIONS.gzip).toEqual(["-Xcompression-level", "1"]);
    expect(MKSQUASHFS_OPTIONS.xz).toEqual(["-comp", "xz", "-b", "1M"]);
    expect(MKSQUASHFS_OPTIONS.zstd).toEqual(["-comp", "zstd"]);
    expect(MKSQUASHFS_OPTIONS.none).toEqual(["-noI", "-noD", "-noF", "-noX"]);
  });

  it("reads the superblock's compressor ids as the kernel defines them, those gp does not build with too", () => {
    expect([1, 2, 3, 4, 5, 6, 0, 7].map(compressorOfId)).toEqual(["gzip", "lzma", "lzo", "xz", "lz4", "zstd", undefined, undefined]);
  });

  it("knows the superblock id of every compression gp builds with but none, which records gzip", () => {
    for (const compression of SQUASHFS_COMPRESSIONS) if (compression !== "none") expect(SQUASHFS_COMPRESSOR_IDS[compression]).toBeGreaterThan(0);
  });
});
