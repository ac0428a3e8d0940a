/**
 * Brands tell images and profiles apart from plain objects, across several installed copies of
 * genpack-ts: `Symbol.for` gives every copy the same symbol, where `instanceof` would not.
 */
export const IMAGE_BRAND: unique symbol = Symbol.for("genpack-ts.image") as never;
export const PROFILE_BRAND: unique symbol = Symbol.for("genpack-ts.profile") as never;
export const PACKAGE_BRAND: unique symbol = Symbol.for("genpack-ts.package") as never;

/**
 * The data format of branded values. It changes only when a value made by one genpack-ts can no
 * longer be read by another, which the compiler then refuses with a clear message.
 */
export const BRAND_FORMAT = 1;

/** What a brand carries: the data format and the version of the genpack-ts that made the value. */
export interface BrandInfo {
  readonly format: number;
  readonly version: string;
}

/** The version of this copy of the DSL, kept in sync with package.json by a test. */
export const DSL_VERSION = "0.1.0";

const brandInfo: BrandInfo = Object.freeze({ format: BRAND_FORMAT, version: DSL_VERSION });

/** Freezes a copy of `spec` and brands it, without making the brand part of the data. */
export function brand<T extends object>(symbol: symbol, spec: T): T {
  const value = { ...spec };
  Object.defineProperty(value, symbol, { value: brandInfo, enumerable: false });
  return value;
}

/** The brand info of `value` under `symbol`, if it has one. */
export function brandOf(value: unknown, symbol: symbol): BrandInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const info = (value as Record<symbol, unknown>)[symbol];
  return typeof info === "object" && info !== null ? (info as BrandInfo) : undefined;
}
