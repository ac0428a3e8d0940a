import { describe, expect, it } from "vitest";
import { excessiveSourceNesting, MAX_SOURCE_NESTING } from "../../compiler/source-nesting.js";

const deep = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe("how deep a blueprint's brackets nest", () => {
  it("finds the first bracket past the limit", () => {
    const text = `const x = ${deep(MAX_SOURCE_NESTING + 1)};`;
    expect(excessiveSourceNesting(text)).toBe("const x = ".length + MAX_SOURCE_NESTING);
    expect(excessiveSourceNesting(`const x = ${deep(MAX_SOURCE_NESTING)};`)).toBeUndefined();
  });

  it("counts parentheses, braces and a template's ${ alike", () => {
    expect(excessiveSourceNesting("f({ a: [`${(1)}`] })", 5)).toBe("f({ a: [`${".length);
    expect(excessiveSourceNesting("f({ a: [`${(1)}`] })", 6)).toBeUndefined();
  });

  it("does not count brackets in strings, comments, template text or regular expressions", () => {
    const text = [
      `const a = "[[[[[[", b = '((((((';`,
      "// {{{{{{",
      "/* [[[[[[ */",
      "const t = `((((((${x}[[[[[[`;",
      "const r = /[[(({{/g, q = a / b / c;",
      "if (x) { return /\\/[[[[/.test(y); }",
    ].join("\n");
    expect(excessiveSourceNesting(text, 3)).toBeUndefined();
  });

  it("finds nothing to report in 10 MB of flat data", () => {
    const text = `export default [${Array.from({ length: 500_000 }, (_, index) => `"app-misc/p${index}"`).join(", ")}];`;
    expect(excessiveSourceNesting(text)).toBeUndefined();
  });
});
