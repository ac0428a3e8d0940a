import { lineStartsOf, positionAt, type LineProblem } from "./line-problem.js";

/**
 * The static assignments of an ebuild, read without running bash. Repositories without a
 * metadata cache (overlays such as genpack-overlay) leave the catalog nothing else to go on, and
 * their ebuilds mostly write these variables as plain literals.
 */

/** The variables the catalog takes from an ebuild. */
export const CATALOG_VARIABLES = ["IUSE", "KEYWORDS", "SLOT", "LICENSE", "DESCRIPTION"] as const;
export type CatalogVariable = (typeof CATALOG_VARIABLES)[number];

/** An expansion in the value of a catalog variable that could not be expanded. */
export interface UnexpandedReference {
  readonly variable: CatalogVariable;
  /** The expansion as written, cut to its first line: `${PYTHON_DEPS}`, `$(ver_cut 1-2)`. */
  readonly reference: string;
  /** 1-based position of its `$` or backtick. */
  readonly line: number;
  readonly column: number;
}

export interface EbuildAssignments {
  /**
   * The value of each catalog variable the ebuild assigns, as the words bash would leave after
   * expansion, joined by single spaces. A word holding an expansion gp cannot expand is left out
   * (`IUSE="${PYTHON_DEPS} doc"` reads as `doc`), except after the `/` of a SLOT, where only
   * the sub-slot is lost (`0/$(ver_cut 1)` reads as `0/`).
   */
  readonly values: Partial<Record<CatalogVariable, string>>;
  readonly unexpanded: readonly UnexpandedReference[];
  /** Quotes and groups that never close. */
  readonly problems: readonly LineProblem[];
}

/**
 * An assignment at the start of a line, or after `;`, `&&`, `||`, `then`, `else` or `do`, as in
 * `[[ ${PV} == 9999 ]] || KEYWORDS="~amd64"`. Lines that are comments never match.
 */
const ASSIGNMENT = /^[ \t]*(?:[^#\n]*?(?:&&|\|\||;|\bthen|\belse|\bdo)[ \t]+)?(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)(\+?)=/gm;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMETER = /[0-9@*#?$!-]/;
/** Characters that end an unquoted shell word. */
const WORD_END = new Set([" ", "\t", "\n", "\r", ";", "&", "|", ")", "<", ">"]);
/** Stands in the read value for what could not be expanded, so the word around it can be dropped. */
const UNKNOWN = "\u0000";

const isCatalogVariable = (name: string): name is CatalogVariable => (CATALOG_VARIABLES as readonly string[]).includes(name);

/** The index of the bracket that closes the one at `open`, or -1. */
function closingBracket(text: string, open: number): number {
  const opener = text[open];
  const closer = opener === "{" ? "}" : ")";
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === "\\") index++;
    else if (char === opener) depth++;
    else if (char === closer && --depth === 0) return index;
  }
  return -1;
}

/** An expansion starting at `start` (a `$` or backtick): where it ends and the variable it names, if it is a plain one. */
function expansionAt(text: string, start: number): { end: number; name: string | undefined } | undefined {
  if (text[start] === "`") {
    const close = text.indexOf("`", start + 1);
    return { end: close === -1 ? text.length : close + 1, name: undefined };
  }
  const next = text[start + 1] ?? "";
  if (next === "{" || next === "(") {
    const close = closingBracket(text, start + 1);
    const end = close === -1 ? text.length : close + 1;
    const inner = text.slice(start + 2, end - 1);
    return { end, name: next === "{" && NAME.test(inner) ? inner : undefined };
  }
  if (NAME_START.test(next)) {
    let end = start + 2;
    while (end < text.length && NAME_CHAR.test(text[end] as string)) end++;
    return { end, name: text.slice(start + 1, end) };
  }
  if (next !== "" && SPECIAL_PARAMETER.test(next)) return { end: start + 2, name: undefined };
  // A lone `$`, as in `$'…'` or before a space, is a literal character.
  return undefined;
}

/**
 * Reads the shell word that starts at `start`: quotes removed, escapes resolved, each expansion
 * replaced by what `expand` returns for it.
 */
function readWord(
  text: string,
  start: number,
  expand: (start: number, end: number, name: string | undefined, readSoFar: string) => string,
): { word: string; end: number; unclosedQuote: number | undefined } {
  let word = "";
  let index = start;
  let unclosedQuote: number | undefined;
  const expandAt = (at: number): boolean => {
    const expansion = expansionAt(text, at);
    if (expansion === undefined) return false;
    word += expand(at, expansion.end, expansion.name, word);
    index = expansion.end;
    return true;
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (WORD_END.has(char)) break;
    if (char === "\\") {
      // A backslash before a line break joins the lines.
      if (text[index + 1] !== "\n") word += text[index + 1] ?? "";
      index += 2;
    } else if (char === "$" && text[index + 1] === "'") {
      // ANSI-C quoting, $'…', where a backslash escapes the quote; its escapes are kept as written.
      let close = index + 2;
      while (close < text.length && text[close] !== "'") close += text[close] === "\\" ? 2 : 1;
      if (close >= text.length) unclosedQuote ??= index;
      word += text.slice(index + 2, Math.min(close, text.length));
      index = close + 1;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      if (close === -1) unclosedQuote ??= index;
      word += text.slice(index + 1, close === -1 ? text.length : close);
      index = close === -1 ? text.length : close + 1;
    } else if (char === '"') {
      const open = index++;
      while (index < text.length && text[index] !== '"') {
        const inner = text[index] as string;
        if (inner === "\\" && '"\\$`\n'.includes(text[index + 1] ?? "")) {
          if (text[index + 1] !== "\n") word += text[index + 1];
          index += 2;
        } else if ((inner === "$" || inner === "`") && expandAt(index)) {
          continue;
        } else {
          word += inner;
          index++;
        }
      }
      if (index >= text.length) unclosedQuote ??= open;
      index++;
    } else if ((char === "$" || char === "`") && expandAt(index)) {
      continue;
    } else {
      word += char;
      index++;
    }
  }
  return { word, end: index, unclosedQuote };
}

/** The words of a read value, without those that hold something unexpanded. */
function knownWords(word: string): string[] {
  return word.split(/\s+/).filter((part) => part !== "" && !part.includes(UNKNOWN));
}

/**
 * Reads the assignments of an ebuild. `known` holds variables Portage sets before sourcing it
 * (`PN`, `PV`, `P`, `CATEGORY`, …); variables the ebuild itself assigns literally before the
 * point of use (`MY_PN="foo"`) are expanded too. `=` replaces a value and `+=` appends to it, as
 * in bash, except that appended words never glue onto the last word.
 */
export function parseEbuildAssignments(text: string, known: Readonly<Record<string, string>> = {}): EbuildAssignments {
  const values: Partial<Record<CatalogVariable, string>> = {};
  const unexpanded: UnexpandedReference[] = [];
  const problems: LineProblem[] = [];
  // What each variable holds so far; undefined for one whose value is not fully known.
  const variables = new Map<string, string | undefined>(Object.entries(known));
  let lineStarts: number[] | undefined;
  const position = (index: number) => positionAt((lineStarts ??= lineStartsOf(text)), index);

  ASSIGNMENT.lastIndex = 0;
  for (let match = ASSIGNMENT.exec(text); match !== null; match = ASSIGNMENT.exec(text)) {
    const name = match[1] as string;
    const append = match[2] === "+";
    const valueStart = match.index + match[0].length;
    if (text[valueStart] === "(") {
      // An array, such as PYTHON_COMPAT=( … ): no catalog variable is one, and none is read.
      const close = closingBracket(text, valueStart);
      variables.set(name, undefined);
      ASSIGNMENT.lastIndex = close === -1 ? text.length : close + 1;
      continue;
    }
    const catalogVariable = isCatalogVariable(name) ? name : undefined;
    const previous = catalogVariable !== undefined ? values[catalogVariable] : variables.get(name);
    let complete = true;
    const { word, end, unclosedQuote } = readWord(text, valueStart, (start, stop, referenced, readSoFar) => {
      if (referenced === name) {
        if (previous !== undefined) return previous;
        // Unset so far, so empty, as in bash: `IUSE="${IUSE} doc"` as the first assignment.
        if (catalogVariable !== undefined || !variables.has(name)) return "";
      }
      const value = referenced === undefined ? undefined : variables.get(referenced);
      if (value !== undefined) return value;
      complete = false;
      if (catalogVariable === "SLOT" && readSoFar.includes("/")) return "";
      if (catalogVariable !== undefined) {
        const reference = text.slice(start, stop).split("\n")[0] as string;
        unexpanded.push({ variable: catalogVariable, reference: reference.length < stop - start ? `${reference}…` : reference, ...position(start) });
      }
      return UNKNOWN;
    });
    ASSIGNMENT.lastIndex = Math.max(end, valueStart + 1);
    if (unclosedQuote !== undefined) {
      problems.push({ ...position(unclosedQuote), message: `The quote that starts the value of ${name} never closes.` });
    }
    const words = knownWords(word).join(" ");
    const value = append && previous !== undefined && previous !== "" ? (words === "" ? previous : `${previous} ${words}`) : words;
    if (catalogVariable !== undefined) values[catalogVariable] = value;
    else variables.set(name, complete && (!append || previous !== undefined || !variables.has(name)) ? value : undefined);
  }
  return { values, unexpanded, problems };
}
