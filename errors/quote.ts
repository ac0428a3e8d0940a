/**
 * How messages show what a user wrote. A value is shown whole up to {@link LONGEST} characters;
 * a longer one (a 1 MB atom, a key pasted from a binary) by its start and end around "…", with
 * its length, so a message stays a few lines however large the input. Control characters are
 * escaped, so a value cannot break a message's line or colour a terminal.
 */
const LONGEST = 100;
const HEAD = 60;
const TAIL = 20;

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` cut so that it does not end in the first half of a surrogate pair. */
function head(text: string, length: number): string {
  const end = /[\ud800-\udbff]/.test(text.charAt(length - 1)) ? length - 1 : length;
  return text.slice(0, end);
}

/** The last `length` units of `text`, not starting in the second half of a surrogate pair. */
function tail(text: string, length: number): string {
  const start = text.length - length;
  return text.slice(/[\udc00-\udfff]/.test(text.charAt(start)) ? start + 1 : start);
}

/** `value` itself when short, else its start and end around "…", unescaped. */
export function shorten(value: string): string {
  return value.length <= LONGEST ? value : `${head(value, HEAD)}…${tail(value, TAIL)}`;
}

/** `value` between `mark`s, whole when short, else its ends and its length after the closing mark. */
function shown(value: string, mark: string): string {
  const note = value.length <= LONGEST ? "" : ` (${value.length} characters)`;
  return `${mark}${escapeControl(shorten(value))}${mark}${note}`;
}

/** A user's value as a message shows it without quotes: whole when short, else `start…end (N characters)`. */
export function excerpt(value: string): string {
  return shown(value, "");
}

/** A user's value as a message quotes it: `"value"`, or `"start…end" (N characters)` when long. */
export function quote(value: string): string {
  return shown(value, '"');
}

/** A name as a message shows it in backticks (a key, a field), shortened like {@link quote}. */
export function quoteName(name: string): string {
  return shown(name, "`");
}

/** How many values of a list a message names before it counts the rest. */
const LISTED = 10;

/** Values as a message lists them: `"a", "b", "c"`, or the first ten and how many more. */
export function quoteList(values: readonly string[]): string {
  const shownValues = values.slice(0, LISTED).map(quote).join(", ");
  return values.length <= LISTED ? shownValues : `${shownValues} and ${values.length - LISTED} more`;
}
