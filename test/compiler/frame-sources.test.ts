import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostics, type Diagnostic } from "../../compiler/index.js";
import { temporaryDirectory } from "../helpers/temp.js";

function at(file: string): Diagnostic {
  return { code: "GP1003", severity: "error", message: "The file ends where a value should be.", location: { file, start: { line: 1, column: 1 } } };
}

describe("the text code frames are cut from", () => {
  it("is never read through a link a project ships that leads out of its folder", () => {
    const outside = temporaryDirectory();
    const project = temporaryDirectory();
    writeFileSync(join(outside, "shadow"), "root:TOPSECRET:19000:0:99999:7:::\n");
    symlinkSync(join(outside, "shadow"), join(project, "genpack.json5"));
    symlinkSync(outside, join(project, "conf"));
    for (const file of [join(project, "genpack.json5"), join(project, "conf/shadow")]) {
      const printed = formatDiagnostics([at(file)], { cwd: project, color: false });
      expect(printed).toContain("error GP1003");
      expect(printed).not.toContain("TOPSECRET");
    }
  });

  it("is read through a link that stays inside its folder", () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, "conf"));
    writeFileSync(join(project, "conf/genpack.json5"), "{ name: 'visible'\n");
    symlinkSync("conf/genpack.json5", join(project, "genpack.json5"));
    expect(formatDiagnostics([at(join(project, "genpack.json5"))], { cwd: project, color: false })).toContain("> 1 | { name: 'visible'");
  });

  it("is never waited on when the file named is a FIFO", { timeout: 5_000 }, () => {
    const project = temporaryDirectory();
    execFileSync("mkfifo", [join(project, "x.image.ts")]);
    expect(formatDiagnostics([at(join(project, "x.image.ts"))], { cwd: project, color: false })).toBe("x.image.ts:1:1 - error GP1003: The file ends where a value should be.");
  });
});
