import { deflateSync } from "node:zlib";
import type { Parsed } from "./vm-options.js";

/**
 * The pictures QEMU's screendump writes, read and turned into PNG: a QEMU that cannot write PNG
 * writes binary PPM (P6), which gp converts itself with Node's zlib, so no image tool is needed.
 */

/** An 8-bit RGB picture, row by row from the top, three bytes a pixel. */
export interface RgbPicture {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** A limit far above any screen QEMU draws (its largest is 16384 wide), so a corrupt header cannot make gp allocate gigabytes. */
const MAX_SIDE = 32_768;

/**
 * Reads a binary PPM: `P6`, width, height and maximum value as decimal words separated by
 * whitespace (with `#` comments to the end of a line), one whitespace byte, then the pixels.
 * Only a maximum of 255 (one byte a sample) is read; QEMU writes no other.
 */
export function readPpm(bytes: Uint8Array): Parsed<RgbPicture> {
  let at = 0;
  const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0b || byte === 0x0c;
  const word = (): string | undefined => {
    for (;;) {
      while (at < bytes.length && isSpace(bytes[at]!)) at += 1;
      if (bytes[at] !== 0x23) break;
      while (at < bytes.length && bytes[at] !== 0x0a) at += 1;
    }
    const start = at;
    while (at < bytes.length && !isSpace(bytes[at]!) && at - start <= 8) at += 1;
    return at === start ? undefined : Buffer.from(bytes.subarray(start, at)).toString("latin1");
  };
  if (word() !== "P6") return { problem: "it is not a binary PPM picture (no P6 at its start)" };
  const [width, height, maximum] = [word(), word(), word()].map((text) => (text !== undefined && /^\d{1,6}$/.test(text) ? Number(text) : undefined));
  if (width === undefined || height === undefined || maximum === undefined) return { problem: "its PPM header has no width, height and maximum value" };
  if (maximum !== 255) return { problem: `its PPM samples go up to ${maximum}; gp reads only 255` };
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return { problem: `its PPM size ${width}x${height} is not a screen's` };
  // Exactly one whitespace byte ends the header.
  if (!isSpace(bytes[at] ?? 0)) return { problem: "its PPM header does not end in whitespace" };
  at += 1;
  const length = width * height * 3;
  if (bytes.length - at < length) return { problem: `it ends after ${bytes.length - at} of the ${length} bytes its ${width}x${height} pixels need` };
  return { value: { width, height, rgb: bytes.subarray(at, at + length) } };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** PNG's CRC-32 (ISO 3309, as zlib's), over a chunk's type and data. */
function crc32(parts: readonly Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const part of parts) for (const byte of part) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const name = Buffer.from(type, "latin1");
  const frame = Buffer.alloc(12 + data.length);
  frame.writeUInt32BE(data.length, 0);
  name.copy(frame, 4);
  frame.set(data, 8);
  frame.writeUInt32BE(crc32([name, data]), 8 + data.length);
  return frame;
}

/** A PNG of `picture`: 8-bit RGB, not interlaced, every row unfiltered (filter type 0), deflated by zlib. */
export function encodePng(picture: RgbPicture): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(picture.width, 0);
  header.writeUInt32BE(picture.height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
  const stride = picture.width * 3;
  const rows = Buffer.alloc((stride + 1) * picture.height);
  for (let y = 0; y < picture.height; y += 1) rows.set(picture.rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", new Uint8Array(0))]);
}

/** The size a PNG's header gives, or a problem when the bytes do not start as a PNG does. */
export function pngSize(bytes: Uint8Array): Parsed<{ readonly width: number; readonly height: number }> {
  const signed = bytes.length >= 33 && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
  if (!signed || Buffer.from(bytes.subarray(12, 16)).toString("latin1") !== "IHDR") return { problem: "it is not a PNG picture (no PNG signature and header)" };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { value: { width: view.readUInt32BE(16), height: view.readUInt32BE(20) } };
}
