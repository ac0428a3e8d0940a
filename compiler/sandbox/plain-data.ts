import { types } from "node:util";
import { IMAGE_BRAND, PACKAGE_BRAND, PROFILE_BRAND } from "../../dsl/brand.js";
import { CALL_SITE } from "../../dsl/call-site.js";
import type { ContainerRef, Mark, PlainExports } from "./messages.js";
import { describeThrown, thrownSummary } from "./thrown-value.js";

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
      // V8 formats a captured stack when it is first read (gp maps it to the blueprint's files
      // afterwards, sandbox/bundle-stacks.ts); a blueprint that replaced Error.prepareStackTrace
      // can only move where its own problems are shown.
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

/** A container being filled, as the table will hold it. */
type Building = { readonly kind: "array"; readonly slots: unknown[] } | { readonly kind: "object"; readonly keys: string[]; readonly slots: unknown[] };

interface Pending {
  readonly source: object;
  readonly container: Building;
}

/**
 * Copies values as plain data, the way they will be checked and written: own enumerable string
 * keys of plain objects and arrays, strings, numbers, booleans, null and undefined. Each getter
 * runs once, here. Anything else (a function, a Proxy, a Map, a class instance, a getter that
 * throws) becomes an empty placeholder marked with what it was, so that gp can report it at its
 * place in the blueprint. Values reached twice are copied once, so shared profiles stay one
 * object and a value that contains itself crosses as such, for validation to report. The copy is
 * a flat table (see PlainExports), made with a work list rather than recursion: linear in the
 * size of the data, and never deeper than the engine's stack however deep the data nests.
 */
export function takePlainData(namespace: Readonly<Record<string, unknown>>): PlainExports {
  const containers: Building[] = [];
  const marks: (readonly [number, Mark])[] = [];
  const indexOf = new Map<object, number>();
  const pending: Pending[] = [];

  const placeholder = (reason: string): ContainerRef => {
    containers.push({ kind: "object", keys: [], slots: [] });
    marks.push([containers.length - 1, { uncrossable: reason }]);
    return { at: containers.length - 1 };
  };

  /** What a slot holds for one value; a container's entries are copied later, from the work list. */
  const take = (value: unknown): unknown => {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === undefined) return value;
    if (typeof value === "bigint") return placeholder("a bigint");
    if (typeof value === "symbol") return placeholder("a symbol");
    if (typeof value === "function") return placeholder("a function");
    const object = value as object;
    if (types.isProxy(object)) return placeholder("a Proxy");
    const seen = indexOf.get(object);
    if (seen !== undefined) return { at: seen };
    if (!isPlainContainer(object)) return placeholder(kindOf(object));
    const container: Building = Array.isArray(object) ? { kind: "array", slots: [] } : { kind: "object", keys: [], slots: [] };
    containers.push(container);
    const at = containers.length - 1;
    indexOf.set(object, at);
    const mark = markOf(object);
    if (mark !== undefined) marks.push([at, mark]);
    pending.push({ source: object, container });
    return { at };
  };

  /** Reads one entry; only reading it runs the blueprint's code, so only a getter can throw. */
  const entry = (source: object, key: string | number): unknown => {
    let value: unknown;
    try {
      value = (source as Record<string | number, unknown>)[key];
    } catch (thrown) {
      return placeholder(`a getter that threw ${thrownSummary(describeThrown(thrown))}`);
    }
    return take(value);
  };

  const exports: (readonly [string, unknown])[] = [];
  for (const name of Object.keys(namespace)) {
    const value = namespace[name];
    // Named exports cross only when they are DSL values; helpers and constants stay behind.
    if (name !== "default" && !isDslValue(value)) continue;
    exports.push([name, take(value)]);
  }
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { source, container } = next;
    if (container.kind === "array") {
      const length = (source as unknown[]).length;
      for (let index = 0; index < length; index++) container.slots.push(entry(source, index));
    } else {
      for (const key of Object.keys(source)) {
        container.keys.push(key);
        container.slots.push(entry(source, key));
      }
    }
  }
  return { containers, exports, marks };
}
