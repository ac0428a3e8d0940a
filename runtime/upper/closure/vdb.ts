import { splitVersion } from "../../../portage/atom.js";
import { matchesAtom, parseAtom, type ParsedAtom } from "../../../portage/atom-match.js";
import { installedUse, satisfiesUseDependencies, type InstalledUse } from "../../../portage/use-dependency.js";
import { compareVersions } from "../../../portage/version.js";
import { readImplicitFlags } from "./implicit-use.js";
import { compareNames, RootFs } from "./root-fs.js";
import { quote } from "../../../errors/quote.js";

/**
 * The installed-package database (the vdb) of a root filesystem: `/var/db/pkg/<cat>/<pf>/`,
 * one directory per installed package, holding one file per metadata key.
 */

export const VDB_PATH = "/var/db/pkg";

export interface InstalledPackage {
  /** `category/name-version`, the vdb directory below `/var/db/pkg`. */
  readonly cpv: string;
  readonly category: string;
  readonly name: string;
  /** The full version, revision included (PVR). */
  readonly version: string;
  /** The main slot, from the SLOT file. */
  readonly slot: string;
  /** The sub-slot, or undefined when SLOT has none (then it equals the slot). */
  readonly subSlot: string | undefined;
  /** The repository the package was built from, from the `repository` file. */
  readonly repository: string | undefined;
}

/** The installed packages of one root, indexed for matching. */
export interface InstalledPackages {
  readonly fs: RootFs;
  /** Every installed package, sorted by category, name and then version. */
  readonly all: readonly InstalledPackage[];
  /** The packages of each `category/name`, oldest first. */
  readonly byKey: ReadonlyMap<string, readonly InstalledPackage[]>;
}

/** The metadata keys the runtime closure, atom matching and `/.genpack/packages` read. */
export type MetadataKey = "RDEPEND" | "PDEPEND" | "SLOT" | "INHERITED" | "DESCRIPTION" | "USE" | "IUSE" | "IUSE_EFFECTIVE" | "EAPI" | "HOMEPAGE" | "LICENSE" | "repository";

/**
 * Reads the list of installed packages. Entries Portage skips are skipped too: hidden names and
 * `-MERGING-` directories of an interrupted merge, and names that do not end in a version.
 *
 * @param root the root filesystem, as a host path
 */
export function readInstalledPackages(root: string | RootFs): InstalledPackages {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const all: InstalledPackage[] = [];
  for (const category of fs.list(VDB_PATH) ?? []) {
    if (category.startsWith(".") || category.startsWith("-")) continue;
    const entries = fs.list(`${VDB_PATH}/${category}`);
    if (entries === undefined) continue;
    for (const entry of entries) {
      if (entry.startsWith(".") || entry.startsWith("-")) continue;
      const split = splitVersion(entry);
      if (split === undefined) continue;
      const cpv = `${category}/${entry}`;
      const [slot = "", subSlot] = readMetadata(fs, cpv, "SLOT").split("/");
      const repository = readMetadata(fs, cpv, "repository");
      all.push({ cpv, category, name: split.name, version: split.version, slot, subSlot, repository: repository === "" ? undefined : repository });
    }
  }
  all.sort((a, b) => compareNames(a.category, b.category) || compareNames(a.name, b.name) || compareVersions(a.version, b.version) || compareNames(a.version, b.version));
  const byKey = new Map<string, InstalledPackage[]>();
  for (const pkg of all) {
    const key = `${pkg.category}/${pkg.name}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [pkg]);
    else list.push(pkg);
  }
  return { fs, all, byKey };
}

/**
 * Reads one metadata key of an installed package, "" when the file is missing. Whitespace runs
 * collapse to one space, as Portage's `vardbapi.aux_get` does for every key but CONTENTS.
 */
export function readMetadata(root: string | RootFs, cpv: string, key: MetadataKey): string {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const text = fs.readText(`${VDB_PATH}/${cpv}/${key}`) ?? "";
  return text.split(/\s+/).filter((word) => word !== "").join(" ");
}

/** Thrown when an atom without a category names packages in more than one category. */
export class AmbiguousPackageNameError extends Error {
  constructor(
    readonly atom: string,
    readonly categories: readonly string[],
  ) {
    super(`${quote(atom)} has no category and is installed in several: ${categories.join(", ")}`);
    this.name = "AmbiguousPackageNameError";
  }
}

/**
 * Gives an atom without a category the category of the installed packages of that name, as
 * Portage's `dep_expand` does; `null` when none is installed, so nothing matches.
 */
function expandCategory(installed: InstalledPackages, atom: string): string {
  const operator = /^(?:[<>]=?|=|~)/.exec(atom)?.[0] ?? "";
  const rest = atom.slice(operator.length);
  if (rest.includes("/")) return atom;
  const bare = rest.replace(/[:[].*$/, "");
  const name = operator === "" ? bare : (splitVersion(bare.replace(/\*$/, ""))?.name ?? bare);
  const categories = [...new Set(installed.all.filter((pkg) => pkg.name === name).map((pkg) => pkg.category))];
  if (categories.length > 1) throw new AmbiguousPackageNameError(atom, categories);
  return `${operator}${categories[0] ?? "null"}/${rest}`;
}

/**
 * Parses an atom as the vdb is asked for it, an atom without a category taking the category of
 * the installed packages of that name.
 *
 * @throws Error when the atom is invalid, its USE dependency included; AmbiguousPackageNameError as described above.
 */
export function parseInstalledAtom(installed: InstalledPackages, atom: string): ParsedAtom {
  return parseAtom(expandCategory(installed, atom));
}

/** The USE state of each installed package, and the profile's implicit flags, read once per package list. */
const useStates = new WeakMap<InstalledPackages, { readonly implicit: ReadonlySet<string>; readonly states: Map<string, InstalledUse> }>();

/**
 * The USE state an installed package was built with, read once: its USE, IUSE, IUSE_EFFECTIVE
 * and EAPI, with the implicit flags of the root's profile (see `readImplicitFlags`).
 */
export function readInstalledUse(installed: InstalledPackages, pkg: InstalledPackage): InstalledUse {
  let cache = useStates.get(installed);
  if (cache === undefined) useStates.set(installed, (cache = { implicit: readImplicitFlags(installed.fs), states: new Map() }));
  const { implicit, states } = cache;
  let state = states.get(pkg.cpv);
  if (state === undefined) {
    const read = (key: MetadataKey) => readMetadata(installed.fs, pkg.cpv, key);
    state = installedUse(read("USE"), read("IUSE"), read("IUSE_EFFECTIVE"), { eapi: read("EAPI"), implicit });
    states.set(pkg.cpv, state);
  }
  return state;
}

/**
 * Every installed package that satisfies an atom, oldest first: name, version, slot, sub-slot,
 * repository and USE dependencies, as Portage's `vardbapi.match` does.
 *
 * @param parentUse the USE of the package whose dependency string holds the atom, against which
 *   conditional USE dependencies (`[ssl=]`, `[ssl?]`) are evaluated; undefined for an atom of a
 *   set, whose conditional USE dependencies then ask for nothing (see `wantedState`)
 * @throws Error when the atom is invalid; AmbiguousPackageNameError as described above.
 */
export function matchInstalled(installed: InstalledPackages, atom: string | ParsedAtom, parentUse?: ReadonlySet<string>): InstalledPackage[] {
  const parsed = typeof atom === "string" ? parseInstalledAtom(installed, atom) : atom;
  const candidates = installed.byKey.get(`${parsed.category}/${parsed.name}`) ?? [];
  return candidates.filter(
    (pkg) => matchesAtom(parsed, pkg) && (parsed.useDependencies.length === 0 || satisfiesUseDependencies(parsed.useDependencies, readInstalledUse(installed, pkg), parentUse)),
  );
}

/**
 * The best installed match of an atom: the highest version, as Portage's
 * `vartree.dep_bestmatch`; undefined when nothing installed matches. Between versions that
 * compare equal (1.0 and 1.00), the one that sorts first as a string wins.
 *
 * @param parentUse as for `matchInstalled`
 */
export function bestInstalledMatch(installed: InstalledPackages, atom: string | ParsedAtom, parentUse?: ReadonlySet<string>): InstalledPackage | undefined {
  let best: InstalledPackage | undefined;
  for (const pkg of matchInstalled(installed, atom, parentUse)) {
    if (best === undefined || compareVersions(pkg.version, best.version) > 0) best = pkg;
  }
  return best;
}

/** One line of a CONTENTS file. Paths are image paths as recorded at merge time. */
export type ContentsEntry =
  | { readonly type: "obj"; readonly path: string; readonly md5: string; readonly mtime: string }
  | { readonly type: "sym"; readonly path: string; readonly target: string; readonly mtime: string }
  | { readonly type: "dir"; readonly path: string }
  | { readonly type: "fif" | "dev"; readonly path: string };

/**
 * Parses a CONTENTS file. Paths may hold spaces: an `obj` path is everything before the
 * trailing ` <md5> <mtime>`, a `sym` path everything before the first ` -> `. Lines of other
 * kinds are skipped.
 */
export function parseContents(text: string): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const type = line.slice(0, 4);
    const rest = line.slice(4);
    if (type === "obj ") {
      const match = / ([0-9a-f]+) ([0-9]+)$/.exec(rest);
      entries.push(match === null ? { type: "obj", path: rest, md5: "", mtime: "" } : { type: "obj", path: rest.slice(0, match.index), md5: match[1] ?? "", mtime: match[2] ?? "" });
    } else if (type === "sym ") {
      const arrow = rest.indexOf(" -> ");
      if (arrow === -1) {
        entries.push({ type: "sym", path: rest, target: "", mtime: "" });
        continue;
      }
      const target = rest.slice(arrow + 4);
      const mtime = / ([0-9]+)$/.exec(target);
      entries.push({ type: "sym", path: rest.slice(0, arrow), target: mtime === null ? target : target.slice(0, mtime.index), mtime: mtime?.[1] ?? "" });
    } else if (type === "dir ") {
      entries.push({ type: "dir", path: rest });
    } else if (type === "fif " || type === "dev ") {
      entries.push({ type: type.trimEnd() as "fif" | "dev", path: rest });
    }
  }
  return entries;
}

/** Reads a package's CONTENTS; empty when the file is missing (a virtual, a metapackage). */
export function readContents(root: string | RootFs, cpv: string): ContentsEntry[] {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  return parseContents(fs.readText(`${VDB_PATH}/${cpv}/CONTENTS`) ?? "");
}
