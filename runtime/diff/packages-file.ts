import { splitVersion } from "../../portage/atom.js";
import type { PackageRecord } from "./image-facts.js";

/** Longer package lines than this are not genpack's: `category/name-version[slot]` is short. */
const LONGEST_PACKAGE_LINE = 1024;

/**
 * The packages of an image's `/.genpack/packages` (the format of
 * runtime/upper/closure/genpack-metadata.ts): each block starts with `category/name-version[SLOT]`
 * and may have a `# USE: ...` line. USE there is the package database's whole USE, implicit flags
 * (arch, ELIBC, ...) included, since the file has no IUSE to restrict it to. Returns the packages,
 * or the 1-based number of the first line that is not of that format.
 */
export function parsePackagesFile(text: string): { readonly packages: PackageRecord[] } | { readonly badLine: number; readonly line: string } {
  const packages: PackageRecord[] = [];
  const lines = text.split("\n");
  let current: { category: string; name: string; version: string; slot: string; use: string[] } | undefined;
  const finish = () => {
    if (current !== undefined) packages.push({ ...current, use: [...new Set(current.use)].sort() });
    current = undefined;
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line === "") {
      finish();
      continue;
    }
    if (line.startsWith("#")) {
      if (current === undefined) return { badLine: index + 1, line };
      if (line.startsWith("# USE: ")) current.use = line.slice("# USE: ".length).split(" ").filter((flag) => flag !== "");
      continue;
    }
    finish();
    const parsed = line.length > LONGEST_PACKAGE_LINE ? undefined : parsePackageLine(line);
    if (parsed === undefined) return { badLine: index + 1, line };
    current = { ...parsed, use: [] };
  }
  finish();
  return { packages };
}

/** `category/name-version[SLOT]` into its parts. */
function parsePackageLine(line: string): { category: string; name: string; version: string; slot: string } | undefined {
  const bracket = line.indexOf("[");
  const cpv = bracket === -1 ? line : line.slice(0, bracket);
  const slot = bracket === -1 ? "" : line.endsWith("]") ? line.slice(bracket + 1, -1) : undefined;
  if (slot === undefined) return undefined;
  const slash = cpv.indexOf("/");
  if (slash <= 0 || cpv.indexOf("/", slash + 1) !== -1) return undefined;
  const split = splitVersion(cpv.slice(slash + 1));
  if (split === undefined) return undefined;
  return { category: cpv.slice(0, slash), name: split.name, version: split.version, slot };
}
