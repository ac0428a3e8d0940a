import { IMAGE_BRAND, PACKAGE_BRAND, PROFILE_BRAND } from "../../dsl/brand.js";
import { CALL_SITE } from "../../dsl/call-site.js";
import type { ValuePath } from "../diagnostics.js";
import type { PlainExports } from "./messages.js";

/** Marks a placeholder that stands for a value the blueprint made which is not data. */
const UNCROSSABLE: unique symbol = Symbol("gp.uncrossable") as never;

const BRAND_SYMBOLS = { image: IMAGE_BRAND, profile: PROFILE_BRAND, package: PACKAGE_BRAND } as const;

/**
 * Gives the plain data that came out of a blueprint's process back the brands and call sites the
 * DSL put on it (as the same non-enumerable symbols), and freezes all of it, so what gp checks
 * is what it writes.
 */
export function restoreExports(plain: PlainExports): Readonly<Record<string, unknown>> {
  for (const [value, mark] of plain.marks) {
    if (mark.uncrossable !== undefined) Object.defineProperty(value, UNCROSSABLE, { value: mark.uncrossable });
    if (mark.brand !== undefined) {
      Object.defineProperty(value, BRAND_SYMBOLS[mark.brand.kind], { value: Object.freeze({ format: mark.brand.format, version: mark.brand.version }) });
    }
    if (mark.callSite !== undefined) Object.defineProperty(value, CALL_SITE, { value: Object.freeze({ stack: mark.callSite }) });
  }
  const pending: unknown[] = [plain.exports];
  const frozen = new Set<object>();
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null || frozen.has(value)) continue;
    frozen.add(value);
    Object.freeze(value);
    for (const entry of Object.values(value)) pending.push(entry);
  }
  return plain.exports;
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
  const found: UncrossableValue[] = [];
  const pending: { value: unknown; path: ValuePath }[] = Object.entries(spec)
    .filter(([key]) => key !== "extends")
    .map(([key, value]) => ({ value, path: [key] }));
  const visited = new Set<object>();
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: ValuePath };
    if (typeof value !== "object" || value === null || visited.has(value)) continue;
    visited.add(value);
    const what = (value as { [UNCROSSABLE]?: string })[UNCROSSABLE];
    if (what !== undefined) {
      found.push({ path, what });
      continue;
    }
    if (Array.isArray(value)) value.forEach((entry, index) => pending.push({ value: entry, path: [...path, index] }));
    else for (const [key, entry] of Object.entries(value)) pending.push({ value: entry, path: [...path, key] });
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
