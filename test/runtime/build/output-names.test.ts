import { describe, expect, it } from "vitest";
import type { Resolution } from "../../../genpack/resolution.js";
import type { PhaseContext } from "../../../runtime/build/build-context.js";
import { imagePath } from "../../../runtime/build/pack/pack-phase.js";
import { workLayout } from "../../../runtime/build/work-layout.js";

/** Just what imagePath reads of a build: the artifact directory and the resolved outfile. */
function contextWithOutfile(outfile: string): PhaseContext {
  const resolution = { name: "box", outfile } as unknown as Resolution;
  return { target: { artifactDir: "/srv/artifact", arch: "x86_64", variant: null, resolution } } as unknown as PhaseContext;
}

describe("paths the build makes from names", () => {
  it("puts the image inside the artifact directory, adding .squashfs as genpack does", () => {
    expect(imagePath(contextWithOutfile("box-x86_64.squashfs"))).toBe("/srv/artifact/box-x86_64.squashfs");
    expect(imagePath(contextWithOutfile("images/box"))).toBe("/srv/artifact/images/box.squashfs");
  });

  it.each(["../box-x86_64.squashfs", "/tmp/box.squashfs", "a/../../b", `${"x".repeat(250)}`, "box\n.squashfs"])("refuses to build a path from the unchecked outfile %j", (outfile) => {
    expect(() => imagePath(contextWithOutfile(outfile))).toThrow(/output file was not checked/);
  });

  it.each(["../up", "a/b", "", "x".repeat(201)])("refuses to lay out work folders for the unchecked variant %j", (variant) => {
    expect(() => workLayout("/srv/artifact", "x86_64", variant)).toThrow(/variant was not checked/);
  });
});
