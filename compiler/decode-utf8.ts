import type { Position } from "../errors/diagnostics.js";

export type DecodeResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string; readonly position: Position };

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a file as UTF-8 and refuses bytes that are not, as Python's `open()` does, instead of
 * quietly turning them into U+FFFD: genpack would stop on such a file, and a replaced character
 * could otherwise reach a Portage file unnoticed.
 */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidOffset(bytes);
    const before = strict.decode(bytes.subarray(0, offset));
    const lines = before.split(/\r\n|\r|\n/);
    const column = (lines.at(-1)?.length ?? 0) + 1;
    const byte = (bytes[offset] ?? 0).toString(16).padStart(2, "0");
    return { ok: false, message: `The file is not valid UTF-8: byte 0x${byte} at offset ${offset} starts no valid character.`, position: { line: lines.length, column } };
  }
}

/** The offset of the first byte that begins no well-formed UTF-8 sequence. */
function firstInvalidOffset(bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    const length = sequenceLength(bytes, offset);
    if (length === 0) return offset;
    offset += length;
  }
  return offset;
}

/** The length of the well-formed sequence at `offset`, or 0 (ranges from the Unicode standard, table 3-7). */
function sequenceLength(bytes: Uint8Array, offset: number): number {
  const lead = bytes[offset] ?? 0;
  const at = (index: number): number => bytes[offset + index] ?? -1;
  const continuation = (index: number, low = 0x80, high = 0xbf): boolean => at(index) >= low && at(index) <= high;
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
