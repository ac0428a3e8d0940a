import { describe, expect, it } from "vitest";
import { imageMatrix } from "../../compiler/index.js";
import { compileSource } from "../helpers/blueprint-file.js";

async function matrixOf(spec: string) {
  const compiled = await compileSource(`import { defineImage } from "genpack-ts";\nexport default defineImage(${spec});\n`);
  if (compiled.merged === undefined) throw new Error(`the blueprint does not compile: ${compiled.diagnostics.map((diagnostic) => diagnostic.message).join("; ")}`);
  return imageMatrix(compiled.merged);
}

describe("the builds an image declares", () => {
  it("name no arch when no layer sets arches, and one build without a variant", async () => {
    expect(await matrixOf(`{ name: "plain", profile: "paravirt" }`)).toEqual({ arches: undefined, variants: [null] });
  });

  it("are each arch the image's arches name, narrowed by its Portage profile", async () => {
    expect(await matrixOf(`{ name: "two", profile: "paravirt", arches: ["aarch64", "x86_64"] }`)).toEqual({ arches: ["x86_64", "aarch64"], variants: [null] });
    expect(await matrixOf(`{ name: "pi", profile: "raspberrypi", arches: ["aarch64"] }`)).toEqual({ arches: ["aarch64"], variants: [null] });
  });

  it("are each variant by name, without the plain image the variants add to", async () => {
    const matrix = await matrixOf(`{ name: "v", profile: "paravirt", variants: { debug: { packages: ["dev-debug/gdb"] }, small: { packages: ["app-misc/screen"] } }, defaultVariant: "small" }`);
    expect(matrix.variants).toEqual(["debug", "small"]);
  });
});
