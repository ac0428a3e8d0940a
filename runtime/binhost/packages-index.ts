/**
 * Portage's binary package index, the `Packages` file of a PKGDIR and of every binhost: a header
 * of `KEY: value` lines, a blank line, then one block of `KEY: value` lines per package, each
 * ended by a blank line. Read and written here as plain data, in one pass over the text.
 */

/** One block of the index: its keys in the order they were written. */
export type IndexBlock = ReadonlyMap<string, string>;

export interface PackagesIndex {
  readonly header: IndexBlock;
  readonly packages: readonly IndexBlock[];
}

/** Where a line of the index is not one Portage writes: 1-based line number and what is wrong. */
export interface IndexProblem {
  readonly line: number;
  readonly problem: string;
}

/** A key as Portage writes them: upper case, digits and `_`, or `repository`-style lower case. */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The index's blocks, or the first line that is not `KEY: value`, blank, or a repeat of a key in its block. */
export function parsePackagesIndex(text: string): { readonly ok: true; readonly index: PackagesIndex } | ({ readonly ok: false } & IndexProblem) {
  const blocks: Map<string, string>[] = [];
  let current: Map<string, string> | undefined;
  let headerDone = false;
  const lines = text.split("\n");
  for (let number = 1; number <= lines.length; number++) {
    const line = (lines[number - 1] as string).replace(/\r$/, "");
    if (line === "") {
      if (current !== undefined) blocks.push(current);
      else if (!headerDone && blocks.length === 0) blocks.push(new Map());
      headerDone = true;
      current = undefined;
      continue;
    }
    const colon = line.indexOf(":");
    const key = colon < 0 ? line : line.slice(0, colon);
    if (colon < 0 || !KEY.test(key)) return { ok: false, line: number, problem: `${JSON.stringify(line.slice(0, 80))} is not a \`KEY: value\` line` };
    current ??= new Map();
    if (current.has(key)) return { ok: false, line: number, problem: `${key} is written twice in one block` };
    // As Portage reads it: the value starts two characters after the colon.
    current.set(key, line.slice(colon + 2));
  }
  if (current !== undefined) blocks.push(current);
  const [header = new Map<string, string>(), ...packages] = blocks;
  return { ok: true, index: { header, packages } };
}

function blockText(block: IndexBlock): string {
  let text = "";
  for (const [key, value] of block) text += value === "" ? `${key}:\n` : `${key}: ${value}\n`;
  return `${text}\n`;
}

/** The index as Portage writes it: the header, then each package's block, each followed by a blank line. */
export function packagesIndexText(index: PackagesIndex): string {
  return [index.header, ...index.packages].map(blockText).join("");
}

/**
 * What a package's `PATH` may be: `category/name/file` as binpkg-multi-instance lays packages
 * out, or `category/file`, each part a name Portage gives (no `..`, no leading dot or dash), the
 * file a gpkg or xpak package. Anything else, such as `../` or an absolute path in an index a
 * lower or a binhost holds, is refused: the path is joined to the package directory and the
 * destination, and must stay inside both.
 */
const PACKAGE_PATH = /^[A-Za-z0-9_][A-Za-z0-9+_.-]*(?:\/[A-Za-z0-9_][A-Za-z0-9+_.-]*){1,2}\.(?:gpkg\.tar|xpak|tbz2)$/;

/**
 * A package's file, relative to the package directory: its `PATH`, else where Portage puts a
 * package of that CPV without binpkg-multi-instance (`CPV.gpkg.tar`, or `CPV.tbz2` for xpak).
 */
export function packagePath(block: IndexBlock, header: IndexBlock): string | undefined {
  const cpv = block.get("CPV");
  const format = block.get("BINPKG_FORMAT") ?? header.get("BINPKG_FORMAT") ?? "gpkg";
  const path = block.get("PATH") ?? (cpv === undefined ? undefined : `${cpv}.${format === "xpak" ? "tbz2" : "gpkg.tar"}`);
  if (path === undefined || !PACKAGE_PATH.test(path) || path.split("/").some((part) => part.includes(".."))) return undefined;
  return path;
}

/** The digests the index gives for a package's file: SIZE and each hash it names. */
const DIGEST_KEYS = ["SIZE", "MD5", "SHA1", "SHA256", "SHA512", "BLAKE2B"] as const;

/**
 * Whether two blocks describe the same file: the same SIZE and, for every digest both give, the
 * same value, with at least one digest in common. Two builds of a package with the same
 * build id but other USE flags differ here.
 */
export function sameFile(a: IndexBlock, b: IndexBlock): boolean {
  if (a.get("SIZE") === undefined || a.get("SIZE") !== b.get("SIZE")) return false;
  let common = 0;
  for (const key of DIGEST_KEYS) {
    if (key === "SIZE") continue;
    const left = a.get(key);
    const right = b.get(key);
    if (left === undefined || right === undefined) continue;
    if (left !== right) return false;
    common++;
  }
  return common > 0;
}
