import { describe, expect, it } from "vitest";
import { LARGEST_SBOM_BYTES, readSbom, sbomBesideImage } from "../../../runtime/diff/sbom-document.js";
import { sbomDocument } from "../../helpers/sbom-document.js";

const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

describe("reading an image's SBOM", () => {
  it("takes the packages, their slots and USE flags, and the paths each put into the image", () => {
    const document = sbomDocument({
      imageSha256: "AB".repeat(32),
      packages: [
        { category: "app-misc", name: "flavour", version: "1-r1", slot: "0/1", use: "vanilla chocolate", files: ["/usr/share/flavour/vanilla"] },
        { category: "app-misc", name: "greeter", version: "1.0-r3", kind: "image-package", files: ["/etc/greeter.conf", "/usr/share/flavour/vanilla"] },
      ],
    });
    const facts = readSbom(bytes(document));
    expect(facts.imageName).toBe("fixture");
    expect(facts.imageSha256).toBe("ab".repeat(32));
    expect(facts.packages).toEqual([
      { category: "app-misc", name: "flavour", version: "1-r1", slot: "0/1", use: ["chocolate", "vanilla"] },
      { category: "app-misc", name: "greeter", version: "1.0-r3", slot: "0", use: [] },
    ]);
    // A path two packages claim belongs to the first.
    expect([...facts.owners]).toEqual([["/usr/share/flavour/vanilla", 0], ["/etc/greeter.conf", 1]]);
  });

  it("leaves build inputs and other components out of the packages", () => {
    const facts = readSbom(bytes(sbomDocument({ packages: [] })));
    expect(facts.packages).toEqual([]);
  });

  it("compares two copies as equal when they differ only in the image's hash", () => {
    const packages = [{ category: "a", name: "x", version: "1" }];
    expect(readSbom(bytes(sbomDocument({ packages, imageSha256: "0".repeat(64) }))).comparable).toBe(readSbom(bytes(sbomDocument({ packages }))).comparable);
    expect(readSbom(bytes(sbomDocument({ packages: [{ ...packages[0]!, version: "2" }] }))).comparable).not.toBe(readSbom(bytes(sbomDocument({ packages }))).comparable);
  });

  it.each([
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0x7d]), /is not UTF-8 text/],
    ["a NUL byte", Buffer.from('{"bomFormat":"CycloneDX"\u0000}'), /is not JSON/],
    ["a cut document", bytes(sbomDocument({ packages: [] })).subarray(0, 100), /is not JSON/],
    ["another spec version", bytes({ ...sbomDocument({ packages: [] }), specVersion: "1.5" }), /specVersion: .*1\.6/],
    ["an image that is not the operating system", bytes({ ...sbomDocument({ packages: [] }), metadata: { component: { type: "library", "bom-ref": "image", name: "x" } } }), /metadata\.component\.type/],
    ["a package without a version", bytes(sbomDocument({ packages: [{ category: "a", name: "x", version: "" }] })), /components\[0\] \("a\/x-"\) no version/],
    ["an occurrence that is not an absolute path", bytes(sbomDocument({ packages: [{ category: "a", name: "x", version: "1", files: ["etc/x"] }] })), /components\[0\]\.evidence\.occurrences\[0\]\.location/],
    ["an image hash that is not SHA-256", bytes(sbomDocument({ packages: [], imageSha256: "xyz" })), /not 64 hexadecimal digits/],
  ])("refuses %s, saying what is wrong and where", (_what, input, message) => {
    expect(() => readSbom(input)).toThrow(message);
  });

  it("refuses a package without gp:use or gp:slot", () => {
    const document = sbomDocument({ packages: [{ category: "a", name: "x", version: "1" }] }) as { components: { properties: { name: string }[] }[] };
    document.components[0]!.properties = document.components[0]!.properties.filter((property) => property.name !== "gp:use");
    expect(() => readSbom(bytes(document))).toThrow(/no gp:use/);
  });

  it("refuses a document larger than it reads, before parsing it", () => {
    expect(() => readSbom(Buffer.alloc(LARGEST_SBOM_BYTES + 1, 0x20))).toThrow(/more than the 64 MiB/);
  });

  it("refuses values nested too deep to compare, without a crash", () => {
    const deep = `{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"type":"operating-system","bom-ref":"image","name":"x"}},"x":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect(() => readSbom(Buffer.from(deep))).toThrow(/nests its values too deep|is not JSON/);
  });

  it("finds the SBOM beside an image by the image's name without .squashfs", () => {
    expect(sbomBesideImage("out/fixture/fixture-x86_64.squashfs")).toBe("out/fixture/fixture-x86_64.cdx.json");
  });
});
