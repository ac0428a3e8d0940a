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
