import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withFileLock } from "../../../runtime/inputs/file-lock.js";
import { isInputError } from "../../../runtime/inputs/errors.js";
import { temporaryDirectory } from "../../helpers/temp.js";

describe("the download cache's lock files", () => {
  it("hold the owner's pid while the work runs, and go away after", async () => {
    const file = join(temporaryDirectory(), "x.lock");
    expect(await withFileLock(file, async () => readFileSync(file, "utf8"))).toBe(String(process.pid));
    expect(existsSync(file)).toBe(false);
  });

  it("name a FIFO standing at the lock's path instead of waiting on it, and leave it", { timeout: 5_000 }, async () => {
    const file = join(temporaryDirectory(), "x.lock");
    execFileSync("mkfifo", [file]);
    const failure = await withFileLock(file, async () => "ran").then(
      () => undefined,
      (problem: unknown) => problem,
    );
    expect(isInputError(failure)).toBe(true);
    expect((failure as Error).message).toBe(`The lock ${file} is a FIFO, not a file; remove it if no gp runs.`);
    expect(existsSync(file)).toBe(true);
  });
});
