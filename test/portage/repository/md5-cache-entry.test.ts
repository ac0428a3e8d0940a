import { describe, expect, it } from "vitest";
import { parseMd5CacheEntry } from "../../../portage/repository/md5-cache-entry.js";

describe("md5-cache entries", () => {
  it("reads KEY=value lines, the value verbatim after the first =", () => {
    const { values, problems } = parseMd5CacheEntry("DESCRIPTION=Tools for a=b\nIUSE=+ssl -doc test\nKEYWORDS=amd64 ~arm64\nSLOT=0/3\n");
    expect(values.get("DESCRIPTION")).toEqual({ value: "Tools for a=b", line: 1 });
    expect(values.get("IUSE")).toEqual({ value: "+ssl -doc test", line: 2 });
    expect(values.get("SLOT")?.value).toBe("0/3");
    expect(problems).toEqual([]);
  });

  it("keeps an empty value", () => {
    expect(parseMd5CacheEntry("IUSE=\n").values.get("IUSE")?.value).toBe("");
  });

  it("reports a line without = with its line number, and skips blank lines", () => {
    const { values, problems } = parseMd5CacheEntry("EAPI=8\n\ngarbage\nSLOT=0\n");
    expect(values.get("SLOT")?.line).toBe(4);
    expect(problems).toEqual([{ line: 3, message: '"garbage" is not a KEY=value line.' }]);
  });
});
