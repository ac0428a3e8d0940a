import type { Location, Position, ValuePath } from "../errors/diagnostics.js";
import { readInputText } from "../host/input-file.js";
import { positionAt } from "../portage/repository/line-problem.js";
import { LiteralShapes, type Property, type Range, type Shape } from "./literal-shapes.js";
import { scriptLineStarts } from "./script-lines.js";
import { scriptTokens } from "./script-tokens.js";
import type { StackFrame } from "./stack.js";

/** Whether a path points at a value, or at the key that holds it (for unknown keys). */
export type LocateTarget = "value" | "key";

/** A file read for locating: its literals, line starts, and top-level consts (found when first asked for). */
interface ScriptFile {
  readonly name: string;
  readonly shapes: LiteralShapes;
  readonly lineStarts: readonly number[];
  consts?: Map<string, Range>;
}

interface Step {
  readonly value: Range;
  readonly key?: Range;
}

/** An object literal's properties by name (the last definition of each) and where its spreads are. */
interface PropertyIndex {
  readonly properties: readonly (Property | undefined)[];
  readonly last: ReadonlyMap<string, number>;
  /** Positions of `...spread` properties, last first. */
  readonly spreads: readonly number[];
}

/** How many names and wrappers a walk follows in a row before it stops where it is. */
const MAX_UNWRAP = 16;

/**
 * Maps values found after evaluation back to the source that wrote them: from the call site of
 * `defineImage`/`defineProfile`, walk the object literal passed to it along the value's path
 * (property names, then array indexes). Values that were computed stop the walk at the nearest
 * literal ancestor, which is still the right place to look. Files are read once, lazily, with
 * gp's own reader of literals (compiler/literal-shapes.ts), so placing a problem costs no
 * compiler.
 */
export class SourceLocator {
  readonly #files = new Map<string, ScriptFile | undefined>();
  /** The call at each site, found once: every problem in a spec starts its walk there. */
  readonly #calls = new Map<string, number | undefined>();
  /** Indexes of the literals walks go through, built once per literal. */
  readonly #indexes = new Map<string, PropertyIndex>();
  readonly #firstSpreads = new Map<string, number>();

  /** The location of `path` inside the spec passed to the call at `site`. */
  locate(site: StackFrame, path: ValuePath, target: LocateTarget = "value", token?: string): Location {
    const file = this.#read(site.file);
    const open = file === undefined ? undefined : this.#callAt(file, site);
    if (file === undefined || open === undefined) return { file: site.file, start: { line: site.line, column: site.column } };
    const call: Range = { first: open, last: file.shapes.source.partner[open] ?? open };
    const argument = file.shapes.items(open)?.[0];
    let node: Range = argument ?? this.#callRange(file, open) ?? call;
    let keyNode: Range | undefined;
    if (argument !== undefined) {
      for (const part of path) {
        const next = this.#step(file, node, part, 0);
        if (next === undefined) break;
        node = next.value;
        keyNode = next.key;
      }
    }
    const chosen = target === "key" && keyNode !== undefined ? keyNode : node;
    return token === undefined ? this.#span(file, chosen) : this.#tokenSpan(file, chosen, token);
  }

  /** The location of the call itself, for problems about the whole spec. */
  locateCall(site: StackFrame): Location {
    const file = this.#read(site.file);
    const open = file === undefined ? undefined : this.#callAt(file, site);
    const range = file === undefined || open === undefined ? undefined : this.#callRange(file, open);
    return file === undefined || range === undefined ? { file: site.file, start: { line: site.line, column: site.column } } : this.#span(file, range);
  }

  /** The whole call whose arguments open at `open`: from the start of its callee to its `)`. */
  #callRange(file: ScriptFile, open: number): Range | undefined {
    const close = file.shapes.source.partner[open] ?? -1;
    return close < open ? undefined : { first: file.shapes.calleeStart(open), last: close };
  }

  /** The span of `token` inside a string literal, or the whole node when it cannot be found as written. */
  #tokenSpan(file: ScriptFile, node: Range, token: string): Location {
    const first = file.shapes.token(node.first);
    if (node.first === node.last && first !== undefined && (first.kind === "string" || (first.kind === "template" && file.shapes.shape(node.first, node.last)?.kind === "string"))) {
      const raw = file.shapes.source.text.slice(first.start, first.end);
      // The token as a whole word of the string: after the quote, a space or an escaped line
      // break or tab, before one of them or the quote.
      const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const index = raw.search(new RegExp(`(?<=^.|\\s|\\\\[nt])${escaped}(?=\\s|\\\\[nt]|.$)`));
      if (index !== -1) {
        const start = first.start + index;
        return { file: file.name, start: this.#position(file, start), end: this.#position(file, start + token.length) };
      }
    }
    return this.#span(file, node);
  }

  #callAt(file: ScriptFile, site: StackFrame): number | undefined {
    const key = `${site.line}:${site.column}:${site.file}`;
    if (!this.#calls.has(key)) {
      const lineStart = file.lineStarts[site.line - 1];
      const offset = lineStart === undefined ? undefined : lineStart + site.column - 1;
      this.#calls.set(key, offset === undefined ? undefined : file.shapes.callAt(offset));
    }
    return this.#calls.get(key);
  }

  #span(file: ScriptFile, range: Range): Location {
    const first = file.shapes.token(range.first);
    // A hole in an array literal: where its comma is.
    if (range.first > range.last && first !== undefined) return { file: file.name, start: this.#position(file, first.start), end: this.#position(file, first.start) };
    const last = file.shapes.token(range.last);
    if (first === undefined || last === undefined) return { file: file.name };
    return { file: file.name, start: this.#position(file, first.start), end: this.#position(file, last.end) };
  }

  #position(file: ScriptFile, offset: number): Position {
    return positionAt(file.lineStarts, offset);
  }

  #read(name: string): ScriptFile | undefined {
    if (!this.#files.has(name)) {
      let file: ScriptFile | undefined;
      // A call site names the file its frame came from, which the blueprint's code could forge:
      // gp's reader of input files refuses a FIFO or a device unread.
      const read = readInputText(name);
      try {
        file = read.ok ? { name, shapes: new LiteralShapes(scriptTokens(read.text)), lineStarts: scriptLineStarts(read.text) } : undefined;
      } catch {
        // Nested past the stack: problems there keep the call site's place.
        file = undefined;
      }
      this.#files.set(name, file);
    }
    return this.#files.get(name);
  }

  /** Follows wrappers that do not change a value: parentheses, `as`, `satisfies`, `!`, and names of top-level consts. */
  #unwrap(file: ScriptFile, range: Range): Shape | undefined {
    let shape = file.shapes.shape(range.first, range.last);
    for (let depth = 0; depth < MAX_UNWRAP && shape !== undefined; depth += 1) {
      if (shape.kind === "wrapper") shape = file.shapes.shape(shape.inner.first, shape.inner.last);
      else if (shape.kind === "identifier") {
        file.consts ??= file.shapes.topLevelConsts();
        const initializer = file.consts.get(shape.name);
        if (initializer === undefined) return shape;
        shape = file.shapes.shape(initializer.first, initializer.last);
      } else return shape;
    }
    return shape;
  }

  #propertyName(file: ScriptFile, property: Property & { kind: "named" }): string | undefined {
    const { name } = property;
    if (property.computed) {
      // `[key]` where key is a const of this file holding a literal.
      const inner = this.#unwrap(file, { first: name.first + 1, last: name.last - 1 });
      return inner?.kind === "string" || inner?.kind === "number" ? inner.text : undefined;
    }
    const shape = file.shapes.shape(name.first, name.last);
    if (shape?.kind === "identifier" || shape?.kind === "string" || shape?.kind === "number") return shape.kind === "identifier" ? shape.name : shape.text;
    // Words TypeScript keeps as keywords are names all the same after `{` or `,`.
    const token = file.shapes.token(name.first);
    return token?.kind === "word" ? token.value : undefined;
  }

  #index(file: ScriptFile, open: number): PropertyIndex {
    const key = `${open}:${file.name}`;
    let index = this.#indexes.get(key);
    if (index === undefined) {
      const properties = file.shapes.properties(open) ?? [];
      const last = new Map<string, number>();
      const spreads: number[] = [];
      properties.forEach((property, position) => {
        if (property?.kind === "spread") spreads.unshift(position);
        else if (property !== undefined) {
          const name = this.#propertyName(file, property);
          if (name !== undefined) last.set(name, position);
        }
      });
      index = { properties, last, spreads };
      this.#indexes.set(key, index);
    }
    return index;
  }

  /** The position of an array literal's first spread element (its length when it has none), found once per literal. */
  #firstSpread(file: ScriptFile, open: number, elements: readonly Range[]): number {
    const key = `${open}:${file.name}`;
    let first = this.#firstSpreads.get(key);
    if (first === undefined) {
      first = elements.findIndex((element) => element.first <= element.last && file.shapes.token(element.first)?.value === "...");
      if (first === -1) first = elements.length;
      this.#firstSpreads.set(key, first);
    }
    return first;
  }

  /** One step of the walk: a property of an object literal or an element of an array literal. */
  #step(file: ScriptFile, from: Range, part: string | number, depth: number): Step | undefined {
    const shape = this.#unwrap(file, from);
    if (shape === undefined || depth > MAX_UNWRAP) return undefined;
    if (shape.kind === "object") {
      // The last definition of a key wins in JavaScript, so a spread after it may override it.
      const { properties, last, spreads } = this.#index(file, shape.first);
      const position = last.get(String(part)) ?? -1;
      for (const spread of spreads) {
        if (spread < position) break;
        const inner = this.#step(file, (properties[spread] as Property).value, part, depth + 1);
        if (inner !== undefined) return inner;
      }
      const property = properties[position];
      if (property === undefined || property.kind !== "named") return undefined;
      return { value: property.value, key: property.name };
    }
    if (shape.kind === "call" && typeof part === "string") {
      // A DSL helper such as text(content, { mode }) or remove(atom): options are found in an
      // object literal argument, anything else is the first argument.
      const args = file.shapes.items(shape.open) ?? [];
      for (const argument of args) {
        if (this.#unwrap(file, argument)?.kind === "object") {
          const inner = this.#step(file, argument, part, depth + 1);
          if (inner !== undefined) return inner;
        }
      }
      const first = args[0];
      return first === undefined ? undefined : { value: first };
    }
    if (shape.kind === "array" && typeof part === "number") {
      const elements = file.shapes.items(shape.first) ?? [];
      // After a spread, an element's position in the value is not its position in the literal.
      if (part >= this.#firstSpread(file, shape.first, elements)) return undefined;
      const element = elements[part];
      return element === undefined ? undefined : { value: element };
    }
    return undefined;
  }
}
