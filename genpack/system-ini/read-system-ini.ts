import type { IniOption, IniPosition, IniProblem, IniSection, IniSpan, ParsedIni } from "./parsed-ini.js";
import { pyRstrip, skipWhitespace, skipWhitespaceBackwards } from "./python-whitespace.js";
import { firstInvalidUtf8Offset } from "./utf8.js";

/**
 * system.ini read the way genpack-init reads it, so what gp says about the file is what the image
 * will do with it. genpack-init (`load_inifile` in genpack-init.cpp) reads the file's bytes,
 * prepends `[_default]\n`, and hands the string to `ConfigParser().read_string()` with every
 * default: strict, delimiters `=` and `:`, whole-line comments `#` and `;`, no inline comments,
 * empty lines kept inside values, `DEFAULT` as the default section, keys lower-cased. The string
 * crosses into Python through pybind11, which decodes it as strict UTF-8.
 *
 * This follows configparser's `_read` line by line as Python 3.13 and later have it (the images
 * run 3.13 or 3.14): multi-line values are joined even when reading stops at a duplicate, so what
 * came before a duplicate holds joined strings, as it does here.
 */

/** The section genpack-init's prepended header opens: keys above the first header land in it. */
export const TOP_SECTION = "_default";

/** configparser's `default_section`: its keys are inherited by every section. */
export const DEFAULT_SECTION = "DEFAULT";

/** `readSystemIni(bytes)`: what genpack-init's configparser holds after reading system.ini. */
export function readSystemIni(bytes: Uint8Array): ParsedIni {
  const badByte = firstInvalidUtf8Offset(bytes);
  if (badByte !== undefined) return { sections: [], problems: [notUtf8Problem(bytes, badByte)] };
  // pybind11 keeps a byte order mark as U+FEFF: it becomes part of the first key or header.
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  return { text, ...readConfigParserText(text) };
}

/** A value as configparser collects it while reading: one piece per line, joined at the end. */
interface ValuePiece {
  readonly line: number;
  /** 0-based start and end of the stripped line; both 0 for an empty line kept inside the value. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface OptionUnderConstruction {
  readonly key: string;
  readonly rawKey: string;
  readonly keySpan: IniSpan;
  readonly valueStart: IniPosition;
  readonly pieces: ValuePiece[];
}

interface SectionUnderConstruction {
  readonly name: string;
  readonly headerSpan?: IniSpan;
  readonly options: Map<string, OptionUnderConstruction>;
}

/** configparser's `_ReadState`, as it stands after the prepended `[_default]` line. */
interface ReadState {
  current: SectionUnderConstruction;
  /** The section name the header gave: what duplicate options are counted under. */
  currentName: string;
  /** The last key read, until a header; a falsy (empty) key takes no continuation lines. */
  lastKey: string | undefined;
  indentLevel: number;
}

function readConfigParserText(text: string): Pick<ParsedIni, "sections" | "problems"> {
  const top: SectionUnderConstruction = { name: TOP_SECTION, options: new Map() };
  const sections: SectionUnderConstruction[] = [top];
  let defaults: SectionUnderConstruction | undefined;
  // configparser's `elements_added`: sections and keys seen in this read, for the strict checks.
  const sectionsAdded = new Set<string>([TOP_SECTION]);
  const keysAdded = new Map<string, Set<string>>([[TOP_SECTION, new Set()]]);
  const problems: IniProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) problems.push(byteOrderMarkProblem());

  const state: ReadState = { current: top, currentName: TOP_SECTION, lastKey: undefined, indentLevel: 0 };
  // io.StringIO yields lines split at "\n" only: "\r" and the other line breaks stay in the line.
  for (let lineStart = 0, lineNumber = 1; lineStart < text.length; lineNumber += 1) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    // Columns are kept relative to the line; the text is not cut into lines, only `clean` is.
    const start = skipWhitespace(text, lineStart, lineEnd) - lineStart;
    const end = skipWhitespaceBackwards(text, lineEnd, lineStart + start) - lineStart;
    const first = text[lineStart + start];
    const base = lineStart;
    lineStart = lineEnd + 1;
    if (first === "#" || first === ";") continue;
    if (start === end) {
      // An empty line belongs to the value being read (newlines are added when values are joined).
      if (state.lastKey) state.current.options.get(state.lastKey)?.pieces.push({ line: lineNumber, start: 0, end: 0, text: "" });
      continue;
    }
    const clean = text.slice(base + start, base + end);
    if (state.lastKey && start > state.indentLevel) {
      state.current.options.get(state.lastKey)?.pieces.push({ line: lineNumber, start, end, text: clean });
      continue;
    }
    state.indentLevel = start;

    const header = sectionHeaderName(clean);
    if (header !== undefined) {
      const headerSpan = spanOf(lineNumber, start, end);
      if (sectionsAdded.has(header)) {
        problems.push(duplicateSectionProblem(header, headerSpan));
        break;
      }
      if (header === DEFAULT_SECTION) {
        if (defaults === undefined) {
          defaults = { name: DEFAULT_SECTION, headerSpan, options: new Map() };
          sections.push(defaults);
        }
        state.current = defaults;
      } else {
        const section: SectionUnderConstruction = { name: header, headerSpan, options: new Map() };
        sections.push(section);
        sectionsAdded.add(header);
        state.current = section;
      }
      state.currentName = header;
      state.lastKey = undefined;
      continue;
    }

    const delimiter = firstDelimiter(clean);
    if (delimiter < 0) {
      // ParsingError collects the line and reading goes on; the last key keeps its place, so a
      // deeper-indented line after this one still continues that key's value.
      problems.push(unparsableLineProblem(spanOf(lineNumber, start, end), false));
      continue;
    }
    const keyEnd = skipWhitespaceBackwards(clean, delimiter);
    const rawKey = clean.slice(0, keyEnd);
    // An empty key is reported, yet configparser still stores it.
    if (rawKey === "") problems.push(unparsableLineProblem(spanOf(lineNumber, start, end), true));
    const key = optionxform(rawKey);
    const keySpan = spanOf(lineNumber, start, start + keyEnd);
    let added = keysAdded.get(state.currentName);
    if (added === undefined) keysAdded.set(state.currentName, (added = new Set()));
    if (added.has(key)) {
      problems.push(duplicateOptionProblem(state.currentName, rawKey, keySpan));
      break;
    }
    added.add(key);
    const valueStart = skipWhitespace(clean, delimiter + 1);
    state.current.options.set(key, {
      key,
      rawKey,
      keySpan,
      valueStart: { line: lineNumber, column: start + valueStart + 1 },
      pieces: [{ line: lineNumber, start: start + valueStart, end, text: clean.slice(valueStart) }],
    });
    state.lastKey = key;
  }

  return { sections: sections.map(finishSection), problems };
}

/** configparser's `optionxform`: `str.lower()`. */
export function optionxform(key: string): string {
  return key.toLowerCase();
}

/**
 * SECTCRE, `\[(?P<header>.+)\]` matched at the start of the stripped line: the greedy `.+`
 * reaches the last `]`, and whatever follows it is ignored. The header must not be empty.
 */
function sectionHeaderName(clean: string): string | undefined {
  if (clean[0] !== "[") return undefined;
  const close = clean.lastIndexOf("]");
  return close >= 2 ? clean.slice(1, close) : undefined;
}

/**
 * OPTCRE, `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`: the lazy key stops at the first
 * delimiter, whichever of the two it is, so `a:b=c` is key `a` with value `b=c`.
 */
function firstDelimiter(clean: string): number {
  for (let index = 0; index < clean.length; index += 1) {
    const unit = clean.charCodeAt(index);
    if (unit === 0x3d || unit === 0x3a) return index;
  }
  return -1;
}

/** `_join_multiline_values`: pieces joined with newlines, then `rstrip()`, so trailing empty lines go. */
function finishSection(section: SectionUnderConstruction): IniSection {
  const options: IniOption[] = [];
  for (const option of section.options.values()) {
    const value = pyRstrip(option.pieces.map((piece) => piece.text).join("\n"));
    let last: ValuePiece | undefined;
    for (let index = option.pieces.length - 1; index >= 0 && last === undefined; index -= 1) {
      const piece = option.pieces[index] as ValuePiece;
      if (piece.text !== "") last = piece;
    }
    const end = last === undefined ? option.valueStart : { line: last.line, column: last.end + 1 };
    options.push({ key: option.key, rawKey: option.rawKey, keySpan: option.keySpan, value, valueSpan: { start: option.valueStart, end } });
  }
  return section.headerSpan === undefined
    ? { name: section.name, options }
    : { name: section.name, headerSpan: section.headerSpan, options };
}

function spanOf(line: number, start: number, end: number): IniSpan {
  return { start: { line, column: start + 1 }, end: { line, column: end + 1 } };
}

const STOPS = "genpack-init stops reading system.ini here and ignores every line after it";

function notUtf8Problem(bytes: Uint8Array, offset: number): IniProblem {
  let lineStart = 0;
  let line = 1;
  for (let index = 0; index < offset; index += 1) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  // The prefix is valid UTF-8; a byte order mark in it is a column of its own, as for Python.
  const column = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(lineStart, offset)).length + 1;
  const byte = (bytes[offset] as number).toString(16).toUpperCase().padStart(2, "0");
  return {
    kind: "not-utf8",
    span: { start: { line, column }, end: { line, column: column + 1 } },
    message: `system.ini is not UTF-8 text: byte 0x${byte} at line ${line}, column ${column} is not UTF-8, so genpack-init reads none of the file; save it as UTF-8`,
    stopsReading: true,
  };
}

function byteOrderMarkProblem(): IniProblem {
  return {
    kind: "byte-order-mark",
    span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
    message:
      "system.ini starts with a byte order mark; genpack-init keeps it as part of the first line, so the first key or section header is not the one written; save the file as UTF-8 without BOM",
    stopsReading: false,
  };
}

function duplicateSectionProblem(name: string, span: IniSpan): IniProblem {
  const message =
    name === TOP_SECTION
      ? `\`[${TOP_SECTION}]\` is the section genpack-init already opens at the top of the file, so it appears a second time; ${STOPS}`
      : `\`[${name}]\` appears a second time; ${STOPS}`;
  return { kind: "duplicate-section", span, message, stopsReading: true };
}

function duplicateOptionProblem(section: string, rawKey: string, span: IniSpan): IniProblem {
  const where = section === TOP_SECTION ? "at the top of the file" : `in \`[${section}]\``;
  return {
    kind: "duplicate-option",
    span,
    message: `\`${rawKey}\` appears a second time ${where} (keys are compared without case); ${STOPS}`,
    stopsReading: true,
  };
}

function unparsableLineProblem(span: IniSpan, emptyKey: boolean): IniProblem {
  const message = emptyKey
    ? "this line has no key before its `=` or `:`; genpack-init reports it as an error, reads on, and keeps the value under an empty key no module asks for"
    : "this line is neither a `[section]` header nor `key = value`; genpack-init skips it and reads on";
  return { kind: "unparsable-line", span, message, stopsReading: false };
}
