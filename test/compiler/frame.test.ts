import { describe, expect, it } from "vitest";
import { codeFrame } from "../../compiler/frame.js";
import { firstFrame, parseStack } from "../../compiler/stack.js";

describe("code frames", () => {
  const source = ["one", "two", "three: 'x'", "four", "five", "six"].join("\n");

  it("shows two lines around the problem and underlines it", () => {
    expect(codeFrame(source, { line: 3, column: 8 }, { line: 3, column: 11 })).toBe(
      ["  1 | one", "  2 | two", "> 3 | three: 'x'", "    |        ^^^", "  4 | four", "  5 | five"].join("\n"),
    );
  });

  it("underlines to the end of the line when the problem spans lines", () => {
    expect(codeFrame(source, { line: 1, column: 2 }, { line: 4, column: 1 })).toContain("> 1 | one\n    |  ^^");
  });

  it("gives nothing for a position outside the text", () => {
    expect(codeFrame(source, { line: 40, column: 1 })).toBe("");
  });

  it("cuts a line of 5 MB to a window around the column, marking both cuts", () => {
    const long = `${"x".repeat(5_000_000)}BAD${"y".repeat(1_000)}`;
    const frame = codeFrame(`first\n${long}\nlast`, { line: 2, column: 5_000_001 }, { line: 2, column: 5_000_004 });
    expect(frame.length).toBeLessThan(600);
    const [, problem = "", underline = ""] = frame.split("\n");
    expect(problem).toMatch(/^> 2 \| …x{40}BADy+…$/);
    expect(underline.indexOf("^^^")).toBe(problem.indexOf("BAD"));
    expect(underline.trimEnd().endsWith("^^^")).toBe(true);
  });

  it("cuts the lines around a long one at the same columns, so they line up", () => {
    const frame = codeFrame(`${"a".repeat(1_000)}\n${"b".repeat(500)}X${"b".repeat(500)}\n${"c".repeat(10)}`, { line: 2, column: 501 });
    const [before = "", problem = "", , after = ""] = frame.split("\n");
    expect(before).toBe(`  1 | …${"a".repeat(120)}…`);
    expect(problem).toBe(`> 2 | …${"b".repeat(40)}X${"b".repeat(79)}…`);
    // The short line holds nothing in the window.
    expect(after).toBe("  3 | …");
  });

  it("keeps short lines whole", () => {
    const text = `${"a".repeat(120)}\nshort`;
    expect(codeFrame(text, { line: 1, column: 3 })).toBe(`> 1 | ${"a".repeat(120)}\n    |   ${"^".repeat(118)}\n  2 | short`);
  });
});

describe("stack traces", () => {
  it("reads file frames in every form V8 prints, skipping internals", () => {
    const stack = [
      "Error: boom",
      "    at build (/home/u/app/web.profile.ts:12:9)",
      "    at file:///home/u/app/nextcloud.image.ts:3:16",
      "    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)",
      "    at async Promise.all (index 0)",
    ].join("\n");
    expect(parseStack(stack)).toEqual([
      { file: "/home/u/app/web.profile.ts", line: 12, column: 9 },
      { file: "/home/u/app/nextcloud.image.ts", line: 3, column: 16 },
    ]);
  });

  it("reads paths that hold spaces and parentheses", () => {
    const stack = ["Error", "    at build (/home/u/my (copy)/web.profile.ts:12:9)", "    at /home/u/my (copy)/x.image.ts:3:16"].join("\n");
    expect(parseStack(stack)).toEqual([
      { file: "/home/u/my (copy)/web.profile.ts", line: 12, column: 9 },
      { file: "/home/u/my (copy)/x.image.ts", line: 3, column: 16 },
    ]);
  });

  it("gives a call site's first frame or nothing, never a later frame", () => {
    expect(firstFrame("Error\n    at <anonymous>\n    at /gp/main.js:1:1")).toBeUndefined();
    expect(firstFrame("Error\n    at /a/b.ts:2:3\n    at /gp/main.js:1:1")).toEqual({ file: "/a/b.ts", line: 2, column: 3 });
  });
});
