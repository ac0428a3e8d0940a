import type { ScriptTokens, Token } from "./script-tokens.js";

/**
 * What an expression is, as far as finding a value inside it goes: a literal gp can walk into
 * (an object, an array, a call's arguments), a wrapper that does not change the value (`( )`,
 * `as T`, `satisfies T`, `!`), a name, a string or number, or anything else. Expressions are
 * ranges of token indexes, first and last inclusive. The shapes are those TypeScript's parser
 * gives the same text (an `as` on a sum wraps the sum, which is not a literal either way).
 */
export type Shape =
  | { readonly kind: "object" | "array" | "other"; readonly first: number; readonly last: number }
  | { readonly kind: "call"; readonly first: number; readonly last: number; readonly open: number }
  | { readonly kind: "wrapper"; readonly first: number; readonly last: number; readonly inner: Range }
  | { readonly kind: "identifier"; readonly first: number; readonly last: number; readonly name: string }
  | { readonly kind: "string" | "number"; readonly first: number; readonly last: number; readonly text: string };

/** Token indexes, first and last inclusive. */
export interface Range {
  readonly first: number;
  readonly last: number;
}

/** One property of an object literal. */
export type Property =
  | { readonly kind: "spread"; readonly value: Range }
  /** `name: value`, `name` (shorthand: the value is the name), or a method, whose value is the whole property. */
  | { readonly kind: "named"; readonly name: Range; readonly computed: boolean; readonly value: Range };

/** Reserved words that start or join expressions: a token after one of them begins an operand. */
const RESERVED_OPERATORS = new Set(["return", "typeof", "instanceof", "in", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await", "extends"]);
/** The same, with the words that are operators only where one stands (and names elsewhere). */
const OPERATOR_WORDS = new Set([...RESERVED_OPERATORS, "of", "as", "satisfies", "keyof"]);
/** Words before a `(` that heads a statement's condition rather than a call's arguments. */
const HEADER_WORDS = new Set(["if", "for", "while", "switch", "catch", "with"]);
/** Words TypeScript reads as keywords of their own rather than as names. */
const NOT_NAMES = new Set(["true", "false", "null", "this", "super", "new", "typeof", "void", "delete", "await", "yield", "function", "class"]);
/** Punctuation that cannot stand in type arguments: where it appears, a `<` was a comparison. */
const NOT_IN_TYPES = new Set([";", "=", "+", "*", "/", "%", "!", "!=", "!==", "==", "===", "~", "^"]);
/** Words that begin statements or declarations: never part of a callee. */
const STATEMENT_WORDS = new Set(["export", "default", "const", "let", "var", "if", "while", "for", "switch"]);
const MODIFIERS = new Set(["get", "set", "async", "static"]);
/**
 * How far a `<` is followed to find the `>` of type arguments, and a `):` to find the `=>` of a
 * return type: longer ones are not written, and the bound keeps text made of nothing but `<`
 * linear.
 */
const LOOKAHEAD = 256;

export class LiteralShapes {
  readonly #tokens: readonly Token[];
  readonly #partner: Int32Array;
  /** Each expression's shape and each list's items, found once: a walk to each of 100,000 entries passes the same literals. */
  readonly #shapes = new Map<number, Shape | undefined>();
  readonly #lists = new Map<number, Range[] | undefined>();

  constructor(readonly source: ScriptTokens) {
    this.#tokens = source.tokens;
    this.#partner = source.partner;
  }

  get tokenCount(): number {
    return this.#tokens.length;
  }

  token(index: number): Token | undefined {
    return this.#tokens[index];
  }

  #is(index: number, value: string): boolean {
    const token = this.#tokens[index];
    return token !== undefined && (token.kind === "punct" || token.kind === "word") && token.value === value;
  }

  /** The index after a bracket group that opens at `index`, or after the token there. */
  #after(index: number): number {
    const partner = this.#partner[index] ?? -1;
    const token = this.#tokens[index];
    return partner > index && token !== undefined && (token.kind === "punct" || token.kind === "template") ? partner + 1 : index + 1;
  }

  /** Whether the token at `index` can end an operand, so that what follows it is an operator. */
  #endsOperand(index: number): boolean {
    let at = index;
    // A `!` after an operand asserts it is not null; before one it negates.
    while (this.#is(at, "!") && !(this.#tokens[at] as Token).newlineBefore) at -= 1;
    const token = this.#tokens[at];
    if (token === undefined || (at !== index && this.#is(at, "!"))) return false;
    if (token.kind === "word") return !OPERATOR_WORDS.has(token.value) || this.#isMember(at);
    // A template's first and middle parts are followed by a substitution.
    if (token.kind === "template") return token.value === "" || token.value === "tail";
    if (token.kind !== "punct") return true;
    if (token.value === ")") {
      const opening = this.#partner[at] ?? -1;
      const before = this.#tokens[opening - 1];
      return !(opening > 0 && before?.kind === "word" && HEADER_WORDS.has(before.value) && !this.#isMember(opening - 1));
    }
    return token.value === "]" || token.value === "}" || token.value === ">";
  }

  /** Whether the word at `index` names a member (`x.of`), which no keyword can be there. */
  #isMember(index: number): boolean {
    return this.#is(index - 1, ".") || this.#is(index - 1, "?.");
  }

  /** The `>` that closes type arguments or parameters opening with the `<` at `index`, searching no further than `limit`. */
  #angleEnd(index: number, limit: number, allowDefaults: boolean): number | undefined {
    let depth = 0;
    for (let at = index; at <= Math.min(limit, index + LOOKAHEAD); at = this.#after(at)) {
      const token = this.#tokens[at] as Token;
      if (token.kind === "punct") {
        if (token.value === "<") depth += 1;
        else if (token.value === ">") {
          depth -= 1;
          if (depth === 0) return at;
        } else if (NOT_IN_TYPES.has(token.value) && !(allowDefaults && token.value === "=")) return undefined;
        else if ((token.value === ")" || token.value === "]" || token.value === "}") && (this.#partner[at] ?? -1) < index) return undefined;
      }
    }
    return undefined;
  }

  /** Where a type that starts at `index` ends: the index of the `,` (or `;`) that follows it at depth 0, or `limit + 1`. */
  #typeEnd(index: number, limit: number): number {
    let depth = 0;
    for (let at = index; at <= limit; at = this.#after(at)) {
      const token = this.#tokens[at] as Token;
      if (token.kind !== "punct") continue;
      if (token.value === "<") depth += 1;
      else if (token.value === ">") depth = Math.max(0, depth - 1);
      else if (depth === 0 && (token.value === "," || token.value === ";")) return at;
    }
    return limit + 1;
  }

  /**
   * After `):` the return type of an arrow function or method: where it ends (the `=>`, or the
   * body's `{`), or undefined when none follows and the `:` was a conditional's.
   */
  #returnTypeEnd(index: number, limit: number): number | undefined {
    let depth = 0;
    for (let at = index; at <= Math.min(limit, index + LOOKAHEAD); at = this.#after(at)) {
      const token = this.#tokens[at] as Token;
      if (token.kind !== "punct") continue;
      if (token.value === "<") depth += 1;
      else if (token.value === ">") depth = Math.max(0, depth - 1);
      else if (depth === 0 && token.value === "=>") return at;
      else if (depth === 0 && token.value === "{" && at > index) {
        const next = this.#after(at);
        if (next > limit || this.#is(next, ",")) return at;
      } else if (depth === 0 && token.value === ",") return undefined;
    }
    return undefined;
  }

  /** Whether a line break before `index` ends a statement there, as JavaScript inserts a semicolon. */
  #statementBreak(index: number): boolean {
    const token = this.#tokens[index] as Token;
    if (!token.newlineBefore || !this.#endsOperand(index - 1)) return false;
    if (token.kind === "word") return !["in", "instanceof", "as", "satisfies"].includes(token.value);
    if (token.kind === "string" || token.kind === "number") return true;
    return token.kind === "punct" && ["{", "!", "~", "++", "--"].includes(token.value);
  }

  /**
   * The end of an expression that starts at `index`: the index of the `,` that ends it at depth
   * 0 (or of the `;`, or of the token a statement break stops at, with `statements`), or
   * `limit + 1`. Commas inside type arguments, `as` types and return types are not its end.
   */
  #expressionEnd(index: number, limit: number, statements: boolean): number {
    let at = index;
    while (at <= limit) {
      const token = this.#tokens[at] as Token;
      if (statements && at > index && this.#statementBreak(at)) return at;
      if (token.kind === "punct") {
        if (token.value === "," || (statements && token.value === ";")) return at;
        if (token.value === "<") {
          const operand = at > index && this.#endsOperand(at - 1);
          const end = this.#angleEnd(at, limit, !operand);
          // Type arguments of a call (`f<A, B>(x)`) or type parameters of an arrow function.
          if (end !== undefined && (operand ? this.#is(end + 1, "(") || this.#tokens[end + 1]?.kind === "template" : this.#is(end + 1, "("))) {
            at = end + 1;
            continue;
          }
        }
        if (token.value === ":" && at > index && this.#is(at - 1, ")")) {
          const end = this.#returnTypeEnd(at + 1, limit);
          if (end !== undefined) {
            at = end;
            continue;
          }
        }
      } else if (token.kind === "word" && (token.value === "as" || token.value === "satisfies") && at > index && this.#endsOperand(at - 1) && !token.newlineBefore) {
        at = this.#typeEnd(at + 1, limit);
        continue;
      }
      at = this.#after(at);
    }
    return limit + 1;
  }

  /**
   * The items of the list in the bracket group opening at `open`, split at its commas. A hole
   * (`[a, , b]`) is an empty range at the comma that ends it: `first` is that comma, `last` one less.
   */
  items(open: number): Range[] | undefined {
    if (!this.#lists.has(open)) this.#lists.set(open, this.#splitItems(open));
    return this.#lists.get(open);
  }

  #splitItems(open: number): Range[] | undefined {
    const close = this.#partner[open] ?? -1;
    if (close <= open) return undefined;
    const items: Range[] = [];
    let at = open + 1;
    while (at < close) {
      const end = this.#expressionEnd(at, close - 1, false);
      items.push({ first: at, last: end - 1 });
      at = end + 1;
    }
    return items;
  }

  /** The properties of the object literal whose `{` is at `open`. */
  properties(open: number): (Property | undefined)[] | undefined {
    return this.items(open)?.map((item) => (item.first > item.last ? undefined : this.#property(item)));
  }

  #property({ first, last }: Range): Property | undefined {
    if (this.#is(first, "...")) return first < last ? { kind: "spread", value: { first: first + 1, last } } : undefined;
    let at = first;
    // Modifiers of a method or accessor, each followed by more of the property.
    while (at < last && (this.#is(at, "*") || (this.#tokens[at]?.kind === "word" && MODIFIERS.has((this.#tokens[at] as Token).value) && !this.#separatesName(at + 1)))) at += 1;
    const token = this.#tokens[at] as Token;
    const computed = this.#is(at, "[");
    if (!computed && token.kind !== "word" && token.kind !== "string" && token.kind !== "number") return undefined;
    const nameLast = computed ? (this.#partner[at] ?? -1) : at;
    if (nameLast < at || nameLast > last) return undefined;
    const name = { first: at, last: nameLast };
    if (nameLast === last) return token.kind === "word" && at === first ? { kind: "named", name, computed, value: name } : undefined;
    if (this.#is(nameLast + 1, ":") && at === first) return nameLast + 1 < last ? { kind: "named", name, computed, value: { first: nameLast + 2, last } } : undefined;
    if (this.#is(nameLast + 1, "=")) return { kind: "named", name, computed, value: name };
    return { kind: "named", name, computed, value: { first, last } };
  }

  /** Whether the token at `index` follows a property's name (so a word before it is the name, not a modifier). */
  #separatesName(index: number): boolean {
    return [":", "(", ",", "=", "<", "?"].some((value) => this.#is(index, value)) || index >= this.#tokens.length;
  }

  /** The shape of the expression `first..last`. */
  shape(first: number, last: number): Shape | undefined {
    const key = first * (this.#tokens.length + 1) + last;
    if (!this.#shapes.has(key)) this.#shapes.set(key, this.#shapeOf(first, last));
    return this.#shapes.get(key);
  }

  #shapeOf(first: number, last: number): Shape | undefined {
    if (first > last || last >= this.#tokens.length) return undefined;
    const start = this.#tokens[first] as Token;
    const end = this.#tokens[last] as Token;
    if (this.#is(first, "(") && this.#partner[first] === last) return { kind: "wrapper", first, last, inner: { first: first + 1, last: last - 1 } };
    const typed = this.#lastTypeOperator(first, last);
    if (typed !== undefined) return { kind: "wrapper", first, last, inner: { first, last: typed - 1 } };
    if (this.#is(last, "!") && last > first && this.#endsOperand(last - 1) && !end.newlineBefore) return { kind: "wrapper", first, last, inner: { first, last: last - 1 } };
    if (first === last) {
      if (start.kind === "word" && !NOT_NAMES.has(start.value) && !start.value.startsWith("#")) return { kind: "identifier", first, last, name: wordName(start.value) };
      const raw = this.source.text.slice(start.start, start.end);
      if (start.kind === "string") return { kind: "string", first, last, text: cook(raw.slice(1, raw.endsWith(raw[0] ?? "") && raw.length > 1 ? -1 : undefined), false) };
      if (start.kind === "template" && start.value === "") return { kind: "string", first, last, text: cook(raw.slice(1, raw.length > 1 && raw.endsWith("`") ? -1 : undefined), true) };
      if (start.kind === "number") return { kind: "number", first, last, text: numberName(raw) };
      return { kind: "other", first, last };
    }
    if (this.#is(first, "{") && this.#partner[first] === last) return { kind: "object", first, last };
    if (this.#is(first, "[") && this.#partner[first] === last) return { kind: "array", first, last };
    if (this.#is(last, ")")) {
      const open = this.#partner[last] ?? -1;
      if (open > first && this.#isCallee(first, open - 1)) return { kind: "call", first, last, open };
    }
    return { kind: "other", first, last };
  }

  /** The last `as` or `satisfies` at depth 0 of `first..last` that applies to what precedes it. */
  #lastTypeOperator(first: number, last: number): number | undefined {
    let found: number | undefined;
    for (let at = first; at <= last; at = this.#after(at)) {
      const token = this.#tokens[at] as Token;
      if (at > first && token.kind === "word" && (token.value === "as" || token.value === "satisfies") && !token.newlineBefore && (found !== undefined || this.#endsOperand(at - 1))) found = at;
    }
    return found;
  }

  /** Whether `first..last` is what a call can be made on: a name, a member chain, a literal, a parenthesized expression. */
  #isCallee(first: number, last: number): boolean {
    let end = last;
    if (this.#is(end, ">")) {
      // Type arguments: `f<T>(x)`.
      const opening = this.#angleStart(end);
      if (opening === undefined || opening <= first) return false;
      end = opening - 1;
    }
    const head = this.#tokens[first] as Token;
    // `new X(...)` is a callee only with its arguments: `new X` before a `(` makes no call.
    if (head.kind === "word" && head.value === "new") {
      let passed = false;
      for (let at = first + 1; at <= end; at = this.#after(at)) if (this.#is(at, "(")) passed = true;
      if (!passed) return false;
    } else if (head.kind === "word" && RESERVED_OPERATORS.has(head.value)) return false;
    if (head.kind === "punct" && head.value !== "(" && head.value !== "[") return false;
    for (let at = first; at <= end; at = this.#after(at)) {
      const token = this.#tokens[at] as Token;
      if (token.kind === "punct" && at !== first && !["(", "[", ".", "?.", "!"].includes(token.value)) return false;
      if (token.kind === "word" && at !== first && OPERATOR_WORDS.has(token.value) && !this.#isMember(at)) return false;
      if (this.#after(at) > end + 1) return false;
    }
    return true;
  }

  /**
   * Where the callee of the call whose arguments open at `open` starts: back over the names,
   * member accesses, calls and type arguments it is made of.
   */
  calleeStart(open: number): number {
    let first = open;
    let at = open - 1;
    while (at >= 0) {
      const token = this.#tokens[at] as Token;
      const partner = this.#partner[at] ?? -1;
      if (token.kind === "punct" && (token.value === ")" || token.value === "]") && partner !== -1 && partner < at && this.#endsOperand(at)) {
        first = partner;
        at = partner - 1;
      } else if (token.kind === "punct" && token.value === ">") {
        const opening = this.#angleStart(at);
        if (opening === undefined) break;
        at = opening - 1;
      } else if (token.kind === "punct" && (token.value === "!" || token.value === "?.")) at -= 1;
      else if (token.kind === "template" && (token.value === "head" || token.value === "middle")) break;
      // Right before the arguments, `of` or `as` can only be a name; before a group, an operator.
      else if (token.kind !== "punct" && !(token.kind === "word" && ((at === open - 1 ? RESERVED_OPERATORS : OPERATOR_WORDS).has(token.value) || STATEMENT_WORDS.has(token.value)) && !this.#isMember(at))) {
        // A template with substitutions is one operand, from its first part.
        first = token.kind === "template" && token.value === "tail" && partner !== -1 ? partner : at;
        at = first;
        at -= 1;
        // `new X(...)` is an operand a call can be made on.
        if (this.#is(at, "new")) first = at;
        // Only a member access joins a name to what precedes it.
        if (!this.#is(at, ".") && !this.#is(at, "?.")) break;
        at -= 1;
      } else break;
    }
    return first;
  }

  /** The `<` that opens the type arguments closing with the `>` at `index`. */
  #angleStart(index: number): number | undefined {
    let depth = 0;
    for (let at = index; at >= 0 && at >= index - LOOKAHEAD; at -= 1) {
      const partner = this.#partner[at] ?? -1;
      if (partner !== -1 && partner < at) {
        at = partner;
        continue;
      }
      if (this.#is(at, ">")) depth += 1;
      else if (this.#is(at, "<")) {
        depth -= 1;
        if (depth === 0) return at;
      }
    }
    return undefined;
  }

  /**
   * The initializers of the file's top-level `const` declarations by name, the first of each
   * name: a name that stands for a literal is followed there.
   */
  topLevelConsts(): Map<string, Range> {
    const found = new Map<string, Range>();
    const count = this.#tokens.length;
    for (let at = 0; at < count; at = this.#after(at)) {
      if (!this.#is(at, "const") || this.#is(at + 1, "enum")) continue;
      if (at > 0 && (this.#is(at - 1, ".") || this.#is(at - 1, "?.") || this.#is(at - 1, "as"))) continue;
      let next = at + 1;
      while (next < count) {
        const name = this.#tokens[next] as Token;
        let value = next + 1;
        // A type annotation runs to the `=`.
        if (this.#is(value, ":")) {
          let depth = 0;
          for (value += 1; value < count && !(depth === 0 && this.#is(value, "=")); value = this.#after(value)) {
            if (this.#is(value, "<")) depth += 1;
            else if (this.#is(value, ">")) depth = Math.max(0, depth - 1);
            else if (depth === 0 && (this.#is(value, ";") || this.#is(value, ","))) break;
          }
        }
        if (!this.#is(value, "=")) break;
        const end = this.#expressionEnd(value + 1, count - 1, true);
        if (name.kind === "word" && end > value + 1 && !found.has(wordName(name.value))) found.set(wordName(name.value), { first: value + 1, last: end - 1 });
        if (!this.#is(end, ",")) break;
        next = end + 1;
      }
    }
    return found;
  }

  /**
   * The innermost call whose callee covers `offset`: the arguments' `(` that a callee written
   * there leads to. Undefined when no call is written at that place.
   */
  callAt(offset: number): number | undefined {
    const tokens = this.#tokens;
    let low = 0;
    let high = tokens.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((tokens[middle] as Token).start <= offset) low = middle;
      else high = middle - 1;
    }
    const token = tokens[low];
    if (token === undefined || token.start > offset || offset > token.end) return undefined;
    // Right after the callee, at its `(`.
    if (this.#is(low, "(") && token.start === offset && low > 0 && this.#endsOperand(low - 1)) return low;
    if (this.#is(low, "(") && token.start !== offset) return undefined;
    // `new X(...)` makes no call: its arguments are passed over.
    let constructed = this.#is(low, "new");
    for (let at = low; at < tokens.length; ) {
      const current = tokens[at] as Token;
      if (this.#is(at, "(") && at > low) {
        if (!constructed) return at;
        constructed = false;
      }
      if (this.#is(at, "<")) {
        const end = this.#angleEnd(at, tokens.length - 1, false);
        if (end === undefined || !this.#is(end + 1, "(")) return undefined;
        at = end + 1;
        continue;
      }
      if (current.kind === "punct" && !["(", "[", ".", "?.", "!"].includes(current.value)) return undefined;
      at = this.#after(at);
    }
    return undefined;
  }
}

/** A word with its `\u` escapes read, as JavaScript names it. */
function wordName(word: string): string {
  return word.includes("\\") ? cook(word, false) : word;
}

/** A numeric literal as the property key it makes. */
function numberName(raw: string): string {
  const digits = raw.replace(/_/g, "").replace(/n$/, "");
  const value = Number(digits);
  return Number.isNaN(value) ? digits : String(value);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v" };

/** The value of a string or template's text between its quotes: escapes read, and a template's line breaks as LF. */
function cook(raw: string, template: boolean): string {
  let result = "";
  for (let at = 0; at < raw.length; at += 1) {
    const char = raw[at] as string;
    if (char === "\r" && template) {
      result += "\n";
      if (raw[at + 1] === "\n") at += 1;
      continue;
    }
    if (char !== "\\") {
      result += char;
      continue;
    }
    const next = raw[at + 1] ?? "";
    at += 1;
    if (SIMPLE_ESCAPES[next] !== undefined) result += SIMPLE_ESCAPES[next];
    else if (next === "\r") {
      if (raw[at + 1] === "\n") at += 1;
    } else if (next === "\n" || next === "\u2028" || next === "\u2029") {
      // A line continuation adds nothing.
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(raw.slice(at + 1, at + 3))) {
      result += String.fromCharCode(Number.parseInt(raw.slice(at + 1, at + 3), 16));
      at += 2;
    } else if (next === "u" && raw[at + 1] === "{") {
      const close = raw.indexOf("}", at);
      const code = Number.parseInt(raw.slice(at + 2, close), 16);
      if (close !== -1 && code <= 0x10ffff) {
        result += String.fromCodePoint(code);
        at = close;
      } else result += "u";
    } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(raw.slice(at + 1, at + 5))) {
      result += String.fromCharCode(Number.parseInt(raw.slice(at + 1, at + 5), 16));
      at += 4;
    } else if (/[0-7]/.test(next) && !template) {
      // Legacy octal escapes, up to three digits and at most \377.
      const digits = /^[0-7]{1,3}/.exec(raw.slice(at))?.[0] ?? next;
      const taken = Number.parseInt(digits, 8) > 0o377 ? digits.slice(0, 2) : digits;
      result += String.fromCharCode(Number.parseInt(taken, 8));
      at += taken.length - 1;
    } else result += next;
  }
  return result;
}
