import { describe, expect, it } from "vitest";
import { compareVersions, parseVersion } from "../../portage/version.js";

/** Asserts that the versions are in strictly ascending order, each pair both ways. */
function expectAscending(...versions: string[]): void {
  for (let index = 1; index < versions.length; index++) {
    const older = versions[index - 1] as string;
    const newer = versions[index] as string;
    expect(compareVersions(older, newer), `${older} < ${newer}`).toBe(-1);
    expect(compareVersions(newer, older), `${newer} > ${older}`).toBe(1);
  }
}

function expectEqual(a: string, b: string): void {
  expect(compareVersions(a, b), `${a} = ${b}`).toBe(0);
  expect(compareVersions(b, a), `${b} = ${a}`).toBe(0);
}

describe("version comparison (PMS §3.3)", () => {
  it("compares the first numeric component as an integer", () => {
    expectAscending("1", "2", "10", "100");
    expectEqual("01", "1");
  });

  it("compares later numeric components as integers when neither has a leading zero", () => {
    expectAscending("1.2", "1.9", "1.10", "1.100");
  });

  it("compares later components with a leading zero as strings without trailing zeros", () => {
    expectAscending("1.01", "1.1");
    expectAscending("1.001", "1.01", "1.02", "1.1");
    expectEqual("1.010", "1.01");
    expectEqual("1.0", "1.00");
  });

  it("counts a version with more numeric components as newer", () => {
    expectAscending("1", "1.0", "1.0.0", "1.0.0.1");
  });

  it("counts a letter as newer than none, and compares letters alphabetically", () => {
    expectAscending("1.0", "1.0a", "1.0b", "1.0z", "1.1");
  });

  it("compares letters before suffixes, so 1.0_p1 is older than 1.0a", () => {
    expectAscending("1.0", "1.0_p1", "1.0a");
  });

  it("orders suffixes _alpha < _beta < _pre < _rc < none < _p", () => {
    expectAscending("1.0_alpha", "1.0_beta", "1.0_pre", "1.0_rc", "1.0", "1.0_p");
  });

  it("compares the numbers of suffixes of the same kind, a missing number being 0", () => {
    expectAscending("1.0_rc", "1.0_rc1", "1.0_rc2", "1.0_rc10");
    expectEqual("1.0_p", "1.0_p0");
    expectEqual("1.0_beta01", "1.0_beta1");
  });

  it("counts an extra suffix as newer only when it is _p", () => {
    expectAscending("1.0_alpha", "1.0_alpha_p1");
    expectAscending("1.0_alpha_rc1", "1.0_alpha");
    expectAscending("1.0_pre1_beta2", "1.0_pre1");
  });

  it("compares revisions last, -r0 being no revision", () => {
    expectAscending("1.0", "1.0-r1", "1.0-r2", "1.0-r10", "1.0a");
    expectEqual("1.0-r0", "1.0");
    expectAscending("1.0_rc1-r5", "1.0");
  });

  it("compares integers of any length exactly", () => {
    expectAscending("20260101", "99999999999999999998", "99999999999999999999", "100000000000000000000");
    expectAscending("1.0-r99999999999999999999", "1.0-r100000000000000000000");
  });

  it("rejects what is not a version", () => {
    expect(parseVersion("1.0-rc1")).toBeUndefined();
    expect(parseVersion("a1")).toBeUndefined();
    expect(parseVersion("1.0_gamma")).toBeUndefined();
    expect(() => compareVersions("1.0", "1..0")).toThrow('"1..0" is not a valid version');
  });

  it("splits a version into its components as written", () => {
    expect(parseVersion("1.02.3b_rc1_p-r4")).toEqual({
      numbers: ["1", "02", "3"],
      letter: "b",
      suffixes: [
        { kind: "rc", number: "1" },
        { kind: "p", number: "" },
      ],
      revision: "4",
    });
  });
});
