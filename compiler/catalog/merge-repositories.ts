import { compareParsedVersions, parseVersion, type Version } from "../../portage/version.js";
import type { CatalogData, CatalogPackage, CatalogProfile } from "./catalog-data.js";
import type { PackageContents, RepositoryContents } from "./repository-contents.js";
import type { VersionMetadata } from "../../portage/repository/version-metadata.js";

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

const sortedRecord = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Sets each key of `from` in `into` unless its value is empty and `into` already has one. */
function overlayDescriptions(into: Map<string, string>, from: ReadonlyMap<string, string>): void {
  for (const [name, description] of from) if (description !== "" || !into.has(name)) into.set(name, description);
}

/**
 * Finds a flag's USE_EXPAND description: `video_cards_intel` is `intel` of VIDEO_CARDS. Values
 * may hold underscores themselves (`python3_12` of PYTHON_TARGETS), so every cut is tried,
 * the longest variable name first.
 */
function useExpandDescription(flag: string, byPrefix: ReadonlyMap<string, ReadonlyMap<string, string>>): string | undefined {
  for (let cut = flag.lastIndexOf("_"); cut > 0; cut = flag.lastIndexOf("_", cut - 1)) {
    const description = byPrefix.get(flag.slice(0, cut))?.get(flag.slice(cut + 1));
    if (description !== undefined && description !== "") return description;
  }
  return undefined;
}

/** The versions of all repositories oldest first; a PVR two repositories share appears once. */
function orderedVersions(versions: readonly VersionMetadata[]): { version: string; parsed: Version | undefined }[] {
  const unique = new Map<string, Version | undefined>();
  for (const { version } of versions) if (!unique.has(version)) unique.set(version, parseVersion(version));
  return [...unique]
    .map(([version, parsed]) => ({ version, parsed }))
    .sort((a, b) => (a.parsed !== undefined && b.parsed !== undefined ? compareParsedVersions(a.parsed, b.parsed) : 0) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** The DESCRIPTION of the highest version; of versions that compare equal, the one read last. */
function highestDescription(versions: readonly VersionMetadata[]): string {
  let best: { parsed: Version | undefined; description: string } | undefined;
  for (const { version, description } of versions) {
    const parsed = parseVersion(version);
    if (best === undefined || best.parsed === undefined || parsed === undefined || compareParsedVersions(parsed, best.parsed) >= 0) best = { parsed, description };
  }
  return best?.description ?? "";
}

/** One package, merged over the repositories (in reading order) that have it. */
function mergePackage(
  provided: readonly { readonly repository: string; readonly contents: PackageContents }[],
  globalFlags: ReadonlyMap<string, string>,
  useExpandByPrefix: ReadonlyMap<string, ReadonlyMap<string, string>>,
): CatalogPackage {
  const versions = provided.flatMap(({ contents }) => contents.versions);
  const local = new Map<string, string>();
  for (const { contents } of provided) overlayDescriptions(local, contents.flagDescriptions);
  const flags = sortedUnique(versions.flatMap((version) => version.flags));
  return {
    description: highestDescription(versions),
    flags: sortedRecord(flags.map((flag) => [flag, local.get(flag) || globalFlags.get(flag) || useExpandDescription(flag, useExpandByPrefix) || ""] as const)),
    slots: sortedUnique(versions.flatMap((version) => (version.slot === undefined ? [] : [version.slot]))),
    keywords: sortedUnique(versions.flatMap((version) => version.keywords)),
    licenses: sortedUnique(versions.flatMap((version) => version.licenses)),
    versions: orderedVersions(versions).map(({ version }) => version),
    repository: provided.at(-1)?.repository ?? "",
  };
}

/**
 * Merges repositories read in order (a master such as `gentoo` first, overlays after it) into
 * one catalog:
 *
 *  1. A package is in the catalog when any repository has it; its versions, flags, slots,
 *     keywords and licenses are the unions over every repository that has it.
 *  2. Its description is the DESCRIPTION of its highest version; when two repositories have
 *     versions that compare equal, the later repository's wins.
 *  3. A flag's description is the first found of: what a repository with the package says in
 *     the package's metadata.xml or use.local.desc (the later repository's wins unless empty);
 *     use.desc of any repository (likewise); the USE_EXPAND value's desc/*.desc entry; else "".
 *     Global descriptions come from every repository, so an overlay's packages get the master's.
 *  4. `repository` names the last repository that has the package.
 *  5. USE_EXPAND values and licenses are unions; a later non-empty description wins.
 *  6. Profiles are listed repository by repository; an identical line listed twice appears once.
 */
export function mergeRepositories(repositories: readonly RepositoryContents[]): CatalogData {
  const globalFlags = new Map<string, string>();
  const useExpand = new Map<string, Map<string, string>>();
  const providers = new Map<string, { repository: string; contents: PackageContents }[]>();
  const profiles = new Map<string, CatalogProfile>();
  for (const repository of repositories) {
    overlayDescriptions(globalFlags, repository.globalFlags);
    for (const [variable, values] of repository.useExpand) {
      const merged = useExpand.get(variable) ?? new Map<string, string>();
      useExpand.set(variable, merged);
      overlayDescriptions(merged, values);
    }
    for (const [atom, contents] of repository.packages) {
      const list = providers.get(atom) ?? [];
      providers.set(atom, list);
      list.push({ repository: repository.summary.name, contents });
    }
    for (const profile of repository.profiles) {
      const key = [profile.repository, profile.arch, profile.path, profile.stability].join("\n");
      if (!profiles.has(key)) profiles.set(key, profile);
    }
  }
  const useExpandByPrefix = new Map([...useExpand].map(([variable, values]) => [variable.toLowerCase(), values] as const));
  return {
    repositories: repositories.map((repository) => repository.summary),
    packages: sortedRecord([...providers].map(([atom, provided]) => [atom, mergePackage(provided, globalFlags, useExpandByPrefix)] as const)),
    useExpand: sortedRecord([...useExpand].map(([variable, values]) => [variable, sortedRecord(values)] as const)),
    licenses: sortedUnique(repositories.flatMap((repository) => repository.licenses)),
    profiles: [...profiles.values()],
  };
}
