/**
 * SquashFS compression, as genpack-create-image offers it:
 * `gzip` (level 1, fast), `xz` (1 MiB blocks, smallest), `lzo`, or `none`.
 */
export type Compression = "gzip" | "xz" | "lzo" | "none";

/** Every compression genpack accepts. */
export const COMPRESSIONS: readonly Compression[] = ["gzip", "xz", "lzo", "none"];
