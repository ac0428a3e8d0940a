import { describe, expect, it } from "vitest";
import { parseProfilesDesc } from "../../../compiler/catalog/profiles-desc.js";

describe("profiles.desc", () => {
  it("reads arch, path and stability, skipping comments and blank lines", () => {
    const { profiles, problems } = parseProfilesDesc("# arch\tprofile\tstatus\n\namd64\tdefault/linux/amd64/23.0\tstable\narm64  default/linux/arm64/23.0/systemd  dev # comment\n", "gentoo");
    expect(profiles).toEqual([
      { arch: "amd64", path: "default/linux/amd64/23.0", stability: "stable", repository: "gentoo" },
      { arch: "arm64", path: "default/linux/arm64/23.0/systemd", stability: "dev", repository: "gentoo" },
    ]);
    expect(problems).toEqual([]);
  });

  it("reports lines with too few or too many fields", () => {
    const { profiles, problems } = parseProfilesDesc("amd64 default/linux/amd64\namd64 a b c\n", "gentoo");
    expect(profiles).toEqual([]);
    expect(problems.map((problem) => problem.line)).toEqual([1, 2]);
    expect(problems[0]?.message).toBe('"amd64 default/linux/amd64" is not an "arch path stability" line.');
  });
});
