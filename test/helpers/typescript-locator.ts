import { readFileSync } from "node:fs";
import type * as TS from "typescript";
import type { Location, Position, ValuePath } from "../../errors/diagnostics.js";
import type { StackFrame } from "../../compiler/stack.js";
import { loadTypeScript, type TypeScript } from "../../compiler/typescript.js";

/** Whether a path points at a value, or at the key that holds it. */
type LocateTarget = "value" | "key";

/**
 * The same walk as gp's SourceLocator, through TypeScript 6's parser: the reference that gp's own
 * reader of literals is held to (test/compiler/source-locator-agreement.test.ts).
 */
export class TypeScriptLocator {
  readonly #files = new Map<string, TS.SourceFile | undefined>();
  /** The call at each site, found once: every problem in a spec starts its walk there. */
  readonly #calls = new Map<string, TS.CallExpression | undefined>();

  /** The location of `path` inside the spec passed to the call at `site`. */
  locate(site: StackFrame, path: ValuePath, target: LocateTarget = "value", token?: string): Location {
    const sourceFile = this.#parse(site.file);
    if (sourceFile === undefined) return { file: site.file, start: { line: site.line, column: site.column } };
    const ts = loadTypeScript();
    const call = this.#callAt(ts, sourceFile, site);
    if (call === undefined) return { file: site.file, start: { line: site.line, column: site.column } };
    const argument = call.arguments[0];
    let node: TS.Node = argument ?? call;
    let keyNode: TS.Node | undefined;
    for (const part of path) {
      const next = argument === undefined ? undefined : step(ts, sourceFile, node, part);
      if (next === undefined) break;
      node = next.value;
      keyNode = next.key;
    }
    const chosen = target === "key" && keyNode !== undefined ? keyNode : node;
    return token === undefined ? this.#span(sourceFile, chosen) : this.#tokenSpan(sourceFile, chosen, token);
  }

  /** The span of `token` inside a string literal, or the whole node when it cannot be found as written. */
  #tokenSpan(sourceFile: TS.SourceFile, node: TS.Node, token: string): Location {
    const ts = loadTypeScript();
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const raw = sourceFile.text.slice(node.getStart(sourceFile), node.getEnd());
      // The token as a whole word of the string: after the quote, a space or an escaped line
      // break or tab, before one of them or the quote.
      const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const index = raw.search(new RegExp(`(?<=^.|\\s|\\\\[nt])${escaped}(?=\\s|\\\\[nt]|.$)`));
      if (index !== -1) {
        const start = node.getStart(sourceFile) + index;
        return { file: sourceFile.fileName, start: toPosition(sourceFile, start), end: toPosition(sourceFile, start + token.length) };
      }
    }
    return this.#span(sourceFile, node);
  }

  /** The location of the call itself, for problems about the whole spec. */
  locateCall(site: StackFrame): Location {
    const sourceFile = this.#parse(site.file);
    if (sourceFile === undefined) return { file: site.file, start: { line: site.line, column: site.column } };
    const call = this.#callAt(loadTypeScript(), sourceFile, site);
    return call === undefined ? { file: site.file, start: { line: site.line, column: site.column } } : this.#span(sourceFile, call);
  }

  #callAt(ts: TypeScript, sourceFile: TS.SourceFile, site: StackFrame): TS.CallExpression | undefined {
    const key = `${site.line}:${site.column}:${site.file}`;
    if (!this.#calls.has(key)) this.#calls.set(key, findCall(ts, sourceFile, site));
    return this.#calls.get(key);
  }

  #span(sourceFile: TS.SourceFile, node: TS.Node): Location {
    return {
      file: sourceFile.fileName,
      start: toPosition(sourceFile, node.getStart(sourceFile)),
      end: toPosition(sourceFile, node.getEnd()),
    };
  }

  #parse(file: string): TS.SourceFile | undefined {
    if (!this.#files.has(file)) {
      let sourceFile: TS.SourceFile | undefined;
      try {
        const ts = loadTypeScript();
        sourceFile = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      } catch {
        sourceFile = undefined;
      }
      this.#files.set(file, sourceFile);
    }
    return this.#files.get(file);
  }
}

function toPosition(sourceFile: TS.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}

/** The innermost call whose callee covers the stack frame's position. */
function findCall(ts: TypeScript, sourceFile: TS.SourceFile, site: Position): TS.CallExpression | undefined {
  let offset: number;
  try {
    offset = sourceFile.getPositionOfLineAndCharacter(site.line - 1, site.column - 1);
  } catch {
    return undefined;
  }
  let found: TS.CallExpression | undefined;
  const visit = (node: TS.Node): void => {
    if (offset < node.getFullStart() || offset > node.getEnd()) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (offset >= callee.getStart(sourceFile) && offset <= callee.getEnd()) found = node;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** Follows wrappers that do not change a value: parentheses, `as`, `satisfies`, `!`, and consts. */
function unwrap(ts: TypeScript, sourceFile: TS.SourceFile, node: TS.Node, depth = 0): TS.Node {
  if (depth > 16) return node;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
    return unwrap(ts, sourceFile, node.expression, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const declaration = findConstInitializer(ts, sourceFile, node.text);
    if (declaration !== undefined) return unwrap(ts, sourceFile, declaration, depth + 1);
  }
  return node;
}

/** Each file's top-level consts by name, gathered the first time a walk meets a name. */
const constInitializers = new WeakMap<TS.SourceFile, ReadonlyMap<string, TS.Expression>>();

/** The initializer of a `const` declared at the top level of the file (not inside a function). */
function findConstInitializer(ts: TypeScript, sourceFile: TS.SourceFile, name: string): TS.Expression | undefined {
  let byName = constInitializers.get(sourceFile);
  if (byName === undefined) {
    const found = new Map<string, TS.Expression>();
    for (const statement of sourceFile.statements) {
      if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
      for (const declaration of statement.declarationList.declarations) {
        // The first declaration of a name, as the search from the top found it.
        if (ts.isIdentifier(declaration.name) && declaration.initializer !== undefined && !found.has(declaration.name.text)) found.set(declaration.name.text, declaration.initializer);
      }
    }
    byName = found;
    constInitializers.set(sourceFile, byName);
  }
  return byName.get(name);
}

function propertyName(ts: TypeScript, sourceFile: TS.SourceFile, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name)) {
    // `[key]` where key is a const of this file holding a literal.
    const expression = unwrap(ts, sourceFile, name.expression);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression) || ts.isNumericLiteral(expression)) return expression.text;
  }
  return undefined;
}

interface Step {
  readonly value: TS.Node;
  readonly key?: TS.Node;
}

/** An object literal's properties by name (the last definition of each) and where its spreads are. */
interface PropertyIndex {
  readonly last: ReadonlyMap<string, number>;
  /** Positions of `...spread` properties, last first. */
  readonly spreads: readonly number[];
}

/**
 * Indexes of the literals walks go through, built once per literal: a spec with a problem in
 * each of its 100,000 entries would otherwise search the literal once per problem.
 */
const propertyIndexes = new WeakMap<TS.Node, PropertyIndex>();
const firstSpreads = new WeakMap<TS.Node, number>();

function propertyIndex(ts: TypeScript, sourceFile: TS.SourceFile, node: TS.ObjectLiteralExpression): PropertyIndex {
  let index = propertyIndexes.get(node);
  if (index === undefined) {
    const last = new Map<string, number>();
    const spreads: number[] = [];
    node.properties.forEach((property, position) => {
      if (ts.isSpreadAssignment(property)) spreads.unshift(position);
      else if (property.name !== undefined) {
        const name = propertyName(ts, sourceFile, property.name);
        if (name !== undefined) last.set(name, position);
      }
    });
    index = { last, spreads };
    propertyIndexes.set(node, index);
  }
  return index;
}

/** The position of an array literal's first spread element, after which positions are unknown. */
function firstSpread(ts: TypeScript, node: TS.ArrayLiteralExpression): number {
  let first = firstSpreads.get(node);
  if (first === undefined) {
    first = node.elements.findIndex((element) => ts.isSpreadElement(element));
    if (first === -1) first = node.elements.length;
    firstSpreads.set(node, first);
  }
  return first;
}

/** One step of the walk: a property of an object literal or an element of an array literal. */
function step(ts: TypeScript, sourceFile: TS.SourceFile, from: TS.Node, part: string | number): Step | undefined {
  const node = unwrap(ts, sourceFile, from);
  if (ts.isObjectLiteralExpression(node)) {
    // The last definition of a key wins in JavaScript, so a spread after it may override it.
    const { last, spreads } = propertyIndex(ts, sourceFile, node);
    const position = last.get(String(part)) ?? -1;
    for (const spread of spreads) {
      if (spread < position) break;
      const inner = step(ts, sourceFile, (node.properties[spread] as TS.SpreadAssignment).expression, part);
      if (inner !== undefined) return inner;
    }
    const property = node.properties[position];
    if (property === undefined || property.name === undefined) return undefined;
    if (ts.isPropertyAssignment(property)) return { value: property.initializer, key: property.name };
    if (ts.isShorthandPropertyAssignment(property)) return { value: property.name, key: property.name };
    return { value: property, key: property.name };
  }
  if (ts.isCallExpression(node) && typeof part === "string") {
    // A DSL helper such as text(content, { mode }) or remove(atom): options are found in an
    // object literal argument, anything else is the first argument.
    for (const argument of node.arguments) {
      if (ts.isObjectLiteralExpression(unwrap(ts, sourceFile, argument))) {
        const inner = step(ts, sourceFile, argument, part);
        if (inner !== undefined) return inner;
      }
    }
    const first = node.arguments[0];
    return first === undefined ? undefined : { value: first };
  }
  if (ts.isArrayLiteralExpression(node) && typeof part === "number") {
    // After a spread, an element's position in the value is not its position in the literal.
    if (part >= firstSpread(ts, node)) return undefined;
    const element = node.elements[part];
    return element === undefined ? undefined : { value: element };
  }
  return undefined;
}
