/** A size as users write it: `8G`, `512MiB`, `1.5T` or a bare number, in binary units. */
export interface WrittenSize {
  readonly amount: number;
  /** The unit's letter, upper case; "" when none was written. */
  readonly unit: "" | "K" | "M" | "G" | "T";
  /** The amount times the unit (a bare number counts as bytes), rounded down. */
  readonly bytes: number;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i;
const UNIT_BYTES = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

/** `text` read as a size, or undefined when it is none. */
export function readWrittenSize(text: string): WrittenSize | undefined {
  const match = SIZE.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? "").toUpperCase() as WrittenSize["unit"];
  return { amount, unit, bytes: Math.floor(amount * UNIT_BYTES[unit]) };
}
