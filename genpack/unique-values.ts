import type { PlainValue } from "./json5/syntax.js";
import { pyKey } from "./python.js";

/**
 * A list that holds each value once, by Python's `==`, in the order values were added: what
 * genpack's `if x not in merged: merged.append(x)` and `merged.remove(x)` build, found through
 * each value's key instead of by scanning the list, so merging n entries costs n steps, not n².
 *
 * An overlay starts from another list without copying it and leaves it unchanged, for merging
 * the same base several ways (every variant over the top level).
 */
export class UniqueValues {
  /** Values added here, by key; a value equal to nothing (NaN) gets a key of its own. */
  readonly #own = new Map<string | symbol, PlainValue>();
  /** Keys of the base removed here. */
  readonly #removed = new Set<string>();

  readonly #base: UniqueValues | undefined;

  private constructor(base: UniqueValues | undefined) {
    this.#base = base;
  }

  static empty(): UniqueValues {
    return new UniqueValues(undefined);
  }

  /** A list that starts as this one; changes to it leave this one as it is. */
  overlay(): UniqueValues {
    return new UniqueValues(this);
  }

  #hasKey(key: string): boolean {
    return this.#own.has(key) || (!this.#removed.has(key) && this.#base !== undefined && this.#base.#hasKey(key));
  }

  has(value: PlainValue): boolean {
    const key = pyKey(value);
    return key !== undefined && this.#hasKey(key);
  }

  /** Appends `value` unless an equal one is there; returns whether it did. */
  add(value: PlainValue): boolean {
    const key = pyKey(value);
    if (key === undefined) {
      this.#own.set(Symbol(), value);
      return true;
    }
    if (this.#hasKey(key)) return false;
    this.#own.set(key, value);
    return true;
  }

  /** Removes the value equal to `value`, if there is one; returns whether there was. */
  remove(value: PlainValue): boolean {
    const key = pyKey(value);
    if (key === undefined) return false;
    if (this.#own.delete(key)) return true;
    if (this.#removed.has(key) || this.#base === undefined || !this.#base.#hasKey(key)) return false;
    this.#removed.add(key);
    return true;
  }

  /** The values in list order: the base's that remain, then those added here. */
  values(): PlainValue[] {
    return Array.from(this.#entries(), ([, value]) => value);
  }

  *#entries(): Generator<[string | symbol, PlainValue]> {
    if (this.#base !== undefined) {
      for (const [key, value] of this.#base.#entries()) if (typeof key !== "string" || !this.#removed.has(key)) yield [key, value];
    }
    yield* this.#own;
  }
}
