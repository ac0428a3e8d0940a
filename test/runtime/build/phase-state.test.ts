import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRecord, writeRecord } from "../../../runtime/build/phase-state.js";
import { temporaryDirectory } from "../../helpers/temp.js";

describe("phase records", () => {
  it("read back what was written", () => {
    const path = join(temporaryDirectory(), "x86_64/lower.json");
    writeRecord(path, { key: "k", inputs: { arch: "x86_64" }, finished: "now" });
    expect(readRecord(path)).toEqual({ key: "k", inputs: { arch: "x86_64" }, finished: "now" });
  });

  it("count as none when a FIFO or directory stands where one belongs, so the phase runs instead of waiting", { timeout: 5_000 }, () => {
    const directory = temporaryDirectory();
    execFileSync("mkfifo", [join(directory, "lower.json")]);
    mkdirSync(join(directory, "upper.json"));
    expect(readRecord(join(directory, "lower.json"))).toBeUndefined();
    expect(readRecord(join(directory, "upper.json"))).toBeUndefined();
  });
});
