import type { ClosurePackage, RuntimeClosure } from "./runtime-closure.js";

/** Image path of the package list in the image; genpack-install and users read it. */
export const PACKAGES_METADATA_PATH = "/.genpack/packages";

/**
 * One block of `/.genpack/packages`, as genpack writes it:
 *
 * ```
 * category/name-version[SLOT]
 * # NEEDED_BY: @genpack-runtime app-misc/other-1.0
 * # DESCRIPTION: …
 * # USE: …
 * # HOMEPAGE: …
 * # LICENSE: …
 * (blank line)
 * ```
 *
 * `[SLOT]` is left out when SLOT is empty, and each `#` line when its value is empty. NEEDED_BY
 * lists dependants first seen first (genpack's order comes from a Python set and varies).
 */
export function renderPackageBlock(pkg: ClosurePackage): string {
  const lines = [pkg.slot === "" ? pkg.cpv : `${pkg.cpv}[${pkg.slot}]`];
  if (pkg.neededBy.length > 0) lines.push(`# NEEDED_BY: ${pkg.neededBy.join(" ")}`);
  const properties: readonly (readonly [string, string])[] = [
    ["DESCRIPTION", pkg.description],
    ["USE", pkg.use],
    ["HOMEPAGE", pkg.homepage],
    ["LICENSE", pkg.license],
  ];
  for (const [key, value] of properties) if (value !== "") lines.push(`# ${key}: ${value}`);
  return `${lines.join("\n")}\n\n`;
}

/** The whole `/.genpack/packages` file: one block per closure package, in closure order. */
export function renderPackagesFile(closure: RuntimeClosure): string {
  return closure.packages.map(renderPackageBlock).join("");
}
