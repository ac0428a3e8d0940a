import { describe, expect, it } from "vitest";
import { excessiveSourceNesting, MAX_SOURCE_NESTING, tooFewBracketsToNest } from "../../compiler/source-nesting.js";

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

  it("clears source by its count of brackets only where it cannot nest too deep: templates nest two levels per brace", () => {
    // Templates inside templates: each level of template text and each ${ counts, one brace
    // for two levels, and the innermost template's text one more.
    const templates = (braces: number) => `const t = ${"`${".repeat(braces)}\`x\`${"}`".repeat(braces)};`;
    // Four braces nest nine deep, the limit: cleared, and the scan agrees.
    expect(tooFewBracketsToNest(templates(4), 9)).toBe(true);
    expect(excessiveSourceNesting(templates(4), 9)).toBeUndefined();
    expect(excessiveSourceNesting(templates(4), 8)).toBeDefined();
    // One more nests eleven deep: not cleared by the count, and found by the scan.
    expect(tooFewBracketsToNest(templates(5), 9)).toBe(false);
    expect(excessiveSourceNesting(templates(5), 9)).toBe("const t = ".length + "`${".repeat(4).length + 1);
  });

  it("counts a file's brackets the same in its bytes as in its text, whatever else it holds", () => {
    const text = `// ${"é漢字🙂".repeat(50)}\nconst a = ${deep(100)}; // \u{1F642}`;
    expect(tooFewBracketsToNest(Buffer.from(text, "utf8"), 201)).toBe(tooFewBracketsToNest(text, 201));
    expect(tooFewBracketsToNest(text, 201)).toBe(true);
    expect(tooFewBracketsToNest(text, 200)).toBe(false);
  });
});
