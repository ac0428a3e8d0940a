import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Version } from "@cyclonedx/cyclonedx-library/Spec";
import { JsonStrictValidator } from "@cyclonedx/cyclonedx-library/Validation";
import { describe, expect, it } from "vitest";
import type { InputLock } from "../../../runtime/inputs/lockfile.js";
import { imageSbom, type ImageSbomRequest } from "../../../runtime/sbom/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { FakeRoot } from "../upper/closure/fake-root.js";

const BLAKE = "b".repeat(128);
const SHA512 = "5".repeat(128);
const LOCAL_OVERLAY = "/var/db/repos/genpack-local-overlay";

const LOCK: InputLock = {
  version: 1,
  stage3: { x86_64: { url: "https://mirror.example/stage3-amd64-systemd-20260614.tar.xz", sha512: "1".repeat(128), size: 10, verified: "sha512", resolvedFrom: "https://mirror.example/latest.txt" } },
  portage: { url: "https://mirror.example/portage-20260615.tar.xz", sha512: "2".repeat(128), size: 20, snapshot: "20260615" },
  overlay: { url: "https://github.example/genpack-overlay/archive/abc.tar.gz", sha512: "3".repeat(128), size: 30, commit: "a".repeat(40) },
};

/** An environment.bz2 as Portage saves it, with A and SRC_URI. */
function environment(lines: readonly string[]): Buffer {
  return execFileSync("bzip2", ["-c"], { input: `${lines.join("\n")}\n` });
}

/**
 * A lower with a gentoo repository (Manifest, license-mapping.conf), the local overlay of the
 * image's own packages, and three installed packages in @genpack-runtime's closure:
 * app-misc/tool (a program, with a source archive) needs dev-libs/lib; local-pkg/greeting is
 * one of the image's own packages.
 */
function lowerFixture(): FakeRoot {
  const root = new FakeRoot().mergedUsr().repository("gentoo", "/var/db/repos/gentoo").repository("genpack-local-overlay", LOCAL_OVERLAY);
  root.file("/var/db/repos/gentoo/metadata/license-mapping.conf", "[spdx-to-ebuild]\nApache-2.0 = Apache-2.0\nGPL-2.0 = GPL-2\nGPL-2.0-only = GPL-2\nMIT = MIT\n");
  root.file("/var/db/repos/gentoo/app-misc/tool/Manifest", `DIST tool-1.2.tar.gz 4321 BLAKE2B ${BLAKE} SHA512 ${SHA512}\nDIST tool-1.1.tar.gz 4000 BLAKE2B ${BLAKE} SHA512 ${SHA512}\n`);
  root.set("genpack-runtime", ["app-misc/tool", "local-pkg/greeting"]);
  root.pkg("app-misc/tool-1.2-r1", {
    use: "amd64 elibc_glibc ssl",
    license: "|| ( MIT GPL-2 ) ssl? ( Apache-2.0 )",
    homepage: "https://tool.example https://tool.example/docs",
    rdepend: "dev-libs/lib",
    contents: [root.dir("/usr/bin"), root.obj("/usr/bin/tool"), root.obj("/usr/share/tool/data")],
  });
  root.file("/var/db/pkg/app-misc/tool-1.2-r1/IUSE", "+ssl doc\n");
  writeFileSync(root.host("/var/db/pkg/app-misc/tool-1.2-r1/environment.bz2"), environment(['declare -x A="tool-1.2.tar.gz"']));
  root.file("/var/cache/edb/dep/var/db/repos/gentoo/app-misc/tool-1.2-r1", "EAPI=8\nSRC_URI=https://tool.example/releases/tool-1.2.tar.gz doc? ( https://tool.example/doc.tar )\n");
  root.pkg("dev-libs/lib-2", { slot: "2/2.1", license: "Example-EULA", homepage: "https://lib.example", contents: [root.obj("/usr/lib64/liblib.so.2")] });
  root.pkg("local-pkg/greeting-1", { repository: "genpack-local-overlay", license: "MIT", contents: [root.obj("/etc/greeting")] });
  return root;
}

function request(root: FakeRoot, warnings: string[] = []): ImageSbomRequest {
  return {
    lower: root.hostDir,
    image: { name: "box", arch: "x86_64", variant: "debug", profile: "paravirt" },
    imageRepositoryLocation: LOCAL_OVERLAY,
    lock: LOCK,
    gpVersion: "9.8.7",
    warn: (message) => warnings.push(message),
  };
}

type Json = Record<string, any>;
const component = (document: Json, ref: string): Json => (document["components"] as Json[]).find((entry) => entry["bom-ref"] === ref) as Json;
const property = (entry: Json, name: string): string | undefined => (entry["properties"] as { name: string; value: string }[] | undefined)?.find((item) => item.name === name)?.value;

describe("the image's SBOM", () => {
  it("is a valid CycloneDX 1.6 document by the library's own strict validator, inside and beside the image", async () => {
    const documents = imageSbom(request(lowerFixture()));
    const validator = new JsonStrictValidator(Version.v1dot6);
    expect(await validator.validate(documents.inside)).toBeNull();
    expect(await validator.validate(documents.beside("c".repeat(64)))).toBeNull();
  });

  it("describes the image and carries its hash only beside it", () => {
    const documents = imageSbom(request(lowerFixture()));
    const inside = JSON.parse(documents.inside) as Json;
    const beside = JSON.parse(documents.beside("c".repeat(64))) as Json;
    expect(inside["specVersion"]).toBe("1.6");
    expect(inside["metadata"]["timestamp"]).toBeUndefined();
    expect(inside["serialNumber"]).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(inside["metadata"]["component"]).toMatchObject({ type: "operating-system", "bom-ref": "image", name: "box" });
    expect(inside["metadata"]["component"]["hashes"]).toBeUndefined();
    expect(beside["metadata"]["component"]["hashes"]).toEqual([{ alg: "SHA-256", content: "c".repeat(64) }]);
    expect(inside["metadata"]["tools"]["components"]).toEqual([expect.objectContaining({ name: "gp", version: "9.8.7" })]);
    expect(Object.fromEntries((inside["metadata"]["component"]["properties"] as { name: string; value: string }[]).map((item) => [item.name, item.value]))).toEqual({ "gp:arch": "x86_64", "gp:variant": "debug", "gp:profile": "paravirt" });
    delete beside["metadata"]["component"]["hashes"];
    expect(beside).toEqual(inside);
  });

  it("gives the same bytes for the same lower", () => {
    expect(imageSbom(request(lowerFixture())).inside).toBe(imageSbom(request(lowerFixture())).inside);
  });

  it("lists each closure package with version, slot, repository, USE in effect, SPDX license, homepage, sources and paths", () => {
    const document = JSON.parse(imageSbom(request(lowerFixture())).inside) as Json;
    const tool = component(document, "app-misc/tool-1.2-r1");
    expect(tool).toMatchObject({ type: "application", group: "app-misc", name: "tool", version: "1.2-r1", purl: "pkg:generic/app-misc/tool@1.2-r1?repository=gentoo" });
    expect(tool["licenses"]).toEqual([{ expression: "(MIT OR GPL-2.0-only) AND Apache-2.0" }]);
    expect(property(tool, "gp:use")).toBe("ssl");
    expect(property(tool, "gp:license")).toBe("|| ( MIT GPL-2 ) ssl? ( Apache-2.0 )");
    expect(property(tool, "gp:package-kind")).toBe("closure");
    expect(tool["externalReferences"]).toEqual(
      expect.arrayContaining([
        { type: "website", url: "https://tool.example" },
        { type: "website", url: "https://tool.example/docs" },
        { type: "distribution", url: "https://tool.example/releases/tool-1.2.tar.gz", comment: "tool-1.2.tar.gz", hashes: [{ alg: "BLAKE2b-512", content: BLAKE }, { alg: "SHA-512", content: SHA512 }] },
      ]),
    );
    expect(tool["externalReferences"]).toHaveLength(3);
    expect(tool["evidence"]["occurrences"]).toEqual([{ location: "/usr/bin" }, { location: "/usr/bin/tool" }, { location: "/usr/share/tool/data" }]);
    const lib = component(document, "dev-libs/lib-2");
    expect(lib).toMatchObject({ type: "library", version: "2", licenses: [{ license: { name: "Example-EULA" } }] });
    expect(property(lib, "gp:slot")).toBe("2/2.1");
    expect(property(lib, "gp:use")).toBe("");
    expect(property(component(document, "local-pkg/greeting-1"), "gp:package-kind")).toBe("image-package");
  });

  it("has the closure's dependency edges, rooted at the image", () => {
    const document = JSON.parse(imageSbom(request(lowerFixture())).inside) as Json;
    const edges = Object.fromEntries((document["dependencies"] as { ref: string; dependsOn?: string[] }[]).map((entry) => [entry.ref, entry.dependsOn ?? []]));
    expect(edges["image"]).toEqual(["app-misc/tool-1.2-r1", "local-pkg/greeting-1"]);
    expect(edges["app-misc/tool-1.2-r1"]).toEqual(["dev-libs/lib-2"]);
    expect(edges["dev-libs/lib-2"]).toEqual([]);
  });

  it("names the pinned build inputs of gp.lock with their digests", () => {
    const document = JSON.parse(imageSbom(request(lowerFixture())).inside) as Json;
    const inputs = (document["components"] as Json[]).filter((entry) => property(entry, "gp:package-kind") === "build-input");
    expect(inputs.map((entry) => [property(entry, "gp:input"), entry["type"], entry["hashes"][0]])).toEqual([
      ["genpack-overlay", "file", { alg: "SHA-512", content: "3".repeat(128) }],
      ["portage", "file", { alg: "SHA-512", content: "2".repeat(128) }],
      ["stage3", "file", { alg: "SHA-512", content: "1".repeat(128) }],
    ]);
    expect(component(document, "input:portage")).toMatchObject({ version: "20260615", externalReferences: [{ type: "distribution", url: LOCK.portage?.url }] });
  });

  it("leaves out, with a warning, facts behind a link out of the lower, a FIFO or a missing Manifest, and never hangs", () => {
    const root = lowerFixture();
    const outside = join(temporaryDirectory(), "secret");
    writeFileSync(outside, "HOST-SECRET\n");
    root.symlink("/var/db/pkg/dev-libs/lib-2/DESCRIPTION", outside);
    execFileSync("rm", [root.host("/var/db/pkg/dev-libs/lib-2/LICENSE"), root.host("/var/db/pkg/app-misc/tool-1.2-r1/HOMEPAGE"), root.host("/var/db/repos/gentoo/app-misc/tool/Manifest")]);
    root.symlink("/var/db/pkg/dev-libs/lib-2/LICENSE", `../../../../../../../../../..${outside}`);
    execFileSync("mkfifo", [root.host("/var/db/pkg/app-misc/tool-1.2-r1/HOMEPAGE")]);
    execFileSync("mkfifo", [root.host("/var/db/pkg/dev-libs/lib-2/environment.bz2")]);
    const warnings: string[] = [];
    const text = imageSbom(request(root, warnings)).inside;
    expect(text).not.toContain("HOST-SECRET");
    const document = JSON.parse(text) as Json;
    expect(component(document, "dev-libs/lib-2")["licenses"]).toBeUndefined();
    expect(component(document, "app-misc/tool-1.2-r1")["externalReferences"]).toEqual([expect.objectContaining({ type: "distribution", comment: "tool-1.2.tar.gz" })]);
    expect(component(document, "app-misc/tool-1.2-r1")["externalReferences"][0]["hashes"]).toBeUndefined();
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^app-misc\/tool-1\.2-r1: HOMEPAGE is left out of the SBOM: .*HOMEPAGE is a FIFO, not a file/),
        expect.stringMatching(/^dev-libs\/lib-2: its sources are left out of the SBOM: .*environment\.bz2 is a FIFO/),
        expect.stringMatching(/^app-misc\/tool-1\.2-r1: the digests of its sources are left out of the SBOM: .*Manifest does not exist/),
      ]),
    );
  });

  it("reads a package with a 100,000-entry CONTENTS in linear time", () => {
    const root = lowerFixture();
    root.file("/var/db/pkg/dev-libs/lib-2/CONTENTS", Array.from({ length: 100_000 }, (_, index) => `obj /usr/share/lib/f${index} d41d8cd98f00b204e9800998ecf8427e 1700000000\n`).join(""));
    const started = performance.now();
    const document = JSON.parse(imageSbom(request(root)).inside) as Json;
    expect(component(document, "dev-libs/lib-2")["evidence"]).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
