import { types } from "node:util";
import { IMAGE_BRAND, PACKAGE_BRAND, PROFILE_BRAND } from "../../dsl/brand.js";
import { CALL_SITE } from "../../dsl/call-site.js";
import type { Mark, PlainExports } from "./messages.js";
import { describeThrown, thrownSummary } from "./thrown-value.js";
import { MAX_NESTING } from "../validate/nesting.js";

/**
 * How deep a copy goes: one level past what validation accepts (MAX_NESTING), so that a spec
 * nested deeper is still reported by validation at the place it goes too deep, while the
 * structured clone, which recurses and overflows at a few thousand levels, never sees more.
 */
export const MAX_COPY_DEPTH = MAX_NESTING + 1;

const BRANDS = [
  ["image", IMAGE_BRAND],
  ["profile", PROFILE_BRAND],
  ["package", PACKAGE_BRAND],
] as const;

/** An own data property's value, without running a getter; undefined for anything else. */
function ownData(value: object, key: symbol): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
}

function ownField(value: object, key: string): unknown {
  if (types.isProxy(value)) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && "value" in descriptor ? descriptor.value : undefined;
}

/** The brand and call site a DSL value carries, read without running any of the blueprint's code. */
function markOf(value: object): Mark | undefined {
  let mark: { brand?: Mark["brand"]; callSite?: string } | undefined;
  for (const [kind, symbol] of BRANDS) {
    const info = ownData(value, symbol);
    if (typeof info !== "object" || info === null) continue;
    mark = { brand: { kind, format: primitive(ownField(info, "format")), version: primitive(ownField(info, "version")) } };
    break;
  }
  const site = ownData(value, CALL_SITE);
  if (typeof site === "object" && site !== null) {
    try {
      // V8 formats a captured stack when it is first read, through source maps; a blueprint
      // that replaced Error.prepareStackTrace can only move where its own problems are shown.
      const stack: unknown = (site as { stack?: unknown }).stack;
      if (typeof stack === "string") mark = { ...mark, callSite: stack };
    } catch {
      // A stack that cannot be formatted leaves the value without a location.
    }
  }
  return mark;
}

function primitive(value: unknown): unknown {
  return typeof value === "object" || typeof value === "function" ? undefined : value;
}

/** What kind of thing a value is, for a message: "a Map", "an instance of Foo". */
function kindOf(value: object): string {
  if (typeof value === "function") return "a function";
  if (types.isProxy(value)) return "a Proxy";
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== "Object") return `${/^[AEIOU]/.test(tag) ? "an" : "a"} ${tag}`;
  let prototype: object | null = null;
  try {
    prototype = Object.getPrototypeOf(value) as object | null;
  } catch {
    return "an object";
  }
  const constructor = prototype === null ? undefined : Object.getOwnPropertyDescriptor(prototype, "constructor");
  const name = constructor !== undefined && "value" in constructor && typeof constructor.value === "function" ? Object.getOwnPropertyDescriptor(constructor.value, "name") : undefined;
  return name !== undefined && "value" in name && typeof name.value === "string" && name.value !== "" ? `an instance of ${name.value}` : "an object with a prototype of its own";
}

function isDslValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && !types.isProxy(value) && BRANDS.some(([, symbol]) => ownData(value, symbol) !== undefined);
}

/** A plain object or array: the only containers a spec is made of. */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as object | null;
  // An object from another realm has that realm's Object.prototype, whose own prototype is null.
  return prototype === null || prototype === Object.prototype || (Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === "[object Object]");
}

interface Frame {
  readonly source: object;
  readonly copy: Record<string, unknown> | unknown[];
  readonly keys: readonly string[] | number;
  index: number;
  readonly depth: number;
}

/**
 * Copies values as plain data, the way they will be checked and written: own enumerable string
 * keys of plain objects and arrays, strings, numbers, booleans, null and undefined. Each getter
 * runs once, here. Anything else (a function, a Proxy, a Map, a class instance, a getter that
 * throws) becomes an empty placeholder marked with what it was, so that gp can report it at its
 * place in the blueprint. Values reached twice are copied once, so shared profiles stay one
 * object; nesting is copied {@link MAX_COPY_DEPTH} levels deep. The walk keeps its own stack and
 * is linear in the size of the data.
 */
export function takePlainData(namespace: Readonly<Record<string, unknown>>): PlainExports {
  const marks: (readonly [object, Mark])[] = [];
  const copies = new Map<object, object>();
  const stack: Frame[] = [];

  const placeholder = (reason: string): object => {
    const holder = {};
    marks.push([holder, { uncrossable: reason }]);
    return holder;
  };

  /** The copy of one value, opening a frame for a container whose entries are still to copy. */
  const take = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === undefined) return value;
    if (typeof value === "bigint") return placeholder("a bigint");
    if (typeof value === "symbol") return placeholder("a symbol");
    if (typeof value === "function") return placeholder("a function");
    const object = value as object;
    if (types.isProxy(object)) return placeholder("a Proxy");
    // A value met again is the same copy, so shared profiles stay one object and a value that
    // contains itself crosses as such, for validation to report.
    const seen = copies.get(object);
    if (seen !== undefined) return seen;
    if (!isPlainContainer(object)) return placeholder(kindOf(object));
    const isArray = Array.isArray(object);
    const copy: Record<string, unknown> | unknown[] = isArray ? [] : {};
    copies.set(object, copy);
    const mark = markOf(object);
    if (mark !== undefined) marks.push([copy, mark]);
    // Past the depth validation accepts the copy stays an empty container: deep enough for the
    // report, and nothing more to clone.
    if (depth < MAX_COPY_DEPTH) stack.push({ source: object, copy, keys: isArray ? (object as unknown[]).length : Object.keys(object), index: 0, depth });
    return copy;
  };

  const run = (): void => {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const count = typeof frame.keys === "number" ? frame.keys : frame.keys.length;
      if (frame.index >= count) {
        stack.pop();
        continue;
      }
      const key = typeof frame.keys === "number" ? frame.index : (frame.keys[frame.index] as string);
      frame.index++;
      let taken: unknown;
      try {
        taken = take((frame.source as Record<string | number, unknown>)[key], frame.depth + 1);
      } catch (thrown) {
        // Only reading the property runs the blueprint's code, so only a getter can throw here.
        taken = placeholder(`a getter that threw ${thrownSummary(describeThrown(thrown))}`);
      }
      // defineProperty, not assignment: a key named "__proto__" stays a key.
      Object.defineProperty(frame.copy, key, { value: taken, enumerable: true, writable: true, configurable: true });
    }
  };

  const exports: Record<string, unknown> = {};
  for (const name of Object.keys(namespace)) {
    const value = namespace[name];
    // Named exports cross only when they are DSL values; helpers and constants stay behind.
    if (name !== "default" && !isDslValue(value)) continue;
    const taken = take(value, 0);
    run();
    Object.defineProperty(exports, name, { value: taken, enumerable: true, writable: true, configurable: true });
  }
  return { exports, marks };
}
