/**
 * The tokens of a TypeScript or JavaScript file, as far as gp needs them to find where a value
 * was written: words, strings, numbers, templates, regular expressions and punctuation, with
 * comments and white space left out, and each bracket paired with the one that closes it. A
 * template with substitutions is its parts (`` `a${ ``, `` }b${ ``, `` }c` ``) with the tokens of
 * each substitution between them, its first part paired with its last. Linear in the text, and total: any text gives tokens, an
 * unterminated string or comment simply ends at the end of its line or of the file.
 */

export type TokenKind = "word" | "string" | "template" | "number" | "regex" | "punct";

export interface Token {
  readonly kind: TokenKind;
  /** UTF-16 offsets into the text: the token is `text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /**
   * The punctuator itself, or the word; for the parts of a template with substitutions `head`,
   * `middle` and `tail`; empty otherwise.
   */
  readonly value: string;
  /** Whether a line break stands between this token and the one before. */
  readonly newlineBefore: boolean;
}

export interface ScriptTokens {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** For each bracket token and each first or last part of a template, the index of its partner; -1 for other tokens and those left unpaired. */
  readonly partner: Int32Array;
}

/** Punctuators of more than one character that gp tells apart; every other one is read a character at a time. */
const LONG_PUNCTUATORS = ["...", "!==", "===", "!=", "==", "=>", "?."];

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await", "extends"]);

const WORD = /[\p{ID_Start}$_\\#][\p{ID_Continue}$\u200c\u200d\\]*/uy;
const NUMBER = /(?:0[xXbBoO][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff || (code > 0x7f && /\s/u.test(String.fromCharCode(code)));
}

class Scanner {
  readonly tokens: Token[] = [];
  #newline = false;

  constructor(readonly text: string) {}

  /**
   * Reads tokens from `at`; inside a template's substitution (`nested`) it stops at the `}`
   * that closes it. Returns where it stopped.
   */
  scan(at: number, nested: boolean): number {
    const { text } = this;
    let depth = 0;
    let position = at;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      if (isLineBreak(code)) {
        this.#newline = true;
        position += 1;
        continue;
      }
      if (isSpace(code)) {
        position += 1;
        continue;
      }
      const next = text.charCodeAt(position + 1);
      if (code === 0x2f && next === 0x2f) {
        while (position < text.length && !isLineBreak(text.charCodeAt(position))) position += 1;
        continue;
      }
      if (code === 0x2f && next === 0x2a) {
        const close = text.indexOf("*/", position + 2);
        const end = close === -1 ? text.length : close + 2;
        if (/[\n\r\u2028\u2029]/.test(text.slice(position, end))) this.#newline = true;
        position = end;
        continue;
      }
      const start = position;
      if (code === 0x22 || code === 0x27) {
        position = this.#stringEnd(position, code);
        this.#push("string", start, position, "");
        continue;
      }
      if (code === 0x60) {
        position = this.#template(position, "");
        continue;
      }
      if (code === 0x2f && this.#regexAllowed()) {
        const end = this.#regexEnd(position);
        if (end !== undefined) {
          position = end;
          this.#push("regex", start, position, "");
          continue;
        }
      }
      NUMBER.lastIndex = position;
      if ((code >= 0x30 && code <= 0x39) || (code === 0x2e && next >= 0x30 && next <= 0x39)) {
        const match = NUMBER.exec(text);
        if (match !== null) {
          position += match[0].length;
          this.#push("number", start, position, "");
          continue;
        }
      }
      WORD.lastIndex = position;
      const word = WORD.exec(text);
      if (word !== null) {
        position += word[0].length;
        this.#push("word", start, position, word[0]);
        continue;
      }
      const long = LONG_PUNCTUATORS.find((candidate) => text.startsWith(candidate, position));
      // `?.5` is a conditional before a number, not an optional chain.
      const punctuator = long === "?." && next >= 0x30 && next <= 0x39 ? "?" : (long ?? text[position] ?? "");
      position += punctuator.length;
      if (nested && punctuator === "{") depth += 1;
      if (nested && punctuator === "}") {
        if (depth === 0) return start;
        depth -= 1;
      }
      this.#push("punct", start, position, punctuator);
    }
    return position;
  }

  #push(kind: TokenKind, start: number, end: number, value: string): void {
    this.tokens.push({ kind, start, end, value, newlineBefore: this.#newline });
    this.#newline = false;
  }

  #stringEnd(at: number, quote: number): number {
    const { text } = this;
    let position = at + 1;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      if (code === quote) return position + 1;
      if (code === 0x5c) position += 2;
      else if (code === 0x0a || code === 0x0d) return position;
      else position += 1;
    }
    return text.length;
  }

  /**
   * A template from its `` ` `` (or from the `}` that ends a substitution, after the `head`):
   * its parts as tokens and the tokens of its substitutions between them. Returns its end.
   */
  #template(at: number, before: "" | "head"): number {
    const { text } = this;
    let start = at;
    let position = at + 1;
    let part: "" | "head" = before;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      if (code === 0x60) {
        this.#push("template", start, position + 1, part === "" ? "" : "tail");
        return position + 1;
      }
      if (code === 0x5c) position += 2;
      else if (code === 0x24 && text.charCodeAt(position + 1) === 0x7b) {
        this.#push("template", start, position + 2, part === "" ? "head" : "middle");
        part = "head";
        start = this.scan(position + 2, true);
        position = start + 1;
      } else position += 1;
    }
    this.#push("template", start, text.length, part === "" ? "" : "tail");
    return text.length;
  }

  /** Whether a `/` here starts a regular expression: where an expression may start, not after one. */
  #regexAllowed(): boolean {
    const previous = this.tokens.at(-1);
    if (previous === undefined) return true;
    if (previous.kind === "word") return REGEX_AFTER_WORDS.has(previous.value);
    // A substitution starts after the part before it.
    if (previous.kind === "template") return previous.value === "head" || previous.value === "middle";
    if (previous.kind !== "punct") return false;
    return previous.value !== ")" && previous.value !== "]" && previous.value !== "}";
  }

  #regexEnd(at: number): number | undefined {
    const { text } = this;
    let position = at + 1;
    let inClass = false;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      if (isLineBreak(code)) return undefined;
      if (code === 0x5c) position += 2;
      else {
        if (code === 0x5b) inClass = true;
        else if (code === 0x5d) inClass = false;
        else if (code === 0x2f && !inClass) {
          position += 1;
          while (position < text.length && /[\p{ID_Continue}$]/u.test(text[position] ?? "")) position += 1;
          return position;
        }
        position += 1;
      }
    }
    return undefined;
  }
}

const OPENING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** Tokens of `text`, with brackets paired. */
export function scriptTokens(text: string): ScriptTokens {
  const scanner = new Scanner(text);
  // A `#!` line at the very start is for the shell, as in Node.js.
  scanner.scan(text.startsWith("#!") ? Math.max(0, text.search(/[\n\r\u2028\u2029]|$/)) : 0, false);
  const { tokens } = scanner;
  const partner = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind === "template" && token.value === "head") open.push(index);
    else if (token.kind === "template" && token.value === "tail") {
      const opener = open.at(-1);
      if (opener === undefined || (tokens[opener] as Token).kind !== "template") return;
      open.pop();
      partner[opener] = index;
      partner[index] = opener;
    }
    if (token.kind !== "punct") return;
    if (OPENING[token.value] !== undefined) open.push(index);
    else if (token.value === ")" || token.value === "]" || token.value === "}") {
      // A closing bracket pairs with the innermost open one when it is of its kind; one that
      // matches nothing stays unpaired, and so does everything it would have closed.
      const opener = open.at(-1);
      if (opener === undefined || (tokens[opener] as Token).kind !== "punct" || OPENING[(tokens[opener] as Token).value] !== token.value) return;
      open.pop();
      partner[opener] = index;
      partner[index] = opener;
    }
  });
  return { text, tokens, partner };
}
