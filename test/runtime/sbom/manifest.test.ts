import { describe, expect, it } from "vitest";
import { parseManifestDistfiles } from "../../../runtime/sbom/manifest.js";

const BLAKE = "b".repeat(128);
const SHA512 = "5".repeat(128);

describe("Manifest distfiles", () => {
  it("reads DIST lines with their size and the digests CycloneDX names, in the line's order", () => {
    const distfiles = parseManifestDistfiles([`DIST foo-1.tar.gz 1234 BLAKE2B ${BLAKE} SHA512 ${SHA512}`, "EBUILD foo-1.ebuild 99 SHA512 abc", `AUX fix.patch 10 SHA512 ${SHA512}`].join("\n"));
    expect([...distfiles.keys()]).toEqual(["foo-1.tar.gz"]);
    expect(distfiles.get("foo-1.tar.gz")).toEqual({ name: "foo-1.tar.gz", size: 1234, hashes: [["BLAKE2b-512", BLAKE], ["SHA-512", SHA512]] });
  });

  it("leaves out algorithms CycloneDX has no name for, but keeps the line", () => {
    expect(parseManifestDistfiles(`DIST a.tar 1 WHIRLPOOL ${"0".repeat(128)} SHA256 ${"2".repeat(64)}`).get("a.tar")?.hashes).toEqual([["SHA-256", "2".repeat(64)]]);
  });

  it("skips malformed DIST lines: no size, an odd pair, a digest of the wrong length or not hex", () => {
    const distfiles = parseManifestDistfiles([`DIST nosize BLAKE2B ${BLAKE}`, "DIST odd 1 SHA512", `DIST short 1 SHA512 ${"5".repeat(64)}`, `DIST nothex 1 SHA512 ${"z".repeat(128)}`].join("\n"));
    expect(distfiles.size).toBe(0);
  });

  it("keeps the first line of a name, as Portage does", () => {
    const distfiles = parseManifestDistfiles([`DIST a 1 SHA512 ${SHA512}`, `DIST a 2 SHA512 ${"6".repeat(128)}`].join("\n"));
    expect(distfiles.get("a")?.size).toBe(1);
  });

  it("reads a 100,000-line Manifest in linear time", () => {
    const text = Array.from({ length: 100_000 }, (_, index) => `DIST f${index}.tar 1 SHA512 ${SHA512}`).join("\n");
    const started = performance.now();
    expect(parseManifestDistfiles(text).size).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
