import { execFile } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./gp.js";

const FIXTURE = join(ROOT, "test/fixtures/skip-summary");

describe("the summary at the end of npm test", () => {
  it("says why tests were skipped, grouped by reason, before the counts CI reads", async () => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.config.ts"], { cwd: FIXTURE, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout) =>
        error === null ? resolve(stdout) : reject(error),
      );
    });
    expect(output.trimEnd().split("\n").slice(-6)).toEqual([
      "Skipped, and why:",
      "  2 tests in skipped.fixture.ts: frobnicate is not installed",
      "  1 test  in skipped.fixture.ts: no reason recorded (it.skip, or left out by -t)",
      "  1 test  in skipped.fixture.ts: the corpus is not here",
      "",
      "1 passed, 0 failed, 4 skipped",
    ]);
  });
});
