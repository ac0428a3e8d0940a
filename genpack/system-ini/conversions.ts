import { pyStrip } from "./python-whitespace.js";

/**
 * How a genpack-init module turns a system.ini value into a boolean or a number: configparser's
 * `getboolean()` and `getint()`. Both raise ValueError on anything else, and the module that asked
 * fails; these return undefined instead.
 */

/** `RawConfigParser.BOOLEAN_STATES`, looked up with the value lower-cased. */
const BOOLEAN_STATES: ReadonlyMap<string, boolean> = new Map([
  ["1", true],
  ["yes", true],
  ["true", true],
  ["on", true],
  ["0", false],
  ["no", false],
  ["false", false],
  ["off", false],
]);

/** The boolean `getboolean()` makes of a value, or undefined where it raises ValueError. */
export function iniBoolean(value: string): boolean | undefined {
  return BOOLEAN_STATES.get(value.toLowerCase());
}

/** Python's `sys.int_info.default_max_str_digits`: `int()` refuses longer decimal strings. */
export const MAX_INT_DIGITS = 4300;

/**
 * The number `getint()` (Python's `int(value)`) makes of a value, or undefined where it raises
 * ValueError. `int()` takes surrounding whitespace (Python's set), one sign, decimal digits of any
 * script (`٤٢`, `４２`), single underscores between digits, leading zeros, and at most
 * {@link MAX_INT_DIGITS} digits. Beyond 2^53 the number is the nearest double, as ordering needs.
 */
export function iniInteger(value: string): number | undefined {
  const text = pyStrip(value);
  let index = 0;
  let negative = false;
  if (text[0] === "+" || text[0] === "-") {
    negative = text[0] === "-";
    index = 1;
  }
  let digits = "";
  let afterDigit = false;
  while (index < text.length) {
    const codePoint = text.codePointAt(index) as number;
    index += codePoint > 0xffff ? 2 : 1;
    if (codePoint === 0x5f) {
      if (!afterDigit) return undefined;
      afterDigit = false;
      continue;
    }
    const digit = decimalDigitValue(codePoint);
    if (digit === undefined) return undefined;
    digits += String(digit);
    afterDigit = true;
  }
  if (!afterDigit || digits.length > MAX_INT_DIGITS) return undefined;
  const magnitude = Number(BigInt(digits));
  return negative ? -magnitude : magnitude;
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a character of category Nd. Unicode encodes each script's digits as a run of ten,
 * zero first, and runs that touch (the mathematical digits) are whole runs too: so a digit's value
 * is its distance from the start of its stretch of digits, modulo ten.
 */
function decimalDigitValue(codePoint: number): number | undefined {
  if (codePoint >= 0x30 && codePoint <= 0x39) return codePoint - 0x30;
  if (codePoint < 0x80 || !DECIMAL_DIGIT.test(String.fromCodePoint(codePoint))) return undefined;
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (codePoint - start) % 10;
}
