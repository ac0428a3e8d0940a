import { posix } from "node:path";
import { matchesAtom, parseAtom } from "../../portage/atom-match.js";
import type { AnyOfChoice, ClosureEdge, ContentsPackage, ContentsPath, ContentsRecord, ContentsRule, RuleKind } from "./contents-record.js";

/** How each step of the upper phase is named to the user, in the order the phase runs them. */
const RULE_LABELS: Readonly<Record<RuleKind, string>> = {
  "package-scripts": "package scripts",
  "genpack-metadata": "/.genpack metadata",
  accounts: "groups and users (groupadd, useradd)",
  files: "files/",
  "build-script": "build script",
  "touch-usr": "touch /usr",
  "setup-commands": "setup commands",
  services: "services (systemctl enable)",
  "copy-up": "copy-up (a parent directory of package files)",
  "extra-toplevel": "extra top-level directory",
  dev: "/dev, copied from the lower",
};

/** A rule as one line names it: `files/ (files/etc/x)`, `build script files/build.d/10-mark.sh`. */
export function describeRule(rule: ContentsRule): string {
  if (rule.kind === "build-script") return `build script ${rule.file ?? ""}`.trimEnd();
  return rule.file === undefined ? RULE_LABELS[rule.kind] : `${RULE_LABELS[rule.kind]} (${rule.file})`;
}

/** How an any-of group was decided, in a few words. */
export function describeChoice(choice: AnyOfChoice): string {
  if (choice.passed.length === 0) return `|| first alternative of ${choice.group}`;
  const passed = choice.passed.map((alternative) =>
    alternative.reason === "not-installed" ? `${alternative.atom} not installed` : `${alternative.installed ?? alternative.atom} installed without ${alternative.atom.slice(alternative.atom.indexOf("["))}`,
  );
  return `|| alternative ${choice.taken} of ${choice.group}: ${passed.join(", ")}`;
}

/** The edges from a set down to a package, first edge first. Stops at a loop, which only a forged record holds. */
export function chainOf(record: ContentsRecord, cpv: string, byCpv: ReadonlyMap<string, ContentsPackage> = indexPackages(record)): ClosureEdge[] {
  const edges: ClosureEdge[] = [];
  const seen = new Set<string>();
  let current = byCpv.get(cpv);
  while (current !== undefined && !seen.has(current.cpv)) {
    seen.add(current.cpv);
    edges.unshift(current.pulledBy);
    current = byCpv.get(current.pulledBy.from);
  }
  return edges;
}

export function indexPackages(record: ContentsRecord): Map<string, ContentsPackage> {
  return new Map(record.packages.map((pkg) => [pkg.cpv, pkg]));
}

/**
 * A package's chain on one line: `@profile → sys-apps/foo-1 (RDEPEND) → dev-libs/bar-2
 * (RDEPEND, || alternative 2 of || ( a b ): a not installed)`.
 */
export function formatChain(record: ContentsRecord, cpv: string, byCpv: ReadonlyMap<string, ContentsPackage> = indexPackages(record)): string {
  const edges = chainOf(record, cpv, byCpv);
  if (edges.length === 0) return cpv;
  const hops = edges.map((edge, index) => {
    const target = index + 1 < edges.length ? (edges[index + 1] as ClosureEdge).from : cpv;
    const notes = [...(edge.via === "set" ? [] : [edge.via]), ...edge.choices.map(describeChoice)];
    return notes.length === 0 ? target : `${target} (${notes.join(", ")})`;
  });
  return [(edges[0] as ClosureEdge).from, ...hops].join(" → ");
}

/** A path as `gp contents --why` is asked for it, normalised: `/etc//x/` is `/etc/x`. */
export function normalisePath(path: string): string | undefined {
  if (!path.startsWith("/") || path.includes("\0")) return undefined;
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith("/") ? normal.slice(0, -1) : normal;
}

/** The packages of the closure an atom (`dev-libs/bar`, `>=dev-libs/bar-2:0`) or a bare name (`bar`) matches; USE dependencies are not asked. */
export function matchPackages(record: ContentsRecord, query: string): ContentsPackage[] {
  if (!query.includes("/")) return record.packages.filter((pkg) => pkg.name === query);
  const atom = { ...parseAtom(query), useDependencies: [] };
  return record.packages.filter((pkg) => {
    const [slot = "", subSlot] = pkg.slot.split("/");
    return matchesAtom(atom, { category: pkg.category, name: pkg.name, version: pkg.version, slot, subSlot });
  });
}

/**
 * Paths grouped by what put them there: each rule in the phase's order (each build script a
 * group of its own), then each package in closure order.
 */
export function groupPaths(record: ContentsRecord): { readonly label: string; readonly paths: readonly ContentsPath[] }[] {
  const kinds = Object.keys(RULE_LABELS) as RuleKind[];
  const packageOrder = new Map(record.packages.map((pkg, index) => [pkg.cpv, index]));
  const groups = new Map<string, { label: string; rank: number; order: number; paths: ContentsPath[] }>();
  for (const path of record.paths) {
    const first = path.rules[0];
    const key = first !== undefined ? (first.kind === "build-script" ? describeRule(first) : first.kind) : (path.owner ?? "copy-up");
    let group = groups.get(key);
    if (group === undefined) {
      const rank = first !== undefined ? kinds.indexOf(first.kind) : path.owner === undefined ? kinds.indexOf("copy-up") : kinds.length + (packageOrder.get(path.owner) ?? record.packages.length);
      group = { label: first?.kind === "build-script" ? describeRule(first) : first !== undefined ? RULE_LABELS[first.kind] : path.owner ?? RULE_LABELS["copy-up"], rank, order: groups.size, paths: [] };
      groups.set(key, group);
    }
    group.paths.push(path);
  }
  return [...groups.values()].sort((a, b) => a.rank - b.rank || a.order - b.order).map(({ label, paths }) => ({ label, paths }));
}

/** One path with what else is known of it: `/etc/passwd (owned by sys-apps/baselayout-2; also services)`. */
export function describePath(path: ContentsPath, grouped: boolean): string {
  const notes: string[] = [];
  const rules = grouped ? path.rules.slice(1) : path.rules;
  const first = path.rules[0];
  if (grouped && first?.kind === "files" && first.file !== undefined) notes.push(`from ${first.file}`);
  if (path.owner !== undefined && (!grouped || path.rules.length > 0)) notes.push(`owned by ${path.owner}`);
  if (rules.length > 0) notes.push(`${grouped ? "also changed by" : "put there or changed by"} ${rules.map(describeRule).join(", ")}`);
  return notes.length === 0 ? path.path : `${path.path} (${notes.join("; ")})`;
}

/** The whole record as text: the closure with each package's chain, then the paths by owner or rule. */
export function formatContents(record: ContentsRecord, title: string): string {
  const byCpv = indexPackages(record);
  const lines = [`${title}: ${record.packages.length} package${record.packages.length === 1 ? "" : "s"}, ${record.paths.length} paths`, "", "Packages:"];
  for (const pkg of record.packages) lines.push(`  ${pkg.cpv}`, `    ${formatChain(record, pkg.cpv, byCpv)}`);
  for (const group of record.unsatisfiedGroups) lines.push(`  (no alternative of ${group.group}, needed by ${group.neededBy}, is installed; skipped as genpack skips it)`);
  lines.push("", "Paths:");
  for (const group of groupPaths(record)) {
    lines.push(`  ${group.label} (${group.paths.length}):`);
    for (const path of group.paths) lines.push(`    ${describePath(path, true)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** What `--why PATH` answers: the path, its owner with the owner's chain, the rules that put it there. */
export function explainPath(record: ContentsRecord, path: ContentsPath): string {
  const lines = [path.path];
  if (path.owner !== undefined) {
    lines.push(`  owned by ${path.owner}`);
    lines.push(`  pulled in by: ${formatChain(record, path.owner)}`);
  }
  for (const rule of path.rules) lines.push(`  put there or changed by: ${describeRule(rule)}`);
  if (path.owner === undefined && path.rules.length === 0) lines.push("  owned by no package, and put there by no step gp observed");
  return `${lines.join("\n")}\n`;
}

/** What `--why ATOM` answers for one package: its chain, the atom and file of each edge, every dependant, its path count. */
export function explainPackage(record: ContentsRecord, pkg: ContentsPackage): string {
  const lines = [`${pkg.cpv} (slot ${pkg.slot})`, `  pulled in by: ${formatChain(record, pkg.cpv)}`];
  for (const edge of chainOf(record, pkg.cpv)) {
    lines.push(`    ${edge.from}: ${edge.atom} in ${edge.file === "" ? "the roots" : edge.file}`);
    for (const choice of edge.choices) lines.push(`      ${describeChoice(choice)}`);
  }
  if (pkg.neededBy.length > 1) lines.push(`  also needed by: ${pkg.neededBy.filter((name) => name !== pkg.pulledBy.from).join(", ")}`);
  const owned = record.paths.filter((path) => path.owner === pkg.cpv).length;
  lines.push(`  ${owned} path${owned === 1 ? "" : "s"} in the image`);
  return `${lines.join("\n")}\n`;
}
