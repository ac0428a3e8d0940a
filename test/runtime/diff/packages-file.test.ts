import { describe, expect, it } from "vitest";
import { parsePackagesFile } from "../../../runtime/diff/packages-file.js";
import { renderPackageBlock } from "../../../runtime/upper/closure/genpack-metadata.js";
import type { ClosurePackage } from "../../../runtime/upper/closure/runtime-closure.js";

const empty: ClosurePackage = { cpv: "", category: "", name: "", version: "", slot: "", neededBy: [], pulledBy: { from: "@profile", via: "set", atom: "", file: "", choices: [] }, inherited: "", description: "", use: "", homepage: "", license: "" };

describe("reading /.genpack/packages", () => {
  it("reads back what the upper phase writes: cpv, slot and USE", () => {
    const text =
      renderPackageBlock({ ...empty, cpv: "app-misc/flavour-1.2-r1", category: "app-misc", name: "flavour", version: "1.2-r1", slot: "0/1", neededBy: ["@genpack-runtime"], description: "d", use: "vanilla amd64 chocolate", license: "MIT" }) +
      renderPackageBlock({ ...empty, cpv: "sys-apps/plain-2", category: "sys-apps", name: "plain", version: "2" });
    expect(parsePackagesFile(text)).toEqual({
      packages: [
        { category: "app-misc", name: "flavour", version: "1.2-r1", slot: "0/1", use: ["amd64", "chocolate", "vanilla"] },
        { category: "sys-apps", name: "plain", version: "2", slot: "", use: [] },
      ],
    });
  });

  it("names the first line that is not genpack's format", () => {
    expect(parsePackagesFile("app-misc/a-1\n\nnot a package\n")).toEqual({ badLine: 3, line: "not a package" });
    expect(parsePackagesFile("# USE: x\n")).toEqual({ badLine: 1, line: "# USE: x" });
    expect(parsePackagesFile(`app-misc/${"a-".repeat(50_000)}\n`)).toMatchObject({ badLine: 1 });
  });
});
