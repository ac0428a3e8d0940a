import { formatRequirements, parseDependencyTree, reduceDependencies, type Requirement } from "../../../portage/dependency-tree.js";
import { readGenpackSetEntries } from "./profile-sets.js";
import { RootFs } from "./root-fs.js";
import type { ParsedAtom } from "../../../portage/atom-match.js";
import { hasConditionalUseDependencies } from "../../../portage/use-dependency.js";
import { bestInstalledMatch, parseInstalledAtom, readInstalledPackages, readInstalledUse, readMetadata, VDB_PATH, type InstalledPackage, type InstalledPackages } from "./vdb.js";

/**
 * The runtime closure of genpack's upper phase (`genpack_pkg.py`): the installed packages the
 * image needs, found from the root sets through the installed packages' runtime dependencies.
 * Package scripts run in its order, copy-up takes the files of its packages, and
 * `/.genpack/packages` lists it.
 */

/** The file whose presence turns devel mode on; the `genpack/devel` metapackage installs it. */
export const DEVEL_MARKER = "/usr/bin/genpack-devel";

/** The eclass whose packages stay out of the image, dependencies included (genpack-progs, dracut-genpack). */
export const IGNORE_ECLASS = "genpack-ignore";

/** Whether the root is in devel mode: `/usr/bin/genpack-devel` is a file (a symlink to one counts). */
export function isDevelRoot(root: string | RootFs): boolean {
  return (typeof root === "string" ? new RootFs(root) : root).isFile(DEVEL_MARKER);
}

/** The root sets genpack starts from: `@profile`, `@genpack-runtime` and, in devel mode, `@genpack-devel`. */
export function rootSets(devel: boolean): string[] {
  return devel ? ["@profile", "@genpack-runtime", "@genpack-devel"] : ["@profile", "@genpack-runtime"];
}

/** One package of the closure, with the metadata `/.genpack/packages` shows. Values are whitespace-collapsed; "" when unset. */
export interface ClosurePackage {
  /** `category/name-version`. */
  readonly cpv: string;
  readonly category: string;
  readonly name: string;
  /** The full version, revision included. */
  readonly version: string;
  /** SLOT as the vdb records it, sub-slot included (`0/3`). */
  readonly slot: string;
  /** What pulled the package in: set names (`@profile`) and the cpvs of dependants, first seen first. */
  readonly neededBy: readonly string[];
  /** The edge that first pulled the package in; the chain to a set follows `from` back. */
  readonly pulledBy: ClosureEdge;
  readonly inherited: string;
  readonly description: string;
  readonly use: string;
  readonly homepage: string;
  readonly license: string;
}

/**
 * One edge of the closure: a set entry, or a dependency of a package, that an installed package
 * satisfied.
 */
export interface ClosureEdge {
  /** The set (`@profile`) or the cpv of the dependant. */
  readonly from: string;
  /** A set entry, or the dependency variable it was read from. */
  readonly via: "set" | "RDEPEND" | "PDEPEND";
  /** The atom as written. */
  readonly atom: string;
  /** Image path of the file the atom was read from: the set file, a profile's `packages`, the vdb file. */
  readonly file: string;
  /** The any-of groups the atom was chosen through, outermost first; empty for a plain atom. */
  readonly choices: readonly AnyOfChoice[];
}

/** How `|| ( … )` was decided: the first alternative the installed packages satisfy wins. */
export interface AnyOfChoice {
  /** The group in dependency syntax, after USE reduction. */
  readonly group: string;
  /** The alternative taken, counted from 1. */
  readonly taken: number;
  /** Each earlier alternative, with why it was passed over. */
  readonly passed: readonly PassedAlternative[];
}

export interface PassedAlternative {
  /** The alternative in dependency syntax. */
  readonly alternative: string;
  /** Its first atom that nothing installed satisfies. */
  readonly atom: string;
  /**
   * `not-installed`: no installed package has that name, version and slot; `use`: one does, but
   * without the USE dependency (`installed` names it).
   */
  readonly reason: "not-installed" | "use";
  readonly installed?: string;
}

/** An any-of group none of whose alternatives is installed; genpack skips it without a word. */
export interface UnsatisfiedGroup {
  /** The cpv whose dependencies hold the group. */
  readonly neededBy: string;
  /** The group in dependency syntax, after USE reduction. */
  readonly group: string;
}

export interface RuntimeClosure {
  readonly devel: boolean;
  /** The sets or atoms the walk started from, in order. */
  readonly roots: readonly string[];
  /** The packages in pre-order depth-first order, each once. */
  readonly packages: readonly ClosurePackage[];
  readonly unsatisfiedGroups: readonly UnsatisfiedGroup[];
}

/** No installed package matches an atom the closure needs; genpack stops with "no match for package". */
export class NoMatchError extends Error {
  constructor(
    readonly atom: string,
    /** The set or cpv that asked for the atom; undefined for a root given as an atom. */
    readonly neededBy: string | undefined,
    /** Image path of the set file that holds the atom, for a set entry. */
    readonly file?: string,
  ) {
    super(`no match for package: ${atom}${neededBy === undefined ? "" : `, needed by ${neededBy}`}${file === undefined ? "" : ` (${file})`}`);
    this.name = "NoMatchError";
  }
}

export interface RuntimeClosureOptions {
  /**
   * Whether to follow `@genpack-devel` too.
   * @default whether `/usr/bin/genpack-devel` is a file in the root
   */
  readonly devel?: boolean;
  /**
   * Sets (`@name`) and atoms to start from.
   * @default rootSets(devel)
   */
  readonly roots?: readonly string[];
  /** The installed packages, when the caller has read them already. */
  readonly installed?: InstalledPackages;
}

/** Who asks for an atom: a set, or an installed package whose USE its atoms' conditional USE dependencies read. */
interface Dependant {
  /** `@set` or the cpv. */
  readonly name: string;
  /** The package's USE; undefined for a set. */
  readonly use: ReadonlySet<string> | undefined;
}

/** An atom to match, with where it was read and the choices that selected it. */
interface Wanted {
  readonly atom: string;
  readonly via: ClosureEdge["via"];
  readonly file: string;
  readonly choices: readonly AnyOfChoice[];
}

interface Visited {
  readonly pkg: InstalledPackage;
  readonly neededBy: Set<string>;
  readonly pulledBy: ClosureEdge;
}

const IGNORED = new RegExp(`(?<!\\w)${IGNORE_ECLASS}(?!\\w)`);

/**
 * Computes the runtime closure of a root filesystem, as genpack's `scan_pkg` does:
 *
 * 1. The walk is pre-order depth-first over the roots; a set expands to its entries in order.
 * 2. Each atom takes its best installed match (the highest version) that satisfies it, USE
 *    dependencies included; no match is an error. A conditional USE dependency (`[ssl=]`,
 *    `[ssl?]`) is evaluated against the USE of the package whose dependency it is; in a set
 *    entry it asks for nothing but the flag in IUSE, as Portage matches an unevaluated atom.
 * 3. A package is taken once; meeting it again only records who else needs it.
 * 4. A package whose INHERITED names `genpack-ignore` is left out, and its dependencies are
 *    not followed.
 * 5. Dependencies are the vdb's RDEPEND, then PDEPEND, already USE-reduced at merge time;
 *    blockers are skipped, and `|| ( … )` takes its first alternative that is installed, USE
 *    dependencies included (`|| ( a[ssl] b )` takes `b` when `a` is built without `ssl`). A
 *    group with no installed alternative is skipped, as genpack skips it, and reported in
 *    `unsatisfiedGroups`.
 *
 * Where genpack's order is incidental (Python sets hold each package's dependencies and
 * @profile), this walk takes the order in which they are written. Where genpack crashes, it
 * goes on: an all-of alternative `|| ( ( a b ) c )` is taken when all of it is installed, and a
 * set met again inside its own expansion is not expanded again.
 *
 * @param root the root filesystem, as a host path
 * @throws NoMatchError when an atom has no installed match; Error naming the package and the vdb
 *   file when a dependency cannot be read, such as a malformed USE dependency
 */
export function computeRuntimeClosure(root: string | RootFs, options: RuntimeClosureOptions = {}): RuntimeClosure {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const installed = options.installed ?? readInstalledPackages(fs);
  const devel = options.devel ?? isDevelRoot(fs);
  const roots = options.roots ?? rootSets(devel);

  const visited = new Map<string, Visited>();
  const unsatisfiedGroups: UnsatisfiedGroup[] = [];
  const sets = new Map<string, Wanted[]>();
  const expanding = new Set<string>();
  const parsedAtoms = new Map<string, { readonly atom: ParsedAtom; readonly conditional: boolean }>();
  const parse = (atom: string) => {
    let parsed = parsedAtoms.get(atom);
    if (parsed === undefined) {
      const result = parseInstalledAtom(installed, atom);
      parsed = { atom: result, conditional: hasConditionalUseDependencies(result.useDependencies) };
      parsedAtoms.set(atom, parsed);
    }
    return parsed;
  };

  // An atom is matched once; one whose USE dependencies read the dependant's USE, once per dependant.
  const matches = new Map<string, InstalledPackage | undefined>();
  const bestMatch = (atom: string, dependant: Dependant | undefined): InstalledPackage | undefined => {
    const parsed = parse(atom);
    const key = parsed.conditional ? `${atom}\n${dependant?.name ?? ""}` : atom;
    if (!matches.has(key)) matches.set(key, bestInstalledMatch(installed, parsed.atom, dependant?.use));
    return matches.get(key);
  };

  /** The first atom of an alternative that nothing installed satisfies, and why; undefined when it is satisfiable. */
  const unsatisfied = (alternative: readonly Requirement[], dependant: Dependant): PassedAlternative | undefined => {
    const needs = alternative.filter((requirement) => requirement.kind !== "blocker");
    const text = formatRequirements(alternative);
    if (needs.length === 0) return { alternative: text, atom: text, reason: "not-installed" };
    for (const requirement of needs) {
      if (requirement.kind === "atom") {
        if (bestMatch(requirement.atom, dependant) !== undefined) continue;
        const withoutUse = bestInstalledMatch(installed, { ...parse(requirement.atom).atom, useDependencies: [] });
        return withoutUse === undefined
          ? { alternative: text, atom: requirement.atom, reason: "not-installed" }
          : { alternative: text, atom: requirement.atom, reason: "use", installed: withoutUse.cpv };
      }
      if (requirement.kind === "any-of" && !requirement.alternatives.some((nested) => unsatisfied(nested, dependant) === undefined)) {
        const group = formatRequirements([requirement]);
        return { alternative: text, atom: group, reason: "not-installed" };
      }
    }
    return undefined;
  };

  const select = (requirements: readonly Requirement[], dependant: Dependant, choices: readonly AnyOfChoice[], into: Map<string, readonly AnyOfChoice[]>): void => {
    for (const requirement of requirements) {
      if (requirement.kind === "atom") {
        if (!into.has(requirement.atom)) into.set(requirement.atom, choices);
      } else if (requirement.kind === "any-of") {
        const passed: PassedAlternative[] = [];
        let taken: number | undefined;
        for (const [index, alternative] of requirement.alternatives.entries()) {
          const why = unsatisfied(alternative, dependant);
          if (why === undefined) {
            taken = index;
            break;
          }
          passed.push(why);
        }
        const group = formatRequirements([requirement]);
        if (taken === undefined) unsatisfiedGroups.push({ neededBy: dependant.name, group });
        else select(requirement.alternatives[taken] as Requirement[], dependant, [...choices, { group, taken: taken + 1, passed }], into);
      }
    }
  };

  const dependencies = (dependant: Dependant, key: "RDEPEND" | "PDEPEND"): Wanted[] => {
    const file = `${VDB_PATH}/${dependant.name}/${key}`;
    const text = readMetadata(fs, dependant.name, key);
    try {
      const atoms = new Map<string, readonly AnyOfChoice[]>();
      select(reduceDependencies(parseDependencyTree(text)), dependant, [], atoms);
      // Read here, so that a malformed atom is reported with the file that holds it.
      for (const atom of atoms.keys()) parse(atom);
      return [...atoms].map(([atom, choices]) => ({ atom, via: key, file, choices }));
    } catch (error) {
      throw new Error(`the ${key} of ${dependant.name} (${file}) cannot be followed: ${(error as Error).message}`, { cause: error });
    }
  };

  const match = (wanted: Wanted, dependant: Dependant | undefined): InstalledPackage => {
    let pkg: InstalledPackage | undefined;
    // A set entry is named with its file, since a set such as @profile is read from several.
    const file = dependant !== undefined && wanted.via === "set" ? wanted.file : undefined;
    try {
      pkg = bestMatch(wanted.atom, dependant);
    } catch (error) {
      const context = dependant === undefined ? "" : ` (needed by ${dependant.name}${file === undefined ? "" : `, in ${file}`})`;
      throw new Error(`${(error as Error).message}${context}`, { cause: error });
    }
    if (pkg === undefined) throw new NoMatchError(wanted.atom, dependant?.name, file);
    return pkg;
  };

  const visit = (entries: readonly Wanted[], dependant: Dependant | undefined): void => {
    const neededBy = dependant?.name;
    for (const wanted of entries) {
      const entry = wanted.atom;
      if (entry.startsWith("@")) {
        // A set that includes itself would make genpack recurse until Python gives up.
        if (expanding.has(entry)) continue;
        let members = sets.get(entry);
        if (members === undefined) {
          members = readGenpackSetEntries(fs, entry.slice(1)).map(({ entry: atom, file }) => ({ atom, via: "set" as const, file, choices: [] }));
          sets.set(entry, members);
        }
        expanding.add(entry);
        visit(members, { name: entry, use: undefined });
        expanding.delete(entry);
        continue;
      }
      const pkg = match(wanted, dependant);
      const seen = visited.get(pkg.cpv);
      if (seen !== undefined) {
        if (neededBy !== undefined) seen.neededBy.add(neededBy);
        continue;
      }
      if (IGNORED.test(readMetadata(fs, pkg.cpv, "INHERITED"))) continue;
      // Recorded before its dependencies are followed, so a dependency cycle ends here.
      const pulledBy: ClosureEdge = { from: neededBy ?? "", via: wanted.via, atom: entry, file: wanted.file, choices: wanted.choices };
      visited.set(pkg.cpv, { pkg, neededBy: new Set(neededBy === undefined ? [] : [neededBy]), pulledBy });
      const self: Dependant = { name: pkg.cpv, use: readInstalledUse(installed, pkg).use };
      visit(dependencies(self, "RDEPEND"), self);
      visit(dependencies(self, "PDEPEND"), self);
    }
  };

  visit(
    roots.map((atom) => ({ atom, via: "set", file: "", choices: [] })),
    undefined,
  );

  const packages = [...visited.values()].map(({ pkg, neededBy, pulledBy }): ClosurePackage => ({
    cpv: pkg.cpv,
    category: pkg.category,
    name: pkg.name,
    version: pkg.version,
    slot: readMetadata(fs, pkg.cpv, "SLOT"),
    neededBy: [...neededBy],
    pulledBy,
    inherited: readMetadata(fs, pkg.cpv, "INHERITED"),
    description: readMetadata(fs, pkg.cpv, "DESCRIPTION"),
    use: readMetadata(fs, pkg.cpv, "USE"),
    homepage: readMetadata(fs, pkg.cpv, "HOMEPAGE"),
    license: readMetadata(fs, pkg.cpv, "LICENSE"),
  }));
  return { devel, roots: [...roots], packages, unsatisfiedGroups };
}

