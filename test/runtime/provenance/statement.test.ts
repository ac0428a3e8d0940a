import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactDigest, provenanceBesideImage, provenanceStatement, type ProvenanceFacts } from "../../../runtime/provenance/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const FACTS: ProvenanceFacts = {
  image: { name: "box-x86_64.squashfs", sha256: "a".repeat(64) },
  sbom: { name: "box-x86_64.cdx.json", sha256: "b".repeat(64) },
  blueprint: "box.image.ts",
  artifactSha256: "c".repeat(64),
  arch: "x86_64",
  variant: null,
  phaseKeys: { lower: "l", upper: "u", pack: "p" },
  inputs: [{ input: "portage", url: "https://mirror.example/portage-20260615.tar.xz", size: 1, hashes: [["SHA-512", "2".repeat(128)]], version: "20260615" }],
  gpVersion: "9.8.7",
  startedOn: new Date("2026-06-15T10:00:00.123Z"),
  finishedOn: new Date("2026-06-15T10:05:00.456Z"),
};

describe("the provenance statement", () => {
  it("is an in-toto Statement v1 with a SLSA provenance v1 predicate naming the image, its SBOM, the blueprint, the inputs and gp", () => {
    const statement = JSON.parse(provenanceStatement(FACTS)) as Record<string, any>;
    expect(statement["_type"]).toBe("https://in-toto.io/Statement/v1");
    expect(statement["predicateType"]).toBe("https://slsa.dev/provenance/v1");
    expect(statement["subject"]).toEqual([
      { name: "box-x86_64.squashfs", digest: { sha256: "a".repeat(64) } },
      { name: "box-x86_64.cdx.json", digest: { sha256: "b".repeat(64) } },
    ]);
    const { buildDefinition, runDetails } = statement["predicate"];
    expect(buildDefinition.buildType).toMatch(/^https:\/\//);
    expect(buildDefinition.externalParameters).toEqual({ blueprint: { path: "box.image.ts", digest: { sha256: "c".repeat(64) } }, arch: "x86_64", variant: null });
    expect(buildDefinition.internalParameters).toEqual({ phaseKeys: { lower: "l", upper: "u", pack: "p" } });
    expect(buildDefinition.resolvedDependencies).toEqual([{ name: "portage", uri: "https://mirror.example/portage-20260615.tar.xz", digest: { sha512: "2".repeat(128) } }]);
    expect(runDetails.builder).toEqual({ id: expect.stringMatching(/^https:\/\//), version: { gp: "9.8.7" } });
    expect(runDetails.metadata).toEqual({ startedOn: "2026-06-15T10:00:00Z", finishedOn: "2026-06-15T10:05:00Z" });
  });

  it("differs between two runs of the same build only in its times", () => {
    const other = JSON.parse(provenanceStatement({ ...FACTS, startedOn: new Date(0), finishedOn: new Date(1000) })) as Record<string, any>;
    const first = JSON.parse(provenanceStatement(FACTS)) as Record<string, any>;
    delete other["predicate"]["runDetails"]["metadata"];
    delete first["predicate"]["runDetails"]["metadata"];
    expect(other).toEqual(first);
  });

  it("lies beside the image as <image>.intoto.json", () => {
    expect(provenanceBesideImage("/out/box-x86_64.squashfs")).toBe("/out/box-x86_64.intoto.json");
  });
});

describe("the compiled artifact's digest", () => {
  const artifact = (overlayEbuild: string): string => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, "genpack.json5"), "{ name: 'box' }\n");
    mkdirSync(join(directory, "overlay/app-misc/x"), { recursive: true });
    writeFileSync(join(directory, "overlay/app-misc/x/x-1.ebuild"), overlayEbuild);
    return directory;
  };

  it("is equal for equal artifacts wherever they are, and ignores work/ and the images", () => {
    const first = artifact("EAPI=8\n");
    const second = artifact("EAPI=8\n");
    mkdirSync(join(second, "work/x86_64"), { recursive: true });
    writeFileSync(join(second, "work/x86_64/pack.json"), "{}");
    writeFileSync(join(second, "box-x86_64.squashfs"), "image");
    expect(artifactDigest(second)).toBe(artifactDigest(first));
  });

  it("changes with the overlay's ebuilds", () => {
    expect(artifactDigest(artifact("EAPI=8\n"))).not.toBe(artifactDigest(artifact("EAPI=7\n")));
  });
});
