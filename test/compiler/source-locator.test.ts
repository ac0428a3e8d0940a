import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SourceLocator } from "../../compiler/source-locator.js";
import { temporaryDirectory } from "../helpers/temp.js";

describe("placing a problem at a call site whose file cannot be read as source", () => {
  it("keeps the call site's place for a FIFO or a device, without waiting on either", () => {
    // A blueprint's code can forge the frames its call sites are read from.
    const fifo = join(temporaryDirectory(), "forged.image.ts");
    execFileSync("mkfifo", [fifo]);
    const locator = new SourceLocator();
    for (const file of [fifo, "/dev/zero"]) {
      expect(locator.locate({ file, line: 3, column: 7 }, ["packages", 0])).toEqual({ file, start: { line: 3, column: 7 } });
      expect(locator.locateCall({ file, line: 3, column: 7 })).toEqual({ file, start: { line: 3, column: 7 } });
    }
  });
});
