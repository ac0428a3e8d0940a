import { describe, expect, it } from "vitest";
import { checkUseString, isKeyword, isLicenseToken } from "../../portage/use-flags.js";

describe("USE strings", () => {
  it("accepts flags, negations and USE_EXPAND markers", () => {
    expect(checkUseString("apache2 -postgres APACHE2_MODULES: -http2 proxy APACHE2_MPMS: prefork")).toEqual({ problems: [], plusFlags: [] });
    expect(checkUseString("-* python_targets_python3_12")).toEqual({ problems: [], plusFlags: [] });
  });

  it("reports flags with a leading + separately, since Portage accepts them with a complaint", () => {
    expect(checkUseString("+mysql curl +gd")).toEqual({ problems: [], plusFlags: ["+mysql", "+gd"] });
  });

  it("reports tokens that are not flags", () => {
    expect(checkUseString("foo bar! video_cards: x").problems.map((problem) => problem.token)).toEqual(["bar!", "video_cards:"]);
  });
});

describe("keywords and licenses", () => {
  it.each(["~amd64", "amd64", "**", "~*", "-*", "~arm64"])("accepts the keyword %s", (keyword) => expect(isKeyword(keyword)).toBe(true));
  it.each(["~amd64!", "~", ""])("rejects the keyword %j", (keyword) => expect(isKeyword(keyword)).toBe(false));
  it.each(["linux-fw-redistributable", "@BINARY-REDISTRIBUTABLE", "-*", "SSPL-1", "NVIDIA-2025"])("accepts the license %s", (license) =>
    expect(isLicenseToken(license)).toBe(true),
  );
  it.each(["bad license", "@", "a/b"])("rejects the license %j", (license) => expect(isLicenseToken(license)).toBe(false));
});
