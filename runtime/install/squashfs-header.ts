import { compressorOfId, type SquashfsCompressor } from "../squashfs-compression.js";

/**
 * The SquashFS superblock (the first 96 bytes of an image), read without any tool, so that a
 * file that is not a SquashFS at all, or one cut short by a failed download, is refused before
 * anything is written anywhere.
 */
export interface SquashfsHeader {
  readonly inodes: number;
  readonly blockSize: number;
  /** The compressor the superblock names, or `unknown (<id>)`. */
  readonly compression: SquashfsCompressor | `unknown (${number})`;
  readonly majorVersion: number;
  /** How many bytes the file system says it occupies; a shorter file is truncated. */
  readonly bytesUsed: number;
  readonly createdAt: Date;
}

export const SQUASHFS_HEADER_SIZE = 96;
const MAGIC = 0x73717368; // "hsqs" read as a little-endian 32-bit number

/** The superblock's fields, or why these bytes are not the start of a SquashFS 4 image. */
export function parseSquashfsHeader(bytes: Uint8Array): SquashfsHeader | { readonly problem: string } {
  if (bytes.byteLength < SQUASHFS_HEADER_SIZE) return { problem: `it is ${bytes.byteLength} bytes long, shorter than a SquashFS superblock` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return { problem: "it does not start with the SquashFS magic number (hsqs)" };
  const majorVersion = view.getUint16(28, true);
  if (majorVersion !== 4) return { problem: `it is SquashFS version ${majorVersion}; only version 4 is read by Linux` };
  const compressionId = view.getUint16(20, true);
  return {
    inodes: view.getUint32(4, true),
    createdAt: new Date(view.getUint32(8, true) * 1000),
    blockSize: view.getUint32(12, true),
    compression: compressorOfId(compressionId) ?? `unknown (${compressionId})`,
    majorVersion,
    bytesUsed: Number(view.getBigUint64(40, true)),
  };
}
