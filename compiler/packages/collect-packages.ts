import { brandOf, PACKAGE_BRAND } from "../../dsl/brand.js";
import type { PackageSpec } from "../../dsl/package.js";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic, type Location, type ValuePath } from "../../errors/diagnostics.js";
import { excerpt } from "../../errors/quote.js";
import { compatible, incompatible, siteOf, type Layer, type LayerLocator } from "../layers.js";
import type { StackFrame } from "../stack.js";

/** A package of the image's own, with where it is defined and where it was first named. */
export interface DeclaredPackage {
  readonly spec: PackageSpec;
  /** `category/name`. */
  readonly atom: string;
  /** Where `definePackage` was called, when the engine could tell. */
  readonly site?: StackFrame;
  /** Where the image or a profile (or another package's dependency) names it first. */
  readonly namedAt: Location;
}

/** The places in a spec that list packages: every level genpack merges. */
export function* packageLists(spec: Readonly<Record<string, unknown>>): Generator<{ readonly list: readonly unknown[]; readonly path: ValuePath }> {
  const fromBlock = function* (block: unknown, path: ValuePath): Generator<{ list: readonly unknown[]; path: ValuePath }> {
    if (typeof block !== "object" || block === null) return;
    for (const key of ["packages", "buildtimePackages"]) {
      const list = (block as Record<string, unknown>)[key];
      if (Array.isArray(list)) yield { list, path: [...path, key] };
    }
  };
  const archBlocks = function* (owner: unknown, path: ValuePath): Generator<{ list: readonly unknown[]; path: ValuePath }> {
    const arch = (owner as Record<string, unknown> | undefined)?.["arch"];
    if (typeof arch !== "object" || arch === null) return;
    for (const [key, block] of Object.entries(arch)) yield* fromBlock(block, [...path, "arch", key]);
  };
  yield* fromBlock(spec, []);
  yield* archBlocks(spec, []);
  const variants = spec["variants"];
  if (typeof variants === "object" && variants !== null) {
    for (const [name, variant] of Object.entries(variants)) {
      yield* fromBlock(variant, ["variants", name]);
      yield* archBlocks(variant, ["variants", name]);
    }
  }
}

/** The dependencies a package lists, as values with their path in the package spec. */
export function* dependencyValues(spec: PackageSpec): Generator<{ readonly value: unknown; readonly path: ValuePath }> {
  for (const key of ["depend", "rdepend", "pdepend", "bdepend"] as const) {
    const value = spec[key] as unknown;
    if (Array.isArray(value)) {
      for (const [index, element] of value.entries()) yield { value: element, path: [key, index] };
    } else if (value !== undefined) {
      yield { value, path: [key] };
    }
  }
}

export function isPackageValue(value: unknown): value is PackageSpec {
  return brandOf(value, PACKAGE_BRAND) !== undefined;
}

/** The `category/name` of a package value, read defensively: it is checked only later. */
export function atomOf(spec: PackageSpec): string {
  return `${String(spec.category)}/${String(spec.name)}`;
}

/**
 * Two declarations of one package count as one when their data is the same. The comparison
 * keeps its own stack and remembers the pairs it is comparing, so data that nests deep or holds
 * itself ends the comparison instead of the stack.
 */
function sameData(first: unknown, second: unknown): boolean {
  const pending: [unknown, unknown][] = [[first, second]];
  const compared = new Map<object, Set<object>>();
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [a, b] = pair;
    if (a === b) continue;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    let seen = compared.get(a);
    if (seen?.has(b) === true) continue;
    if (seen === undefined) compared.set(a, (seen = new Set()));
    seen.add(b);
    const keysA = Object.keys(a);
    if (keysA.length !== Object.keys(b).length) return false;
    for (const key of keysA) {
      if (!Object.hasOwn(b, key)) return false;
      pending.push([(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]]);
    }
  }
  return true;
}

export type CollectPackagesResult = { readonly packages: readonly DeclaredPackage[]; readonly diagnostics: readonly Diagnostic[] };

/**
 * Every package made with definePackage that the image reaches: named in `packages` or
 * `buildtimePackages` of any layer at any level, or in the dependencies of such a package, in
 * the order first reached. Two different packages with one `category/name` are an error.
 */
export function collectPackages(layers: readonly Layer[], locator: LayerLocator): CollectPackagesResult {
  const packages: DeclaredPackage[] = [];
  const diagnostics: Diagnostic[] = [];
  const byAtom = new Map<string, DeclaredPackage>();
  const seen = new Set<unknown>();

  // Depth first, each package before the packages it depends on, with a stack of its own: a
  // chain of thousands of packages each depending on the next is data, not recursion.
  const pending: { readonly value: unknown; readonly namedAt: () => Location }[] = [];
  const visit = (value: unknown, namedAt: () => Location): void => {
    if (!isPackageValue(value) || seen.has(value)) return;
    seen.add(value);
    const brand = brandOf(value, PACKAGE_BRAND);
    if (brand !== undefined && !compatible(brand)) {
      diagnostics.push(incompatible("package", brand, namedAt()));
      return;
    }
    const site = siteOf(value);
    const declared: DeclaredPackage = { spec: value, atom: atomOf(value), namedAt: namedAt(), ...(site === undefined ? {} : { site }) };
    const earlier = byAtom.get(declared.atom);
    if (earlier !== undefined) {
      if (!sameData(earlier.spec, value)) {
        diagnostics.push(
          error(codes.packageConflict, `Two different packages are both named ${excerpt(declared.atom)}; Portage can hold only one.`, {
            location: locateDefinition(declared, locator),
            related: [{ message: "The other one is defined here.", ...locateDefinition(earlier, locator) }],
            hint: "Give one of them another name, or share one definePackage() between the images and profiles that use it.",
          }),
        );
      }
      return;
    }
    byAtom.set(declared.atom, declared);
    packages.push(declared);
    const dependencies = [...dependencyValues(value)];
    for (const dependency of dependencies.reverse()) {
      pending.push({ value: dependency.value, namedAt: () => locatePackagePath(declared, dependency.path, locator) });
    }
  };

  for (const layer of layers) {
    for (const { list, path } of packageLists(layer.spec)) {
      list.forEach((element, index) => {
        // Only packages need where they are named; a list of 100,000 atoms is not located.
        pending.push({ value: element, namedAt: () => locator.locate(layer, [...path, index]) });
        for (let next = pending.pop(); next !== undefined; next = pending.pop()) visit(next.value, next.namedAt);
      });
    }
  }
  return { packages, diagnostics };
}

/** Where a path inside a package's spec was written. */
export function locatePackagePath(declared: DeclaredPackage, path: ValuePath, locator: LayerLocator, target: "value" | "key" = "value", token?: string): Location {
  if (declared.site === undefined) return declared.namedAt;
  return locator.locateAt(declared.site, path, target, token);
}

/** Where a package is defined: its definePackage() call. */
export function locateDefinition(declared: DeclaredPackage, locator: LayerLocator): Location {
  return locator.locateValue(declared.spec) ?? declared.namedAt;
}
