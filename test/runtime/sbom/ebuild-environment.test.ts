import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { declaredValue, decompressEnvironment, metadataCacheValue, sourceUris } from "../../../runtime/sbom/ebuild-environment.js";

describe("the saved ebuild environment", () => {
  it("reads a top-level declare -p value with its escapes, across lines", () => {
    const environment = ['declare -x A="foo-1.tar.gz bar.patch"', "f () {", '    declare -x A="inside a function"', "}", 'declare -- SRC_URI="https://example.org/foo-1.tar.gz', '\tssl? ( https://example.org/\\$odd\\"name.patch -> bar.patch )"'].join("\n");
    expect(declaredValue(environment, "A")).toBe("foo-1.tar.gz bar.patch");
    expect(declaredValue(environment, "SRC_URI")).toBe('https://example.org/foo-1.tar.gz\n\tssl? ( https://example.org/$odd"name.patch -> bar.patch )');
    expect(declaredValue(environment, "HOMEPAGE")).toBeUndefined();
    expect(declaredValue('declare -x A="never closed', "A")).toBeUndefined();
  });

  it("reads SRC_URI from a metadata cache entry, and nothing from one without it", () => {
    expect(metadataCacheValue("EAPI=8\nSRC_URI=https://example.org/a.tar -> b.tar\nSLOT=0\n", "SRC_URI")).toBe("https://example.org/a.tar -> b.tar");
    expect(metadataCacheValue("EAPI=8\nSLOT=0\n", "SRC_URI")).toBeUndefined();
  });

  it("maps each distfile name to its URI, honouring renames and USE conditionals", () => {
    const uris = sourceUris("https://example.org/foo-1.tar.gz ssl? ( https://example.org/p.patch -> bar.patch ) doc? ( https://example.org/doc.tar )", new Set(["ssl"]));
    expect([...uris]).toEqual([
      ["foo-1.tar.gz", "https://example.org/foo-1.tar.gz"],
      ["bar.patch", "https://example.org/p.patch"],
    ]);
  });

  it("decompresses environment.bz2 with bzip2, and refuses what is not bzip2", () => {
    const compressed = execFileSync("bzip2", ["-c"], { input: 'declare -x A="x.tar"\n' });
    expect(decompressEnvironment(compressed)).toEqual({ ok: true, text: 'declare -x A="x.tar"\n' });
    expect(decompressEnvironment(Buffer.from("not bzip2"))).toMatchObject({ ok: false, reason: expect.stringMatching(/bzip2 failed/) });
  });

  it("stops a bzip2 bomb at the output limit instead of buffering it", () => {
    // 100 MiB of zeros compress to about 100 bytes.
    const bomb = execFileSync("sh", ["-c", "head -c 104857600 /dev/zero | bzip2 -c"], { maxBuffer: 1024 * 1024 });
    expect(decompressEnvironment(bomb)).toMatchObject({ ok: false, reason: expect.stringMatching(/wrote more than/) });
  });
});
