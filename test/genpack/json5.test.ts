import { describe, expect, it } from "vitest";
import { parseJson5 } from "../../genpack/json5/parse.js";
import { toPlain, type ObjectNode } from "../../genpack/json5/syntax.js";
import { fromSyntax } from "../../genpack/python.js";

function parse(text: string, json5 = true) {
  const result = parseJson5(text, { json5 });
  if (!result.ok) throw new Error(`${result.message} at ${result.position.line}:${result.position.column}`);
  return result.document;
}

const plain = (text: string, json5 = true) => toPlain(parse(text, json5).root);

describe("JSON5 as genpack.json5 uses it", () => {
  it("reads keys such as */* and strings holding */5", () => {
    expect(plain(`{ "*/*": "x", cron: "*/5 * * * *" }`)).toEqual(new Map([["*/*", "x"], ["cron", "*/5 * * * *"]]));
  });

  it("reads escaped backslashes, escapes and line continuations", () => {
    expect(plain(String.raw`{ a: "a\\b\n", b: 'it\'s', c: "\x41\u0042", d: "one \
two" }`)).toEqual(new Map([["a", "a\\b\n"], ["b", "it's"], ["c", "AB"], ["d", "one two"]]));
  });

  it("reads numbers as JSON5 writes them", () => {
    const values = plain(`[0x40, +1, .5, 5., 1e3, -Infinity, NaN]`) as number[];
    expect(values.slice(0, 6)).toEqual([64, 1, 0.5, 5, 1000, -Infinity]);
    expect(Number.isNaN(values[6])).toBe(true);
  });

  it("tells integers from floats, as Python's json5 does", () => {
    const root = parse(`[1, 1.0, 0x10, 1e2]`).root;
    if (root.kind !== "array") throw new Error("not an array");
    expect(root.items.map((item) => (item.value.kind === "number" ? item.value.integer : undefined))).toEqual([true, false, true, false]);
  });

  it("keeps a key written twice in its first place with its last value", () => {
    const root = parse(`{ a: 1, b: 2, a: 3 }`).root as ObjectNode;
    expect(root.entries.map((entry) => entry.key)).toEqual(["a", "b"]);
    expect(toPlain(root)).toEqual(new Map([["a", 3], ["b", 2]]));
    expect(root.entries[0]?.duplicateAt).toEqual({ line: 1, column: 15 });
  });

  it("attaches comments to what they precede, or to what they follow on the same line", () => {
    const document = parse(`// before everything
{
  // leads name
  name: "x", // trails name
  packages: [
    /* leads a */ "a", // trails a
    // left over in the list
  ],
  // left over in the object
}
// after everything`);
    const root = document.root as ObjectNode;
    const [name, packages] = root.entries;
    expect(document.leadingComments.map((comment) => comment.text)).toEqual([" before everything"]);
    expect(document.trailingComments.map((comment) => comment.text)).toEqual([" after everything"]);
    expect(name?.leadingComments.map((comment) => comment.text)).toEqual([" leads name"]);
    expect(name?.trailingComment?.text).toBe(" trails name");
    const list = packages?.value;
    if (list?.kind !== "array") throw new Error("not a list");
    expect(list.items[0]?.leadingComments.map((comment) => comment.text)).toEqual([" leads a "]);
    expect(list.items[0]?.trailingComment?.text).toBe(" trails a");
    expect(list.danglingComments.map((comment) => comment.text)).toEqual([" left over in the list"]);
    expect(root.danglingComments.map((comment) => comment.text)).toEqual([" left over in the object"]);
  });

  it("records where every key and value starts", () => {
    const root = parse(`{\n  name: "x",\n  list: [1, 2],\n}`).root as ObjectNode;
    expect(root.entries[1]?.keyStart).toEqual({ line: 3, column: 3 });
    expect(root.entries[1]?.value.start).toEqual({ line: 3, column: 9 });
  });

  it.each([
    [`{ a: 1 b: 2 }`, `Expected "," or "}" after the value of "a", found "b".`, 1, 8],
    [`{ a: "open }`, "This string is never closed.", 1, 6],
    [`{ a: /* never closed }`, "This block comment is never closed.", 1, 6],
    [`{ a: tru }`, `Expected a value, found "t".`, 1, 6],
    [`{ a: 1 } x`, `Expected the end of the file after the value, found "x".`, 1, 10],
    [``, "The file holds no value.", 1, 1],
    [`[01]`, "A number cannot start with 0 followed by digits; octal is not allowed.", 1, 2],
    [`["a\\01"]`, `"\\0" is not a valid escape.`, 1, 6],
    [`["\\1"]`, `"\\1" is not a valid escape.`, 1, 5],
  ])("reports %j with its position", (text, message, line, column) => {
    expect(parseJson5(text)).toEqual({ ok: false, message, position: { line, column } });
  });

  it("reads -0 as the integer 0 and \\0 as NUL", () => {
    expect(fromSyntax(parse(`[-0, "a\\0b"]`).root)).toEqual([0, "a\0b"]);
    expect(Object.is((fromSyntax(parse(`[-0]`).root) as number[])[0], -0)).toBe(false);
  });

  it("reads keys named with letters beyond the Basic Multilingual Plane", () => {
    expect(plain(`{ \u{10400}x: 1, a\u{1D7D8}: 2 }`)).toEqual(new Map([["\u{10400}x", 1], ["a\u{1D7D8}", 2]]));
  });

  it("refuses nesting deeper than Python's parsers reach, without exhausting the stack", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(parseJson5(deep)).toMatchObject({ ok: false, message: "Objects and lists nest more than 990 deep here." });
    expect(parseJson5(deep, { json5: false })).toMatchObject({ ok: false });
    expect(parseJson5(`${"[".repeat(990)}${"]".repeat(990)}`).ok).toBe(true);
  });
});

describe("JSON as genpack.json uses it", () => {
  it("reads NaN and Infinity, as Python's json does", () => {
    const values = plain(`[NaN, Infinity, -Infinity, 1]`, false) as number[];
    expect(values.slice(1)).toEqual([Infinity, -Infinity, 1]);
  });

  it.each([
    [`{ "a": 1, }`, "JSON allows no comma before a closing brace."],
    [`{ a: 1 }`, "Expected a key in double quotes, found \"a\"."],
    [`// no comments\n{}`, `Expected a value, found "/".`],
    [`{ "a": 'x' }`, `Expected a value, found "'" (JSON strings take double quotes).`],
  ])("refuses %j", (text, message) => {
    expect(parseJson5(text, { json5: false })).toMatchObject({ ok: false, message });
  });

  it("reads U+2028 and U+2029 inside strings, as Python's json does", () => {
    expect(plain(`["a\u2028b\u2029c"]`, false)).toEqual(["a\u2028b\u2029c"]);
  });
});
