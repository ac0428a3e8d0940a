/**
 * Strict UTF-8 as Python's decoder (and so pybind11's conversion of a `std::string`) and the
 * WHATWG decoder with `fatal: true` both apply it: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequences. `TextDecoder` says only that the bytes are bad; this says where.
 */

/** The offset of the first byte of the first sequence that is not UTF-8, or undefined when all is. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0) return index;
    // The second byte's range depends on the lead: it is what rules out overlongs, surrogates and
    // code points above U+10FFFF.
    const [low, high] = secondByteRange(lead);
    const second = bytes[index + 1];
    if (second === undefined || second < low || second > high) return index;
    for (let offset = 2; offset < length; offset += 1) {
      const next = bytes[index + offset];
      if (next === undefined || next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return undefined;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}
