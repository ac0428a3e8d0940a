import type { IniOption, IniPosition, IniSection, IniSpan, ParsedIni } from "../../genpack/system-ini/parsed-ini.js";
import { TOP_SECTION } from "./form-fields.js";

/**
 * Edits of system.ini's text that touch only what they must: the user's comments, blank lines,
 * order, spacing and line endings stay as they were. Lines are split at `\n` alone, as
 * configparser reads them (a `\r` before it stays part of the line), and positions are those of
 * the dialect reader: 1-based lines, 1-based columns in UTF-16 code units.
 */

/** Where each line starts in the text. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}

/** The end of a line's content: before its `\n` and a `\r` in front of it. */
function contentEnd(text: string, starts: readonly number[], line: number): number {
  const next = starts[line];
  let end = next === undefined ? text.length : next - 1;
  if (end > (starts[line - 1] ?? 0) && text[end - 1] === "\r") end -= 1;
  return end;
}

function offsetOf(text: string, starts: readonly number[], position: IniPosition): number {
  const start = starts[position.line - 1];
  if (start === undefined) return text.length;
  return Math.min(start + position.column - 1, contentEnd(text, starts, position.line));
}

/** The file's line ending: that of its first line break, `\n` when it has none. */
export function lineEnding(text: string): "\n" | "\r\n" {
  const index = text.indexOf("\n");
  return index > 0 && text[index - 1] === "\r" ? "\r\n" : "\n";
}

/** `text` with `span` replaced by `replacement`, as a finding's fix says. */
export function replaceSpan(text: string, span: IniSpan, replacement: string): string {
  const starts = lineStarts(text);
  const start = offsetOf(text, starts, span.start);
  const end = Math.max(start, offsetOf(text, starts, span.end));
  return text.slice(0, start) + replacement + text.slice(end);
}

/**
 * A value as the file says it: `%` doubled, since configparser's interpolation reads a lone `%`
 * as the start of a reference, and each further line of a value indented, as a continuation line.
 * Blank lines are left out: inside a value configparser keeps them only before an indented line.
 */
export function iniTextOf(value: string, eol: string): string {
  const lines = value.split(/\r?\n/).map((line) => line.trim()).filter((line, index) => index === 0 || line !== "");
  return lines.map((line) => line.replaceAll("%", "%%")).join(`${eol}    `);
}

/** The value the form shows for a raw value of the file: `%%` read back as `%`; a lone `%` is left as written. */
export function formTextOf(raw: string): string {
  return /%(?!%)/.test(raw.replaceAll("%%", "")) ? raw : raw.replaceAll("%%", "%");
}

/** The section configparser holds under `name`: the first, since a second one stops its reading. */
export function findSection(parsed: ParsedIni, name: string): IniSection | undefined {
  return parsed.sections.find((section) => section.name === name);
}

/** The option configparser holds for `key` in `section`, if any. */
export function findOption(parsed: ParsedIni, section: string, key: string): IniOption | undefined {
  return findSection(parsed, section)?.options.find((option) => option.key === key);
}

/** Whether a line holds only a comment. */
function isComment(text: string, starts: readonly number[], line: number): boolean {
  const content = text.slice(starts[line - 1] ?? 0, contentEnd(text, starts, line)).trimStart();
  return content.startsWith("#") || content.startsWith(";");
}

/** The offset where a new key of the top of the file goes: after its last key, else above the first header and the comments attached to it. */
function topInsertionOffset(text: string, starts: readonly number[], parsed: ParsedIni): number {
  const top = findSection(parsed, TOP_SECTION);
  const last = top?.options.at(-1);
  if (last !== undefined) return starts[last.valueSpan.end.line] ?? text.length;
  const firstHeader = parsed.sections.find((section) => section.headerSpan !== undefined)?.headerSpan;
  if (firstHeader === undefined) return text.length;
  let line = firstHeader.start.line;
  while (line > 1 && isComment(text, starts, line - 1)) line -= 1;
  return starts[line - 1] ?? 0;
}

/** Text to insert at `offset` that begins on a line of its own. */
function onOwnLine(text: string, offset: number, lines: string, eol: string): string {
  const needsBreak = offset > 0 && text[offset - 1] !== "\n";
  return text.slice(0, offset) + (needsBreak ? eol : "") + lines + text.slice(offset);
}

/**
 * `text` with `key` of `section` set to `value`, or removed when `value` is undefined: the
 * value of the key's line is replaced (its continuation lines with it), or the key is added at
 * the end of its section, or the section is added at the end of the file. Nothing else changes.
 */
export function setIniValue(text: string, parsed: ParsedIni, section: string, key: string, value: string | undefined): string {
  const eol = lineEnding(text);
  const starts = lineStarts(text);
  const option = findOption(parsed, section, key);
  if (option !== undefined) {
    if (value === undefined) {
      const from = starts[option.keySpan.start.line - 1] ?? text.length;
      const to = starts[option.valueSpan.end.line] ?? text.length;
      return text.slice(0, from) + text.slice(to);
    }
    const start = offsetOf(text, starts, option.valueSpan.start);
    const end = Math.max(start, offsetOf(text, starts, option.valueSpan.end));
    // `key =` with nothing after it: the new value needs a space to read as the form writes it.
    const gap = start === end && start > 0 && !/\s/.test(text[start - 1] ?? "") ? " " : "";
    return text.slice(0, start) + gap + iniTextOf(value, eol) + text.slice(end);
  }
  if (value === undefined) return text;
  const line = `${key} = ${iniTextOf(value, eol)}${eol}`;
  if (section === TOP_SECTION) return onOwnLine(text, topInsertionOffset(text, starts, parsed), line, eol);
  const existing = findSection(parsed, section);
  if (existing?.headerSpan !== undefined) {
    const lastLine = existing.options.at(-1)?.valueSpan.end.line ?? existing.headerSpan.end.line;
    return onOwnLine(text, starts[lastLine] ?? text.length, line, eol);
  }
  const separator = text === "" ? "" : text.endsWith("\n") ? eol : eol + eol;
  return `${text}${separator}[${section}]${eol}${line}`;
}
