import type { Position } from "../../errors/diagnostics.js";
import type { ArrayNode, Comment, Commented, Document, Entry, Item, ObjectNode, ValueNode } from "./syntax.js";
import { quote } from "../../errors/quote.js";

/**
 * A parser for genpack.json5 (JSON5) and genpack.json (JSON as Python's json module reads it),
 * keeping what a generic parser drops: the position of every key and value, and the comments,
 * attached to the entry they precede or follow on the same line. Both are needed to point at
 * problems and to carry comments into an imported blueprint.
 *
 * It reads the way genpack's parsers do: a key written twice keeps its first place and its last
 * value (Python dicts), `1` is an integer and `1.0` a float, and JSON allows NaN and Infinity.
 */
export type ParseResult = { readonly ok: true; readonly document: Document } | { readonly ok: false; readonly message: string; readonly position: Position };

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

interface Trivia {
  readonly comment: Comment;
  /** Whether a line break separates the comment from what came before it. */
  readonly afterNewline: boolean;
}

const JSON5_SPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const JSON_SPACE = /[\t\n\r ]/;
/** A key's name up to its first escape, and the name's characters after one. */
const IDENTIFIER = /[$_\p{L}\p{Nl}][$_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200c\u200d]*/uy;
const IDENTIFIER_PARTS = /[$_\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\u200c\u200d]+/uy;

/**
 * How deeply objects and lists may nest: Python's json module stops just short of 1000 levels
 * (its recursion limit), and a clear message beats exhausting the stack on a hostile file.
 */
const MAX_DEPTH = 990;

/**
 * What elements without comments share, instead of an empty list each: a file of two million
 * entries would otherwise hold two million empty lists. Frozen, so nothing can add to it.
 */
const NO_COMMENTS = Object.freeze([]) as unknown as Comment[];
const NONE_FOUND = Object.freeze([]) as unknown as Trivia[];

const LINE_END = /[\n\r\u2028\u2029]/g;
const SPECIAL_NUMBER = /Infinity|NaN/y;
const HEX_NUMBER = /0[xX][0-9a-fA-F]+/y;
const JSON5_DECIMAL = /(?:(?:0|[1-9]\d*)(\.\d*)?|\.\d+)([eE][-+]?\d+)?/y;
const JSON_DECIMAL = /(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const LEADING_ZERO = /0\d/y;
const KEYWORDS = [
  ["true", { kind: "boolean", value: true }],
  ["false", { kind: "boolean", value: false }],
  ["null", { kind: "null" }],
] as const;
const JSON_ESCAPES: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\", "/": "/" };
const JSON5_ESCAPES: Readonly<Record<string, string>> = { ...JSON_ESCAPES, v: "\v", "'": "'" };

class Parser {
  #index = 0;
  #line = 1;
  #column = 1;
  #depth = 0;

  constructor(
    readonly text: string,
    readonly json5: boolean,
  ) {}

  position(): Position {
    return { line: this.#line, column: this.#column };
  }

  peek(offset = 0): string {
    return this.text.charAt(this.#index + offset);
  }

  atEnd(): boolean {
    return this.#index >= this.text.length;
  }

  advance(): string {
    const char = this.text.charAt(this.#index++);
    if (char === "\n" || char === "\u2028" || char === "\u2029" || (char === "\r" && this.peek() !== "\n")) {
      this.#line++;
      this.#column = 1;
    } else {
      this.#column++;
    }
    return char;
  }

  /** Moves over `count` characters that hold no line break, at once. */
  skip(count: number): void {
    this.#index += count;
    this.#column += count;
  }

  /** Moves to `end`, counting the line breaks on the way as {@link advance} does. */
  advanceTo(end: number): void {
    while (this.#index < end) this.advance();
  }

  fail(message: string, position = this.position()): never {
    throw new SyntaxProblem(message, position);
  }

  describe(char: string): string {
    if (char === "") return "the end of the file";
    if (char === "\n" || char === "\r") return "a line break";
    if (char === '"' || (char === "'" && this.json5)) return "the start of a string";
    if (char === "'") return `"'" (JSON strings take double quotes)`;
    return quote(char);
  }

  /** Skips whitespace and comments, returning the comments with their line context. */
  trivia(): Trivia[] {
    let found: Trivia[] = NONE_FOUND;
    let newline = false;
    for (;;) {
      const char = this.peek();
      if (char === "") return found;
      if ((this.json5 ? JSON5_SPACE : JSON_SPACE).test(char)) {
        if (char === "\n" || char === "\r" || char === "\u2028" || char === "\u2029") newline = true;
        this.advance();
        continue;
      }
      if (this.json5 && char === "/" && this.peek(1) === "/") {
        const start = this.position();
        LINE_END.lastIndex = this.#index + 2;
        const end = LINE_END.exec(this.text)?.index ?? this.text.length;
        const text = this.text.slice(this.#index + 2, end);
        this.skip(end - this.#index);
        if (found === NONE_FOUND) found = [];
        found.push({ comment: { kind: "line", text, start }, afterNewline: newline });
        continue;
      }
      if (this.json5 && char === "/" && this.peek(1) === "*") {
        const start = this.position();
        const end = this.text.indexOf("*/", this.#index + 2);
        if (end === -1) this.fail("This block comment is never closed.", start);
        const text = this.text.slice(this.#index + 2, end);
        this.advanceTo(end + 2);
        if (found === NONE_FOUND) found = [];
        found.push({ comment: { kind: "block", text, start }, afterNewline: newline });
        continue;
      }
      return found;
    }
  }

  expect(char: string, what: string): void {
    if (this.peek() !== char) this.fail(`Expected ${what}, found ${this.describe(this.peek())}.`);
    this.advance();
  }

  value(): ValueNode {
    const char = this.peek();
    if (char === "{" || char === "[") {
      if (this.#depth >= MAX_DEPTH) this.fail(`Objects and lists nest more than ${MAX_DEPTH} deep here.`);
      this.#depth++;
      const node = char === "{" ? this.object() : this.array();
      this.#depth--;
      return node;
    }
    if (char === '"' || (this.json5 && char === "'")) {
      const start = this.position();
      const value = this.string();
      return { kind: "string", value, start, end: this.position() };
    }
    if (/[-+.0-9]/.test(char) || char === "I" || char === "N") return this.number();
    const start = this.position();
    for (const [word, node] of KEYWORDS) {
      if (this.text.startsWith(word, this.#index)) {
        this.skip(word.length);
        return { ...node, start, end: this.position() } as ValueNode;
      }
    }
    if (char === "") this.fail("The file ends where a value should be.");
    return this.fail(`Expected a value, found ${this.describe(char)}.`);
  }

  /** The match of a sticky pattern at the current position. */
  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.#index;
    return pattern.exec(this.text);
  }

  number(): ValueNode {
    const start = this.position();
    const begin = this.#index;
    let sign = "";
    if (this.peek() === "-" || (this.json5 && this.peek() === "+")) sign = this.advance();
    const word = this.match(SPECIAL_NUMBER)?.[0];
    if (word !== undefined) {
      // Python's json reads NaN, Infinity and -Infinity; JSON5 also +Infinity, +NaN and -NaN.
      if (!this.json5 && sign === "-" && word === "NaN") this.fail("JSON has no -NaN.", start);
      this.skip(word.length);
      const magnitude = word === "NaN" ? Number.NaN : Number.POSITIVE_INFINITY;
      return { kind: "number", value: sign === "-" ? -magnitude : magnitude, integer: false, raw: this.text.slice(begin, this.#index), start, end: this.position() };
    }
    if (this.json5) {
      const hex = this.match(HEX_NUMBER);
      if (hex !== null) {
        this.skip(hex[0].length);
        const magnitude = Number.parseInt(hex[0].slice(2), 16);
        return { kind: "number", value: sign === "-" ? -magnitude : magnitude, integer: true, raw: this.text.slice(begin, this.#index), start, end: this.position() };
      }
    }
    const decimal = this.match(this.json5 ? JSON5_DECIMAL : JSON_DECIMAL);
    if (decimal === null) this.fail(`Expected a number, found ${this.describe(this.peek())}.`);
    if (this.match(LEADING_ZERO) !== null) this.fail("A number cannot start with 0 followed by digits; octal is not allowed.", start);
    this.skip(decimal[0].length);
    const integer = decimal[1] === undefined && decimal[2] === undefined && !decimal[0].startsWith(".");
    const value = Number(`${sign === "+" ? "" : sign}${decimal[0]}`);
    return { kind: "number", value, integer, raw: this.text.slice(begin, this.#index), start, end: this.position() };
  }

  string(): string {
    const start = this.position();
    const delimiter = this.advance();
    let value = "";
    for (;;) {
      // A run of plain characters is taken at once, as one slice of the text: building a
      // string character by character would make a rope of one piece per character.
      let end = this.#index;
      for (; end < this.text.length; end++) {
        const code = this.text.charCodeAt(end);
        if (code === 92 || code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || (code < 32 && !this.json5) || this.text[end] === delimiter) break;
      }
      if (end > this.#index) {
        value += this.text.slice(this.#index, end);
        this.skip(end - this.#index);
      }
      if (this.atEnd()) this.fail("This string is never closed.", start);
      const char = this.advance();
      if (char === delimiter) return value;
      // U+2028 and U+2029 are allowed inside strings by JSON and JSON5 alike.
      if (char === "\n" || char === "\r") this.fail("A string cannot span lines; write \\n for a line break.", start);
      if (!this.json5 && char < " ") this.fail("A JSON string cannot hold control characters; escape them.", start);
      if (char !== "\\") {
        value += char;
        continue;
      }
      const escape = this.advance();
      const simple = this.json5 ? JSON5_ESCAPES : JSON_ESCAPES;
      if (Object.hasOwn(simple, escape)) value += simple[escape];
      else if (escape === "u") value += this.hexEscape(4);
      else if (this.json5 && escape === "x") value += this.hexEscape(2);
      else if (this.json5 && escape === "0" && !/[0-9]/.test(this.peek())) value += "\0";
      else if (this.json5 && (escape === "\n" || escape === "\u2028" || escape === "\u2029")) continue;
      else if (this.json5 && escape === "\r") {
        if (this.peek() === "\n") this.advance();
      } else if (this.json5 && !/[0-9]/.test(escape) && escape !== "") value += escape;
      else this.fail(`"\\${escape}" is not a valid escape.`);
    }
  }

  hexEscape(length: number): string {
    let digits = "";
    for (let count = 0; count < length; count++) {
      const char = this.advance();
      if (!/[0-9a-fA-F]/.test(char)) this.fail(`Expected ${length} hexadecimal digits in an escape.`);
      digits += char;
    }
    return String.fromCharCode(Number.parseInt(digits, 16));
  }

  key(): { key: string; start: Position; end: Position } {
    const start = this.position();
    const char = this.peek();
    if (char === '"' || (this.json5 && char === "'")) {
      const key = this.string();
      return { key, start, end: this.position() };
    }
    if (!this.json5) this.fail(`Expected a key in double quotes, found ${this.describe(char)}.`);
    let key = "";
    for (;;) {
      if (this.peek() === "\\") {
        this.advance();
        if (this.advance() !== "u") this.fail("Only \\u escapes are allowed in a key.");
        key += this.hexEscape(4);
        continue;
      }
      // Whole code points, so letters beyond the Basic Multilingual Plane name keys too.
      const run = this.match(key === "" ? IDENTIFIER : IDENTIFIER_PARTS)?.[0];
      if (run === undefined) break;
      key += run;
      this.skip(run.length);
    }
    if (key === "") this.fail(`Expected a key, found ${this.describe(char)}.`);
    return { key, start, end: this.position() };
  }

  /** Attaches what trivia says: a comment on the element's own line trails it, the rest lead the next. */
  attach(previous: Commented | undefined, trivia: Trivia[], pending: Comment[]): Comment[] {
    for (const { comment, afterNewline } of trivia) {
      if (previous !== undefined && !afterNewline && previous.trailingComment === undefined && pending.length === 0) {
        previous.trailingComment = comment;
      } else {
        if (pending === NO_COMMENTS) pending = [];
        pending.push(comment);
      }
    }
    return pending;
  }

  object(): ObjectNode {
    const start = this.position();
    this.advance();
    const entries: Entry[] = [];
    const byKey = new Map<string, Entry>();
    let pending: Comment[] = NO_COMMENTS;
    let previous: Entry | undefined;
    for (;;) {
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() === "}") break;
      const key = this.key();
      pending = this.attach(undefined, this.trivia(), pending);
      this.expect(":", `":" after the key ${quote(key.key)}`);
      pending = this.attach(undefined, this.trivia(), pending);
      const value = this.value();
      const entry: Entry = { key: key.key, keyStart: key.start, keyEnd: key.end, value, leadingComments: pending };
      pending = NO_COMMENTS;
      const first = byKey.get(key.key);
      if (first === undefined) {
        entries.push(entry);
        byKey.set(key.key, entry);
      } else {
        // Python dicts keep a key's first place and take its last value.
        first.value = value;
        first.duplicateAt = key.start;
      }
      previous = first ?? entry;
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() === ",") {
        this.advance();
        if (!this.json5) {
          const after = this.trivia();
          if (this.peek() === "}") this.fail("JSON allows no comma before a closing brace.");
          pending = this.attach(previous, after, pending);
        }
        continue;
      }
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() !== "}") this.fail(`Expected "," or "}" after the value of ${quote(key.key)}, found ${this.describe(this.peek())}.`);
    }
    this.advance();
    return { kind: "object", entries, danglingComments: pending, start, end: this.position() };
  }

  array(): ArrayNode {
    const start = this.position();
    this.advance();
    const items: Item[] = [];
    let pending: Comment[] = NO_COMMENTS;
    let previous: Item | undefined;
    for (;;) {
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() === "]") break;
      const value = this.value();
      const item: Item = { value, leadingComments: pending };
      pending = NO_COMMENTS;
      items.push(item);
      previous = item;
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() === ",") {
        this.advance();
        if (!this.json5) {
          const after = this.trivia();
          if (this.peek() === "]") this.fail("JSON allows no comma before a closing bracket.");
          pending = this.attach(previous, after, pending);
        }
        continue;
      }
      pending = this.attach(previous, this.trivia(), pending);
      if (this.peek() !== "]") this.fail(`Expected "," or "]" after a list element, found ${this.describe(this.peek())}.`);
    }
    this.advance();
    return { kind: "array", items, danglingComments: pending, start, end: this.position() };
  }

  document(): Document {
    const leadingComments = this.trivia().map((trivia) => trivia.comment);
    if (this.atEnd()) this.fail("The file holds no value.");
    const root = this.value();
    const trailingComments = this.trivia().map((trivia) => trivia.comment);
    if (!this.atEnd()) this.fail(`Expected the end of the file after the value, found ${this.describe(this.peek())}.`);
    return { root, leadingComments, trailingComments };
  }
}

/** Parses JSON5 (`json5: true`) or JSON as Python's json module accepts it. */
export function parseJson5(text: string, options: { readonly json5: boolean } = { json5: true }): ParseResult {
  // A byte order mark is not part of the text (Python's json5 accepts it; json does not).
  const body = options.json5 && text.startsWith("\ufeff") ? text.slice(1) : text;
  const parser = new Parser(body, options.json5);
  try {
    return { ok: true, document: parser.document() };
  } catch (problem) {
    if (problem instanceof SyntaxProblem) return { ok: false, message: problem.message, position: problem.position };
    throw problem;
  }
}
