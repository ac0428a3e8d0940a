import { codes } from "../errors/codes.js";
import { error, type Diagnostic, type Position } from "../errors/diagnostics.js";

/**
 * How deep brackets may nest in a blueprint's source: `(`, `[`, `{` and a template's `${`.
 * TypeScript's parser and checker, and V8's parser, go down one level of their own stack per
 * level of nesting and run out of it at some 700 (TypeScript) to 5,000 (V8); no code a person
 * writes comes near this limit, which stays well below both.
 */
export const MAX_SOURCE_NESTING = 256;

/** The first character of a name or a number, and a run of the characters of names, numbers and property accesses. */
const WORD = /[\p{L}\p{Nl}\p{Nd}$_\\]/u;
const WORD_RUN = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}$_\\\u200c\u200d.]+/uy;
const SPACE = /\s/;

/** Keywords after which a `/` starts a regular expression rather than dividing. */
const BEFORE_EXPRESSION = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);

/**
 * The offset of the first bracket that nests deeper than `limit` in JavaScript or TypeScript
 * source, if any. A scanner rather than a parser, so that it has no nesting of its own: it
 * skips strings, comments, template text and regular expressions (told from division by the
 * token before them, as tools without a parser do), and counts the brackets in between.
 */
export function excessiveSourceNesting(text: string, limit = MAX_SOURCE_NESTING): number | undefined {
  if (tooFewBracketsToNest(text, limit)) return undefined;
  /** Open brackets; "`" is a template's text, "${" an expression inside one. */
  const open: string[] = [];
  /** Whether the last token ends an expression, so that a `/` after it divides. */
  let afterOperand = false;
  let index = 0;
  const length = text.length;
  const push = (bracket: string): boolean => {
    open.push(bracket);
    return open.length > limit;
  };
  while (index < length) {
    if (open.at(-1) === "`") {
      // Template text, up to its end or the next `${`.
      const char = text[index];
      if (char === "\\") index += 2;
      else if (char === "`") {
        open.pop();
        index++;
        afterOperand = true;
      } else if (char === "$" && text[index + 1] === "{") {
        if (push("${")) return index;
        index += 2;
        afterOperand = false;
      } else index++;
      continue;
    }
    const char = text[index] as string;
    if (char === "/" && text[index + 1] === "/") {
      const end = text.indexOf("\n", index);
      index = end === -1 ? length : end;
    } else if (char === "/" && text[index + 1] === "*") {
      const end = text.indexOf("*/", index + 2);
      index = end === -1 ? length : end + 2;
    } else if (char === "/" && !afterOperand) {
      index = skipRegularExpression(text, index);
      afterOperand = true;
    } else if (char === '"' || char === "'") {
      index = skipString(text, index);
      afterOperand = true;
    } else if (char === "`") {
      if (push("`")) return index;
      index++;
    } else if (char === "(" || char === "[" || char === "{") {
      if (push(char)) return index;
      index++;
      afterOperand = false;
    } else if (char === ")" || char === "]" || char === "}") {
      open.pop();
      index++;
      afterOperand = true;
    } else if (char === " " || char === "\n" || char === "\t" || char === "\r" || char === ",") {
      // The most common characters of data written in code, decided without a pattern.
      if (char === ",") afterOperand = false;
      index++;
    } else if (WORD.test(char)) {
      WORD_RUN.lastIndex = index;
      const word = WORD_RUN.exec(text)?.[0] ?? char;
      index += word.length;
      afterOperand = !BEFORE_EXPRESSION.has(word);
    } else {
      if (!SPACE.test(char)) afterOperand = false;
      index++;
    }
  }
  return undefined;
}

/**
 * Whether source has too few brackets to nest deeper than `limit`, told by counting `(`, `[` and
 * `{` rather than scanning it: every level the scanner counts opens with one of them, except a
 * template's text, and two levels of template text are never next to each other (a `${` lies
 * between), so source with `n` of them nests at most `2n + 1` deep. A large file with few
 * brackets, such as a catalog of declarations, is cleared at the speed of a search; its bytes
 * will do, as UTF-8 has these characters nowhere but where they stand.
 */
export function tooFewBracketsToNest(source: string | Buffer, limit = MAX_SOURCE_NESTING): boolean {
  const allowed = Math.floor((limit - 1) / 2);
  let count = 0;
  for (const bracket of ["(", "[", "{"]) {
    for (let at = source.indexOf(bracket); at !== -1; at = source.indexOf(bracket, at + 1)) {
      if (++count > allowed) return false;
    }
  }
  return true;
}

/** The offset after a string that starts at `start`; a string ends at its quote or the line's end. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === "\\") index += 2;
    else if (char === quote || char === "\n") return index + 1;
    else index++;
  }
  return index;
}

/** The offset after a regular expression that starts at `start`, flags included. */
function skipRegularExpression(text: string, start: number): number {
  let index = start + 1;
  let inClass = false;
  while (index < text.length) {
    const char = text[index];
    if (char === "\\") index += 2;
    else if (char === "\n") return index;
    else if (char === "[") inClass = true, index++;
    else if (char === "]") inClass = false, index++;
    else if (char === "/" && !inClass) {
      index++;
      while (index < text.length && /[A-Za-z]/.test(text[index] as string)) index++;
      return index;
    } else index++;
  }
  return index;
}

/** The 1-based line and column of `offset` in `text`. */
function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The error for a module whose brackets nest too deep to be parsed, at the first bracket past
 * the limit; undefined for any other module. Checked before TypeScript or V8 parse the file,
 * which would otherwise run out of stack.
 */
export function sourceNestingProblem(file: string, text: string): Diagnostic | undefined {
  const offset = excessiveSourceNesting(text);
  if (offset === undefined) return undefined;
  return error(codes.sourceTooDeep, `Brackets nest more than ${MAX_SOURCE_NESTING} levels deep here; TypeScript and Node.js read code by going one level down their own stack per level, and would run out of it.`, {
    location: { file, start: positionOf(text, offset) },
    hint: "Build deeply nested data in a loop, or flatten it; no blueprint needs to be written this deep.",
  });
}
