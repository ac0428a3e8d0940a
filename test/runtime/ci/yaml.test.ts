import { describe, expect, it } from "vitest";
import { emitYaml, type YamlValue } from "../../../runtime/ci/index.js";
import { pythonYamlProblem, readYaml } from "../../helpers/ci-validators.js";
import { skipFor } from "../../helpers/skip.js";

/** Strings a careless emitter writes so that a reader takes them for something else. */
const TRICKY_STRINGS = [
  "",
  " ",
  "yes",
  "No",
  "ON",
  "off",
  "y",
  "n",
  "true",
  "null",
  "~",
  "0",
  "012",
  "0x1F",
  "1e3",
  "1_000",
  ".5",
  ".inf",
  "-.nan",
  "12:30:00",
  "2026-12-07",
  "- item",
  "key: value",
  "a #comment",
  "#comment",
  "&anchor",
  "*alias",
  "!tag",
  "%directive",
  "@at",
  "`tick`",
  "{ flow: map }",
  "[flow, list]",
  "'single'",
  '"double"',
  "|",
  ">",
  "?",
  ",",
  "trailing ",
  " leading",
  "tab\there",
  "back\\slash",
  "${{ matrix.arch }}",
  "$CI_PROJECT_DIR/.gp-cache",
  "nul\u0000byte",
  "bell\u0007",
  "next\u0085line",
  "line\u2028separator",
  "paragraph\u2029separator",
  "bom\uFEFF",
  "del\u007F",
  "emoji 🐧",
  "ünïcödé",
  "carriage\rreturn",
  "crlf\r\nline",
  "script\nwith lines\n",
  "script without final line feed\nsecond",
  "two final line feeds\n\n",
  "\nleading line feed",
  "  indented first line\nsecond\n",
  "empty line\n\ninside\n",
  "trailing spaces   \non a line\n",
  "---",
  "...",
  "--- document\n",
];

const DOCUMENT: { readonly [key: string]: YamlValue } = {
  strings: TRICKY_STRINGS,
  keys: Object.fromEntries(TRICKY_STRINGS.filter((text) => !text.includes("\n")).map((text, index) => [text, index])),
  numbers: [0, 1, -7, 3.25, 1e21, 1e-7, -2.5e-300],
  booleans: [true, false],
  nothing: null,
  empty: { list: [], map: {} },
  nested: [[1, [2, "two"]], { a: { b: ["c", { d: "e" }] } }, [], {}],
  "on": { push: {} },
};

const pythonProblem = pythonYamlProblem();

describe("the YAML emitter of gp ci", () => {
  it.each(["1.1", "1.2"] as const)("writes strings, keys, numbers and nesting that a YAML %s reader reads back unchanged", { ...skipFor(pythonProblem) }, (version) => {
    expect(readYaml(emitYaml(DOCUMENT, ["a comment", "", "another"]), version)).toEqual(DOCUMENT);
  });

  it("writes a script of lines as a literal block, so it reads as written", () => {
    expect(emitYaml({ run: "set -eu\necho \"$ARCH\"\n" })).toBe('run: |\n  set -eu\n  echo "$ARCH"\n');
    expect(emitYaml({ steps: [{ run: "a\nb" }] })).toBe("steps:\n- run: |-\n    a\n    b\n");
  });

  it("writes names plain and quotes words YAML 1.1 reads as booleans", () => {
    expect(emitYaml({ on: "yes", arch: "x86_64", path: "web/out/web-x86_64.squashfs" })).toBe('"on": "yes"\narch: x86_64\npath: web/out/web-x86_64.squashfs\n');
  });

  it("refuses a string no YAML reader accepts rather than writing a broken file", () => {
    expect(() => emitYaml({ broken: "lone \uD800 surrogate" })).toThrow(/lone surrogate/);
  });

  it("writes a 100,000-entry list in time linear in its length", () => {
    const entries = Array.from({ length: 100_000 }, (_, index) => ({ name: `cell-${index}`, script: `line ${index}\nnext\n` }));
    const started = performance.now();
    const text = emitYaml({ entries });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(text.split("\n").length).toBe(100_000 * 4 + 2);
  });
});
