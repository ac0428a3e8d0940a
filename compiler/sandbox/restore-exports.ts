import { IMAGE_BRAND, PACKAGE_BRAND, PROFILE_BRAND } from "../../dsl/brand.js";
import { CALL_SITE } from "../../dsl/call-site.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import type { ContainerRef, PlainExports } from "./messages.js";

/** Marks a placeholder that stands for a value the blueprint made which is not data. */
const UNCROSSABLE: unique symbol = Symbol("gp.uncrossable") as never;

const BRAND_SYMBOLS = { image: IMAGE_BRAND, profile: PROFILE_BRAND, package: PACKAGE_BRAND } as const;

/**
 * Builds the blueprint's exports back from the table that came out of its process, gives its
 * values the brands and call sites the DSL put on them (as the same non-enumerable symbols), and
 * freezes all of it, so what gp checks is what it writes. Linear in the size of the data, with
 * no recursion however deep it nests.
 */
export function restoreExports(plain: PlainExports): Readonly<Record<string, unknown>> {
  const built: (Record<string, unknown> | unknown[])[] = plain.containers.map((container) => (container.kind === "array" ? [] : {}));
  const valueOf = (slot: unknown): unknown => (typeof slot === "object" && slot !== null ? built[(slot as ContainerRef).at] : slot);
  plain.containers.forEach((container, index) => {
    const target = built[index] as Record<string, unknown> | unknown[];
    if (container.kind === "array") {
      for (const slot of container.slots) (target as unknown[]).push(valueOf(slot));
      return;
    }
    container.keys.forEach((key, position) => {
      // defineProperty, not assignment: a key named "__proto__" stays a key.
      Object.defineProperty(target, key, { value: valueOf(container.slots[position]), enumerable: true, writable: true, configurable: true });
    });
  });
  for (const [index, mark] of plain.marks) {
    const value = built[index] as object;
    if (mark.uncrossable !== undefined) Object.defineProperty(value, UNCROSSABLE, { value: mark.uncrossable });
    if (mark.brand !== undefined) {
      Object.defineProperty(value, BRAND_SYMBOLS[mark.brand.kind], { value: Object.freeze({ format: mark.brand.format, version: mark.brand.version }) });
    }
    if (mark.callSite !== undefined) Object.defineProperty(value, CALL_SITE, { value: Object.freeze({ stack: mark.callSite }) });
  }
  for (const value of built) Object.freeze(value);
  const exports: Record<string, unknown> = {};
  for (const [name, slot] of plain.exports) Object.defineProperty(exports, name, { value: valueOf(slot), enumerable: true });
  return Object.freeze(exports);
}

/** A value the blueprint made that is not data (a function, a Proxy, a Map…), where it sits in a spec. */
export interface UncrossableValue {
  readonly path: ValuePath;
  /** What it was: "a function", "a value that contains itself". */
  readonly what: string;
}

/**
 * The values of a spec that could not be taken out of the blueprint as data, with their paths.
 * `extends` is left out: each profile is a spec of its own.
 */
export function findUncrossable(spec: Readonly<Record<string, unknown>>): UncrossableValue[] {
  interface Step {
    readonly value: unknown;
    readonly key: string | number;
    readonly parent: Step | undefined;
  }
  const pathOf = (step: Step): ValuePath => {
    const path: (string | number)[] = [];
    for (let at: Step | undefined = step; at !== undefined; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const found: UncrossableValue[] = [];
  const pending: Step[] = Object.entries(spec)
    .filter(([key]) => key !== "extends")
    .map(([key, value]) => ({ value, key, parent: undefined }));
  const visited = new Set<object>();
  for (let step = pending.pop(); step !== undefined; step = pending.pop()) {
    const { value } = step;
    if (typeof value !== "object" || value === null || visited.has(value)) continue;
    visited.add(value);
    const what = (value as { [UNCROSSABLE]?: string })[UNCROSSABLE];
    if (what !== undefined) {
      found.push({ path: pathOf(step), what });
      continue;
    }
    if (Array.isArray(value)) value.forEach((entry: unknown, index) => pending.push({ value: entry, key: index, parent: step }));
    else for (const [key, entry] of Object.entries(value)) pending.push({ value: entry, key, parent: step });
  }
  return found.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: ValuePath, b: ValuePath): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const left = a[index] as string | number;
    const right = b[index] as string | number;
    if (left === right) continue;
    if (typeof left === "number" && typeof right === "number") return left - right;
    return String(left) < String(right) ? -1 : 1;
  }
  return a.length - b.length;
}
