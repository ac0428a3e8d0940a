import { describe, expect, expectTypeOf, it } from "vitest";
import { COMPRESSIONS, SQUASHFS_COMPRESSIONS, type Compression, type SquashfsCompression } from "../../dsl/compression.js";

describe("the compressions", () => {
  it("a blueprint may choose are genpack's four, in genpack's order", () => {
    expect(COMPRESSIONS).toEqual(["gzip", "xz", "lzo", "none"]);
    expectTypeOf<Compression>().toEqualTypeOf<"gzip" | "xz" | "lzo" | "none">();
  });

  it("gp builds with are genpack's and zstd, all from the one declaration", () => {
    expect(SQUASHFS_COMPRESSIONS).toEqual(["gzip", "xz", "lzo", "zstd", "none"]);
    expectTypeOf<SquashfsCompression>().toEqualTypeOf<Compression | "zstd">();
    expect(COMPRESSIONS.every((compression) => SQUASHFS_COMPRESSIONS.includes(compression))).toBe(true);
  });
});
