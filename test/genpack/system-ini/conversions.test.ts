import { describe, expect, it } from "vitest";
import { iniBoolean, iniInteger } from "../../../genpack/system-ini/conversions.js";

describe("iniBoolean: getboolean()", () => {
  it("takes 1/yes/true/on and 0/no/false/off in any case, and nothing else", () => {
    expect(["1", "YES", "True", "on"].map(iniBoolean)).toEqual([true, true, true, true]);
    expect(["0", "No", "FALSE", "oFF"].map(iniBoolean)).toEqual([false, false, false, false]);
    expect(["", "y", "enabled", " yes", "2"].map(iniBoolean)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe("iniInteger: getint(), that is Python's int(str)", () => {
  it("takes surrounding Python whitespace, one sign, leading zeros and single underscores between digits", () => {
    expect([" 42 ", "\u00a0-7\u3000", "+007", "1_000", "0"].map(iniInteger)).toEqual([42, -7, 7, 1000, 0]);
  });

  it("takes decimal digits of any script", () => {
    expect(["\u0664\u0662", "\uff14\uff12", "\u0967_\u0966", "\u{1d7d0}"].map(iniInteger)).toEqual([42, 42, 10, 2]);
  });

  it("refuses what int() refuses: no digits, stray underscores, other bases, inner spaces, a sign alone", () => {
    expect(["", "-", "_1", "1_", "1__0", "0x10", "1 2", "- 1", "1.0", "\u200b1", "\u00b2"].map(iniInteger)).toEqual(Array(11).fill(undefined));
  });

  it("refuses more than 4300 digits, as Python's int_max_str_digits does, underscores not counted", () => {
    expect(iniInteger("1".repeat(4300))).toBe(Number(BigInt("1".repeat(4300))));
    expect(iniInteger("0".repeat(4301))).toBeUndefined();
    expect(iniInteger(`${"1_".repeat(2150)}1`)).toBeDefined();
  });
});
