import { compareVersions } from "../../portage/version.js";
import { enabledServices, serviceKey, type EnabledService } from "./enabled-services.js";
import type { GroupAccount, ImageFacts, ListedEntry, PackageRecord, PackageSource, UserAccount } from "./image-facts.js";

/**
 * What changed from one image to another, as plain data: `gp diff --json` prints it as it is.
 * Every list is sorted by its key, so equal inputs give equal output.
 */
export interface ImageDiff {
  readonly source: PackageSource;
  readonly differ: boolean;
  readonly packages: {
    readonly added: readonly PackageView[];
    readonly removed: readonly PackageView[];
    readonly upgraded: readonly VersionChange[];
    readonly downgraded: readonly VersionChange[];
    /** Same version, other USE flags. */
    readonly rebuilt: readonly UseChange[];
  };
  readonly users: AccountChanges<UserAccount>;
  readonly groups: AccountChanges<GroupAccount>;
  readonly services: { readonly enabled: readonly EnabledService[]; readonly disabled: readonly EnabledService[] };
  readonly files: {
    readonly added: readonly FileChange[];
    readonly removed: readonly FileChange[];
    readonly changed: readonly FileChange[];
  };
  readonly size: {
    /** Bytes of regular files. */
    readonly files: SizeChange;
    /** Bytes of the image files. */
    readonly image: SizeChange;
  };
}

export interface PackageView {
  /** `category/name`, with `:slot` when the package is installed in several slots. */
  readonly package: string;
  readonly version: string;
  readonly slot: string;
  readonly use: readonly string[];
}

export interface UseChange {
  readonly package: string;
  readonly version: string;
  readonly useAdded: readonly string[];
  readonly useRemoved: readonly string[];
}

export interface VersionChange extends UseChange {
  readonly oldVersion: string;
}

export interface AccountChanges<T extends { readonly name: string }> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
  readonly changed: readonly { readonly name: string; readonly changes: readonly FieldChange[] }[];
}

export interface FieldChange {
  readonly field: string;
  readonly old: string;
  readonly new: string;
}

/** What differs in a changed file. */
export type FileAspect = "type" | "size" | "mode" | "owner" | "target" | "device" | "content";

export interface FileChange {
  readonly path: string;
  /** The package that put it there (the new image's; the old one's for a removed path): its key, or null when none did. Absent when no SBOM names owners. */
  readonly package?: string | null;
  readonly type: ListedEntry["type"];
  /** New size minus old size, in bytes (regular files and links; 0 for the others). */
  readonly sizeDelta: number;
  /** For a changed path: what differs. */
  readonly aspects?: readonly FileAspect[];
}

export interface SizeChange {
  readonly old: number;
  readonly new: number;
  readonly delta: number;
}

/**
 * Compares two images. `contentDiffers` says, of the paths that are regular files of equal size in
 * both, which differ in content (the caller reads the bytes; this stays pure). Owners are used
 * only when both images have them (both SBOMs were read).
 */
export function compareImages(old: ImageFacts, now: ImageFacts, contentDiffers: ReadonlySet<string>): ImageDiff {
  const grouped = old.owners !== undefined && now.owners !== undefined;
  const packages = comparePackages(old.packages, now.packages);
  const users = compareAccounts(old.users, now.users, (user) => [["uid", user.uid], ["gid", user.gid], ["home", user.home], ["shell", user.shell]]);
  const groups = compareAccounts(old.groups, now.groups, (group) => [["gid", group.gid], ["members", group.members.join(",")]]);
  const services = compareServices(enabledServices(old.entries), enabledServices(now.entries));
  const keysOld = packageKeys(old.packages, now.packages);
  const keysNew = packageKeys(now.packages, old.packages);
  const ownerOf = (facts: ImageFacts, keys: readonly string[], path: string): { package?: string | null } => {
    if (!grouped) return {};
    const index = facts.owners?.get(path);
    return { package: index === undefined ? null : (keys[index] ?? null) };
  };
  const added: FileChange[] = [];
  const removed: FileChange[] = [];
  const changed: FileChange[] = [];
  for (const [path, entry] of now.entries) {
    const before = old.entries.get(path);
    if (before === undefined) {
      added.push({ path, ...ownerOf(now, keysNew, path), type: entry.type, sizeDelta: entry.size });
      continue;
    }
    const aspects = differences(before, entry, contentDiffers.has(path));
    if (aspects.length > 0) changed.push({ path, ...ownerOf(now, keysNew, path), type: entry.type, sizeDelta: entry.size - before.size, aspects });
  }
  for (const [path, entry] of old.entries) {
    if (!now.entries.has(path)) removed.push({ path, ...ownerOf(old, keysOld, path), type: entry.type, sizeDelta: -entry.size });
  }
  const byPath = (a: FileChange, b: FileChange) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const files = { added: added.sort(byPath), removed: removed.sort(byPath), changed: changed.sort(byPath) };
  const fileBytes = (facts: ImageFacts) => [...facts.entries.values()].reduce((sum, entry) => sum + (entry.type === "file" ? entry.size : 0), 0);
  const differ =
    Object.values(packages).some((list) => list.length > 0) ||
    [users, groups].some((changes) => changes.added.length + changes.removed.length + changes.changed.length > 0) ||
    services.enabled.length + services.disabled.length > 0 ||
    added.length + removed.length + changed.length > 0;
  return {
    source: grouped ? "sbom" : "image",
    differ,
    packages,
    users,
    groups,
    services,
    files,
    size: { files: sizeChange(fileBytes(old), fileBytes(now)), image: sizeChange(old.imageSize, now.imageSize) },
  };
}

function sizeChange(old: number, now: number): SizeChange {
  return { old, new: now, delta: now - old };
}

/** The aspects in which two entries of one path differ; a directory's size is its listing's bookkeeping, not a change. */
function differences(old: ListedEntry, now: ListedEntry, contentDiffers: boolean): FileAspect[] {
  if (old.type !== now.type) return ["type"];
  const aspects: FileAspect[] = [];
  if (old.type !== "directory" && old.size !== now.size) aspects.push("size");
  if (old.mode !== now.mode) aspects.push("mode");
  if (old.owner !== now.owner) aspects.push("owner");
  if (old.target !== now.target) aspects.push("target");
  if (old.device !== now.device) aspects.push("device");
  if (old.type === "file" && old.size === now.size && contentDiffers) aspects.push("content");
  return aspects;
}

/**
 * The regular files whose content must be read to know whether they changed: in both images, and
 * equal in everything the listing shows.
 */
export function contentCandidates(old: ReadonlyMap<string, ListedEntry>, now: ReadonlyMap<string, ListedEntry>): { readonly path: string; readonly size: number }[] {
  const candidates: { path: string; size: number }[] = [];
  for (const [path, entry] of now) {
    const before = old.get(path);
    if (entry.type === "file" && before !== undefined && before.type === "file" && differences(before, entry, false).length === 0) candidates.push({ path, size: entry.size });
  }
  return candidates;
}

/**
 * Each package's key, by position: `category/name`, and `category/name:SLOT` (main slot) when
 * that name has several slots in either image, so that slots are told apart on both sides alike.
 */
function packageKeys(packages: readonly PackageRecord[], other: readonly PackageRecord[]): string[] {
  const slots = new Map<string, Set<string>>();
  for (const pkg of [...packages, ...other]) {
    const name = `${pkg.category}/${pkg.name}`;
    const set = slots.get(name) ?? new Set<string>();
    set.add(mainSlot(pkg.slot));
    slots.set(name, set);
  }
  return packages.map((pkg) => {
    const name = `${pkg.category}/${pkg.name}`;
    return (slots.get(name)?.size ?? 0) > 1 ? `${name}:${mainSlot(pkg.slot)}` : name;
  });
}

function mainSlot(slot: string): string {
  const slash = slot.indexOf("/");
  return slash === -1 ? slot : slot.slice(0, slash);
}

function byKey(packages: readonly PackageRecord[], other: readonly PackageRecord[]): Map<string, PackageRecord> {
  const keys = packageKeys(packages, other);
  return new Map(packages.map((pkg, index) => [keys[index] as string, pkg]));
}

function setDifference(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((item) => !other.has(item));
}

function comparePackages(oldPackages: readonly PackageRecord[], newPackages: readonly PackageRecord[]): ImageDiff["packages"] {
  const old = byKey(oldPackages, newPackages);
  const now = byKey(newPackages, oldPackages);
  const view = (key: string, pkg: PackageRecord): PackageView => ({ package: key, version: pkg.version, slot: pkg.slot, use: pkg.use });
  const added: PackageView[] = [];
  const removed: PackageView[] = [];
  const upgraded: VersionChange[] = [];
  const downgraded: VersionChange[] = [];
  const rebuilt: UseChange[] = [];
  for (const [key, pkg] of now) {
    const before = old.get(key);
    if (before === undefined) {
      added.push(view(key, pkg));
      continue;
    }
    const useAdded = setDifference(pkg.use, before.use);
    const useRemoved = setDifference(before.use, pkg.use);
    const order = versionOrder(before.version, pkg.version);
    if (order < 0) upgraded.push({ package: key, oldVersion: before.version, version: pkg.version, useAdded, useRemoved });
    else if (order > 0) downgraded.push({ package: key, oldVersion: before.version, version: pkg.version, useAdded, useRemoved });
    else if (useAdded.length + useRemoved.length > 0) rebuilt.push({ package: key, version: pkg.version, useAdded, useRemoved });
  }
  for (const [key, pkg] of old) if (!now.has(key)) removed.push(view(key, pkg));
  const sorted = <T extends { readonly package: string }>(list: T[]): T[] => list.sort((a, b) => (a.package < b.package ? -1 : a.package > b.package ? 1 : 0));
  return { added: sorted(added), removed: sorted(removed), upgraded: sorted(upgraded), downgraded: sorted(downgraded), rebuilt: sorted(rebuilt) };
}

/** Portage's order of two versions; versions it cannot read are ordered as text, so a forged one is still shown. */
function versionOrder(a: string, b: string): number {
  try {
    return compareVersions(a, b);
  } catch {
    return a === b ? 0 : a < b ? -1 : 1;
  }
}

function compareAccounts<T extends { readonly name: string }>(old: readonly T[], now: readonly T[], fields: (account: T) => readonly (readonly [string, string])[]): AccountChanges<T> {
  const before = new Map(old.map((account) => [account.name, account]));
  const after = new Map(now.map((account) => [account.name, account]));
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const changed: { name: string; changes: FieldChange[] }[] = [];
  for (const [name, account] of after) {
    const previous = before.get(name);
    if (previous === undefined) continue;
    const oldFields = new Map(fields(previous));
    const changes = fields(account)
      .filter(([field, value]) => oldFields.get(field) !== value)
      .map(([field, value]) => ({ field, old: oldFields.get(field) ?? "", new: value }));
    if (changes.length > 0) changed.push({ name, changes });
  }
  return {
    added: [...after.values()].filter((account) => !before.has(account.name)).sort(byName),
    removed: [...before.values()].filter((account) => !after.has(account.name)).sort(byName),
    changed: changed.sort(byName),
  };
}

function compareServices(old: readonly EnabledService[], now: readonly EnabledService[]): ImageDiff["services"] {
  const before = new Set(old.map(serviceKey));
  const after = new Set(now.map(serviceKey));
  return { enabled: now.filter((service) => !before.has(serviceKey(service))), disabled: old.filter((service) => !after.has(serviceKey(service))) };
}
