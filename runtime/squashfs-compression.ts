import type { SquashfsCompression } from "../dsl/compression.js";

/**
 * The compressor ids a SquashFS 4 superblock records (the kernel's squashfs_fs.h). Every
 * compression gp builds with is one of them, but `none`, which compresses nothing and records
 * mksquashfs's default, gzip; lzma and lz4 are ones gp reads in images it did not build.
 */
export const SQUASHFS_COMPRESSOR_IDS = { gzip: 1, lzma: 2, lzo: 3, xz: 4, lz4: 5, zstd: 6 } as const satisfies Record<Exclude<SquashfsCompression, "none">, number> & Record<string, number>;

/** A compressor a SquashFS superblock can name. */
export type SquashfsCompressor = keyof typeof SQUASHFS_COMPRESSOR_IDS;

/** The compressor of a superblock's id, or undefined for an id SquashFS does not define. */
export function compressorOfId(id: number): SquashfsCompressor | undefined {
  return (Object.keys(SQUASHFS_COMPRESSOR_IDS) as SquashfsCompressor[]).find((compressor) => SQUASHFS_COMPRESSOR_IDS[compressor] === id);
}

/** mksquashfs's options for each compression, as genpack-create-image passes them, and zstd's. */
export const MKSQUASHFS_OPTIONS: Readonly<Record<SquashfsCompression, readonly string[]>> = {
  gzip: ["-Xcompression-level", "1"],
  xz: ["-comp", "xz", "-b", "1M"],
  lzo: ["-comp", "lzo"],
  zstd: ["-comp", "zstd"],
  none: ["-noI", "-noD", "-noF", "-noX"],
};
