import type { Json5Object, Json5Value } from "./json5/document.js";
import type { PlainValue } from "./json5/syntax.js";

/**
 * The few Python semantics genpack's resolution depends on, for values read from genpack.json5:
 * `str()` of a value written into a Portage file, `==` as `in` and list dedup use it, and the
 * exceptions genpack stops with. `--compat genpack` reproduces them exactly.
 */

/** An exception genpack's Python code would raise, with Python's type name and message. */
export class PythonError extends Error {
  constructor(
    readonly pythonType: "ValueError" | "TypeError" | "IndexError" | "KeyError" | "AttributeError" | "Exception",
    message: string,
  ) {
    super(message);
  }

  /** As Python prints the last line of a traceback. */
  override toString(): string {
    return `${this.pythonType}: ${this.message}`;
  }
}

/** Python's type name of a JSON value as json5/json load it. */
export function pythonType(value: PlainValue | undefined): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (isFloatMarked(value)) return "float";
  if (exactInt(value) !== undefined) return "int";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  return "dict";
}

/**
 * JSON numbers written with a fraction or exponent (`1.0`) are Python floats even when whole;
 * the reader marks them by boxing. Unboxed numbers that are whole are ints.
 */
const floats = new WeakSet<object>();

/** A float that is whole (`1.0`): JavaScript has one number type, so it is kept in a box. */
export function pythonFloat(value: number): number {
  if (!Number.isInteger(value)) return value;
  const boxed = Object(value) as object;
  floats.add(boxed);
  return boxed as unknown as number;
}

function isFloatMarked(value: unknown): boolean {
  return typeof value === "object" && value !== null && floats.has(value);
}

/**
 * Ints beyond 2^53 that a double cannot hold exactly: Python keeps every digit, so the reader
 * boxes them with their exact value for printing and comparing.
 */
const bigInts = new WeakMap<object, bigint>();

/** An int read from a literal such as `123456789012345678901234` or `-0x20000000000000`. */
export function pythonInt(value: number, literal: string): number {
  if (Number.isSafeInteger(value) || !Number.isFinite(value)) return value;
  const negative = literal.startsWith("-");
  const magnitude = BigInt(literal.replace(/^[-+]/, ""));
  const boxed = Object(value) as object;
  bigInts.set(boxed, negative ? -magnitude : magnitude);
  return boxed as unknown as number;
}

function exactInt(value: unknown): bigint | undefined {
  return typeof value === "object" && value !== null ? bigInts.get(value) : undefined;
}

/** A number's value, whether plain or boxed as a whole float or a big int. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (isFloatMarked(value) || exactInt(value) !== undefined) return (value as Number).valueOf();
  return undefined;
}

/** Python's `repr()` of a float. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  // toExponential() without digits gives the shortest digits that read back the same, as repr does.
  const [mantissa = "", exponentText = "0"] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let text: string;
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    text = `${digits[0]}${fraction}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  } else if (exponent < 0) {
    text = `0.${"0".repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    text = `${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
  } else {
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${text}` : text;
}

/** Python's `repr()` of an int: all digits, never an exponent, however long the literal. */
function intRepr(value: number, exact: bigint | undefined): string {
  return exact !== undefined ? exact.toString() : String(value);
}

/** Python's `repr()` of a str. */
export function stringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let body = "";
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\\") body += "\\\\";
    else if (char === quote) body += `\\${quote}`;
    else if (char === "\n") body += "\\n";
    else if (char === "\r") body += "\\r";
    else if (char === "\t") body += "\\t";
    else if (code < 0x20 || code === 0x7f) body += `\\x${code.toString(16).padStart(2, "0")}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}

/** Python's `repr()`. */
export function pyRepr(value: PlainValue | undefined): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  const number = numeric(value);
  if (number !== undefined) return pythonType(value) === "int" ? intRepr(number, exactInt(value)) : floatRepr(number);
  if (typeof value === "string") return stringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return `{${[...(value as Map<string, PlainValue>)].map(([key, entry]) => `${stringRepr(key)}: ${pyRepr(entry)}`).join(", ")}}`;
}

/** Python's `str()`: strings as they are, everything else as `repr()`. */
export function pyStr(value: PlainValue | undefined): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/**
 * The exact number a numeric value stands for, as Python compares numbers: booleans are 0 and
 * 1, an int and a float are equal when their values are, to the last digit. Whole values are
 * written as integers (`1.0` as `1`), others with a fraction or an exponent, so the two never
 * meet. `undefined` for what is not a number, and for NaN, which equals nothing.
 */
function numberKey(value: unknown): string | undefined {
  if (typeof value === "boolean") return value ? "1" : "0";
  const exact = exactInt(value);
  if (exact !== undefined) return exact.toString();
  const number = numeric(value);
  if (number === undefined || Number.isNaN(number)) return undefined;
  if (!Number.isFinite(number)) return number > 0 ? "inf" : "-inf";
  return Number.isInteger(number) ? BigInt(number).toString() : String(number);
}

/** Marks a value that equals nothing: NaN, or a container that holds one. */
const UNEQUAL = Symbol("unequal");

function keyOf(value: PlainValue | undefined): string | typeof UNEQUAL {
  if (value === null || value === undefined) return "N";
  if (typeof value === "string") return `s${value.length}:${value}`;
  if (Array.isArray(value)) {
    let key = "[";
    for (const element of value) {
      const part = keyOf(element);
      if (part === UNEQUAL) return UNEQUAL;
      key += part;
    }
    return `${key}]`;
  }
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [name, entry] of value) {
      const part = keyOf(entry);
      if (part === UNEQUAL) return UNEQUAL;
      parts.push(`s${name.length}:${name}${part}`);
    }
    // A dict equals another with the same items in any order.
    return `{${parts.sort().join("")}}`;
  }
  const number = numberKey(value);
  return number === undefined ? UNEQUAL : `n${number};`;
}

/**
 * A string that stands for a value under Python's `==`: two values are equal exactly when their
 * keys are, so a list can be searched through a Map instead of element by element. A string is
 * its own key, so the common case costs no copy; every other value's key starts with U+0000
 * (as does a string's that starts with it), and its parts are self-delimiting (strings carry
 * their length, numbers end in `;`), so no two values share a key. `undefined` for a value that
 * equals nothing, not even itself.
 */
export function pyKey(value: PlainValue | undefined): string | undefined {
  if (typeof value === "string") return value.charCodeAt(0) === 0 ? `\u0000s${value.length}:${value}` : value;
  const key = keyOf(value);
  return key === UNEQUAL ? undefined : `\u0000${key}`;
}

/** Python's `==` between JSON values: `True == 1`, `1 == 1.0`, containers by content. */
export function pyEquals(a: PlainValue | undefined, b: PlainValue | undefined): boolean {
  const key = pyKey(a);
  return key !== undefined && key === pyKey(b);
}

/** Python's `value[0]` as genpack applies it to a `packages` element, with Python's errors. */
export function firstItem(value: PlainValue): PlainValue {
  if (typeof value === "string") {
    if (value === "") throw new PythonError("IndexError", "string index out of range");
    return value.charAt(0);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new PythonError("IndexError", "list index out of range");
    return value[0] as PlainValue;
  }
  if (value instanceof Map) throw new PythonError("KeyError", "0");
  throw new PythonError("TypeError", `'${pythonType(value)}' object is not subscriptable`);
}

/** Python's `" ".join(list)`, which needs strings. */
export function pyJoin(list: readonly PlainValue[], separator: string): string {
  list.forEach((element, index) => {
    if (typeof element !== "string") throw new PythonError("TypeError", `sequence item ${index}: expected str instance, ${pythonType(element)} found`);
  });
  return list.join(separator);
}

/** A parsed JSON5 value as Python's json5 and json modules load it: `1.0` stays a float. */
export function fromSyntax(node: import("./json5/syntax.js").ValueNode): PlainValue {
  switch (node.kind) {
    case "object":
      return new Map(node.entries.map((entry) => [entry.key, fromSyntax(entry.value)]));
    case "array":
      return node.items.map((item) => fromSyntax(item.value));
    case "null":
      return null;
    case "number":
      // `-0` is the int 0 in Python; only floats keep a sign on zero.
      if (node.integer) return node.value === 0 ? 0 : pythonInt(node.value, node.raw);
      return pythonFloat(node.value);
    default:
      return node.value;
  }
}

/**
 * A document gp writes into genpack.json5, as Python's json5 reads the written text back: the
 * printer writes numbers as JSON.stringify does, so a number printed as bare digits is an int
 * and any other (`1.5`, `1e+21`) a float, and one JSON cannot hold (NaN, ±Infinity) is null.
 */
export function fromDocument(value: Json5Value): PlainValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    const printed = JSON.stringify(value);
    if (!/^-?\d+$/.test(printed)) return pythonFloat(value);
    return value === 0 ? 0 : pythonInt(value, printed);
  }
  if (Array.isArray(value)) return (value as readonly Json5Value[]).map(fromDocument);
  return new Map((value as Json5Object).entries.map(([key, entry]) => [key, fromDocument(entry)]));
}

/** Python's truth value of a JSON value. */
export function pyTruthy(value: PlainValue | undefined): boolean {
  if (value === null || value === undefined || value === false || value === "") return false;
  const number = numeric(value);
  if (number !== undefined) return number !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  return true;
}
