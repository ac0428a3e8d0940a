/**
 * Whitespace as Python's `str.isspace()`, `str.strip()` and the `\s` of its `re` module see it:
 * the characters with bidirectional type WS, B or S, or category Zs. It is not JavaScript's set:
 * U+FEFF (a byte order mark) is no whitespace for Python, while the information separators
 * U+001C–U+001F and NEL (U+0085) are. configparser strips keys, values and whole lines with it.
 */

/** Every Python whitespace character is in the Basic Multilingual Plane, so one UTF-16 unit each. */
export function isPythonWhitespace(unit: number): boolean {
  if (unit <= 0x20) return (unit >= 0x09 && unit <= 0x0d) || (unit >= 0x1c && unit <= 0x20);
  if (unit < 0x85) return false;
  return (
    unit === 0x85 ||
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000
  );
}

/** Index of the first character that is not whitespace at or after `from`, or `text.length`. */
export function skipWhitespace(text: string, from = 0, to = text.length): number {
  let index = from;
  while (index < to && isPythonWhitespace(text.charCodeAt(index))) index += 1;
  return index;
}

/** Index just after the last character before `to` that is not whitespace, or `from`. */
export function skipWhitespaceBackwards(text: string, to = text.length, from = 0): number {
  let index = to;
  while (index > from && isPythonWhitespace(text.charCodeAt(index - 1))) index -= 1;
  return index;
}

/** Python's `text.strip()`. */
export function pyStrip(text: string): string {
  const start = skipWhitespace(text);
  return text.slice(start, skipWhitespaceBackwards(text, text.length, start));
}

/** Python's `text.rstrip()`. */
export function pyRstrip(text: string): string {
  return text.slice(0, skipWhitespaceBackwards(text));
}
