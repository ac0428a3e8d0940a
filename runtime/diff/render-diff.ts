import type { AccountChanges, FileChange, ImageDiff, SizeChange } from "./compare-images.js";
import { serviceKey } from "./enabled-services.js";

export interface RenderOptions {
  readonly color: boolean;
  /** List every changed path, not a count per package. */
  readonly files: boolean;
  /** What the two sides are called in the heading. */
  readonly oldName: string;
  readonly newName: string;
  /** Where the packages came from, and anything the reader should know about it. */
  readonly notes: readonly string[];
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** Bytes as people read them: `512 B`, `1.5 MiB`. */
export function humanSize(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${bytes < 0 ? "-" : ""}${unit === 0 ? String(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

/** A size change with its sign: `+1.5 MiB`, `-12 B`, `±0 B`. */
export function signedSize(bytes: number): string {
  return bytes === 0 ? "±0 B" : bytes > 0 ? `+${humanSize(bytes)}` : humanSize(bytes);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** `gp diff`'s text for people: one section per kind of change, sizes human-readable. */
export function renderDiff(diff: ImageDiff, options: RenderOptions): string {
  const paint = (code: number) => (text: string) => (options.color ? `\u001b[${code}m${text}\u001b[39m` : text);
  const green = paint(32);
  const red = paint(31);
  const yellow = paint(33);
  const bold = (text: string) => (options.color ? `\u001b[1m${text}\u001b[22m` : text);
  const lines: string[] = [];
  lines.push(`${bold("gp diff")} ${options.oldName} ${options.newName}`);
  lines.push(diff.source === "sbom" ? "Packages and file owners from both images' SBOMs." : "Packages from each image's /.genpack/packages.");
  for (const note of options.notes) lines.push(`Note: ${note}`);
  if (!diff.differ) {
    lines.push("", "No differences.");
    lines.push(sizeLine(diff.size.image, "Image file", humanSize));
    return `${lines.join("\n")}\n`;
  }

  const { packages } = diff;
  const use = (added: readonly string[], removed: readonly string[]) => [...added.map((flag) => `+${flag}`), ...removed.map((flag) => `-${flag}`)].join(" ");
  const packageCount = packages.added.length + packages.removed.length + packages.upgraded.length + packages.downgraded.length + packages.rebuilt.length;
  if (packageCount > 0) {
    lines.push("", bold(`Packages: ${packages.added.length} added, ${packages.removed.length} removed, ${packages.upgraded.length} upgraded, ${packages.downgraded.length} downgraded, ${packages.rebuilt.length} rebuilt with other USE flags`));
    for (const pkg of packages.added) lines.push(green(`  + ${pkg.package}-${pkg.version}${pkg.use.length > 0 ? `  USE: ${pkg.use.join(" ")}` : ""}`));
    for (const pkg of packages.removed) lines.push(red(`  - ${pkg.package}-${pkg.version}`));
    for (const pkg of packages.upgraded) lines.push(yellow(`  ↑ ${pkg.package} ${pkg.oldVersion} -> ${pkg.version}${pkg.useAdded.length + pkg.useRemoved.length > 0 ? `  USE: ${use(pkg.useAdded, pkg.useRemoved)}` : ""}`));
    for (const pkg of packages.downgraded) lines.push(yellow(`  ↓ ${pkg.package} ${pkg.oldVersion} -> ${pkg.version}${pkg.useAdded.length + pkg.useRemoved.length > 0 ? `  USE: ${use(pkg.useAdded, pkg.useRemoved)}` : ""}`));
    for (const pkg of packages.rebuilt) lines.push(yellow(`  ~ ${pkg.package}-${pkg.version}  USE: ${use(pkg.useAdded, pkg.useRemoved)}`));
  }

  const accountSection = <T extends { readonly name: string }>(title: string, changes: AccountChanges<T>, describe: (account: T) => string) => {
    if (changes.added.length + changes.removed.length + changes.changed.length === 0) return;
    lines.push("", bold(`${title}: ${changes.added.length} added, ${changes.removed.length} removed, ${changes.changed.length} changed`));
    for (const account of changes.added) lines.push(green(`  + ${account.name} (${describe(account)})`));
    for (const account of changes.removed) lines.push(red(`  - ${account.name}`));
    for (const account of changes.changed) lines.push(yellow(`  ~ ${account.name}: ${account.changes.map((change) => `${change.field} ${change.old || '""'} -> ${change.new || '""'}`).join(", ")}`));
  };
  accountSection("Users", diff.users, (user) => `uid ${user.uid}, gid ${user.gid}, home ${user.home}, shell ${user.shell}`);
  accountSection("Groups", diff.groups, (group) => `gid ${group.gid}${group.members.length > 0 ? `, members ${group.members.join(",")}` : ""}`);

  const { services } = diff;
  if (services.enabled.length + services.disabled.length > 0) {
    lines.push("", bold(`Services: ${services.enabled.length} enabled, ${services.disabled.length} disabled`));
    for (const service of services.enabled) lines.push(green(`  + ${serviceKey(service)}`));
    for (const service of services.disabled) lines.push(red(`  - ${serviceKey(service)}`));
  }

  const { files } = diff;
  const fileCount = files.added.length + files.removed.length + files.changed.length;
  if (fileCount > 0) {
    const delta = [...files.added, ...files.removed, ...files.changed].reduce((sum, change) => sum + change.sizeDelta, 0);
    lines.push("", bold(`Files: ${files.added.length} added, ${files.removed.length} removed, ${files.changed.length} changed (${signedSize(delta)})`));
    for (const [owner, group] of groupByPackage(diff)) {
      const indent = owner === undefined ? "  " : "    ";
      if (owner !== undefined) {
        const groupDelta = [...group.added, ...group.removed, ...group.changed].reduce((sum, change) => sum + change.sizeDelta, 0);
        const counts = [group.added.length > 0 ? `${group.added.length} added` : "", group.removed.length > 0 ? `${group.removed.length} removed` : "", group.changed.length > 0 ? `${group.changed.length} changed` : ""].filter((part) => part !== "");
        lines.push(`  ${owner === null ? "not from a package" : owner}: ${counts.join(", ")} (${signedSize(groupDelta)})`);
      }
      if (!options.files && owner !== undefined) continue;
      if (!options.files) {
        lines.push(`  ${plural(fileCount, "path")}; --files lists them`);
        continue;
      }
      for (const change of group.added) lines.push(green(`${indent}+ ${change.path} (${signedSize(change.sizeDelta)})`));
      for (const change of group.removed) lines.push(red(`${indent}- ${change.path} (${signedSize(change.sizeDelta)})`));
      for (const change of group.changed) lines.push(yellow(`${indent}~ ${change.path}: ${(change.aspects ?? []).join(", ")}${change.sizeDelta === 0 ? "" : ` (${signedSize(change.sizeDelta)})`}`));
    }
  }

  lines.push("", bold("Size"));
  lines.push(sizeLine(diff.size.files, "  Files", humanSize));
  lines.push(sizeLine(diff.size.image, "  Image file", humanSize));
  return `${lines.join("\n")}\n`;
}

function sizeLine(size: SizeChange, label: string, format: (bytes: number) => string): string {
  return `${label}: ${format(size.old)} -> ${format(size.new)} (${signedSize(size.delta)})`;
}

interface FileGroup {
  readonly added: FileChange[];
  readonly removed: FileChange[];
  readonly changed: FileChange[];
}

/**
 * The file changes by owning package, packages in name order and "not from a package" (null)
 * last; one group under undefined when no SBOM named owners.
 */
function groupByPackage(diff: ImageDiff): Map<string | null | undefined, FileGroup> {
  const groups = new Map<string | null | undefined, FileGroup>();
  const add = (kind: keyof FileGroup, change: FileChange) => {
    const key = change.package;
    const group = groups.get(key) ?? { added: [], removed: [], changed: [] };
    group[kind].push(change);
    groups.set(key, group);
  };
  for (const change of diff.files.added) add("added", change);
  for (const change of diff.files.removed) add("removed", change);
  for (const change of diff.files.changed) add("changed", change);
  const order = (key: string | null | undefined) => (key === null ? "\uffff" : (key ?? ""));
  return new Map([...groups].sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)));
}
