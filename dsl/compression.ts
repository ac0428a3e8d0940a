/**
 * The SquashFS compressions gp builds with, and who offers each: genpack-create-image's four
 * (`gzip` at level 1, fast; `xz` with 1 MiB blocks, smallest; `lzo`; `none`), which a blueprint
 * or genpack.json5 may choose, and zstd, which gp adds for `gp build --compression`.
 */
const OFFERED_BY = { gzip: "genpack", xz: "genpack", lzo: "genpack", zstd: "gp", none: "genpack" } as const;

/** A compression `gp build --compression` takes. */
export type SquashfsCompression = keyof typeof OFFERED_BY;

/** SquashFS compression, as genpack-create-image offers it: what a blueprint's `compression` may be. */
export type Compression = { [C in SquashfsCompression]: (typeof OFFERED_BY)[C] extends "genpack" ? C : never }[SquashfsCompression];

/** Every compression gp builds with, in the order its help lists them. */
export const SQUASHFS_COMPRESSIONS = Object.keys(OFFERED_BY) as readonly SquashfsCompression[];

/** Every compression genpack accepts. */
export const COMPRESSIONS: readonly Compression[] = SQUASHFS_COMPRESSIONS.filter((compression): compression is Compression => OFFERED_BY[compression] === "genpack");
