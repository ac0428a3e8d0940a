import { describe, expect, it } from "vitest";
import { definePackage } from "../../../dsl/index.js";
import { LayerLocator } from "../../../compiler/layers.js";
import { localPackages } from "../../../compiler/packages/local-packages.js";
import { layers } from "../../helpers/layers.js";

const locator = new LayerLocator("/project/box.image.ts");
const lib = definePackage({ category: "dev-libs", name: "greeting", version: "1", description: "Words", license: "MIT", files: { "/usr/share/greeting/words": "hello\n" } });
const hello = definePackage({ category: "app-misc", name: "hello", version: "1", description: "Greets", rdepend: [lib] });

describe("the packages stage of the compile", () => {
  it("gives later stages the packages in reach order, their atoms, the layers with each package as its atom, and the files they install", () => {
    const result = localPackages(layers({ packages: ["app-misc/screen", hello] }, { variants: { debug: { buildtimePackages: [lib] } } }), locator);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { local } = result;
    expect(local.packages.map((declared) => declared.atom)).toEqual(["app-misc/hello", "dev-libs/greeting"]);
    expect([...local.atoms]).toEqual(["app-misc/hello", "dev-libs/greeting"]);
    expect(local.layers.map((layer) => layer.spec)).toEqual([{ packages: ["app-misc/screen", "app-misc/hello"] }, { variants: { debug: { buildtimePackages: ["dev-libs/greeting"] } } }]);
    expect(local.files.map((request) => request.path)).toEqual(["overlay/dev-libs/greeting/files/usr/share/greeting/words"]);
  });

  it("stops before the merge when a package is wrong, at the package", () => {
    const broken = definePackage({ category: "app-misc", name: "broken", version: "not a version", description: "Bad" });
    const result = localPackages(layers({ packages: [broken] }), locator);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === "error").map((diagnostic) => diagnostic.path)).toEqual([["version"]]);
  });
});
