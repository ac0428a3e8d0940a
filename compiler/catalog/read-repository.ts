import { readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { basename, join, resolve } from "node:path";
import { codes } from "../../errors/codes.js";
import { error, warning, type Diagnostic, type Location } from "../../errors/diagnostics.js";
import { parseVersion, withoutRevision } from "../../portage/version.js";
import type { RepositorySummary } from "./catalog-data.js";
import { describedNames, parseDescriptionLines, parseUseLocalDesc } from "../../portage/repository/description-files.js";
import { parseEbuildAssignments, type CatalogVariable } from "../../portage/repository/ebuild-assignments.js";
import type { LineProblem } from "../../portage/repository/line-problem.js";
import { parseMd5CacheEntry } from "../../portage/repository/md5-cache-entry.js";
import { parseMetadataXmlFlags } from "../../portage/repository/metadata-xml-flags.js";
import { parseProfilesDesc } from "./profiles-desc.js";
import type { PackageContents, RepositoryContents } from "./repository-contents.js";
import { statedRepositoryName } from "../../portage/repository/repository-name.js";
import { versionMetadataOf, type RejectedToken, type VersionMetadata } from "../../portage/repository/version-metadata.js";

/** Top-level directories of a repository that are never categories. */
const NOT_CATEGORIES = new Set(["eclass", "licenses", "metadata", "profiles", "scripts"]);

/** What is lost when an expansion in each variable cannot be expanded. */
const LEFT_OUT: Readonly<Record<CatalogVariable, string>> = {
  IUSE: "the flags it adds are left out of the catalog",
  KEYWORDS: "the keywords it adds are left out of the catalog",
  SLOT: "the slot it gives is left out of the catalog",
  LICENSE: "the licenses it names are left out of the catalog",
  DESCRIPTION: "the text it stands for is left out of the description",
};

const errorCode = (cause: unknown) => (cause as NodeJS.ErrnoException | undefined)?.code;
const isMissing = (cause: unknown) => errorCode(cause) === "ENOENT" || errorCode(cause) === "ENOTDIR";
const reasonOf = (cause: unknown) => errorCode(cause) ?? String(cause);

/**
 * The reading of one repository: file access with its diagnostics, and the pieces read so far.
 * Reads are synchronous on purpose: the Gentoo repository means some 50,000 small files, and
 * blocking reads of files in the page cache beat a promise round trip each.
 */
class RepositoryReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly root: string;
  name = "";
  ebuilds = 0;
  ebuildsWithoutCache = 0;

  constructor(path: string) {
    this.root = resolve(path);
  }

  /** A file's text, or undefined when it does not exist; other failures are reported. */
  text(relativePath: string): string | undefined {
    try {
      return readFileSync(join(this.root, relativePath), "utf8");
    } catch (cause) {
      if (!isMissing(cause)) this.malformed({ file: join(this.root, relativePath) }, `The file cannot be read (${reasonOf(cause)}).`);
      return undefined;
    }
  }

  /** A directory's entries, or undefined when it does not exist; other failures are reported. */
  entries(relativePath: string): Dirent[] | undefined {
    try {
      return readdirSync(join(this.root, relativePath), { withFileTypes: true });
    } catch (cause) {
      if (!isMissing(cause)) this.malformed({ file: join(this.root, relativePath) }, `The directory cannot be read (${reasonOf(cause)}).`);
      return undefined;
    }
  }

  malformed(location: Location, message: string): void {
    this.diagnostics.push(warning(codes.malformedRepositoryData, message, { location }));
  }

  /** Reports a parser's problems in `relativePath`. */
  problems(relativePath: string, problems: readonly LineProblem[]): void {
    const file = join(this.root, relativePath);
    for (const { line, column, message } of problems) this.malformed({ file, start: { line, column: column ?? 1 } }, message);
  }

  rejected(relativePath: string, tokens: readonly RejectedToken[], lineOf: (variable: CatalogVariable) => number | undefined): void {
    for (const { variable, token } of tokens) {
      const line = lineOf(variable);
      const file = join(this.root, relativePath);
      this.malformed(line === undefined ? { file } : { file, start: { line, column: 1 } }, `"${token}" in ${variable} is not a valid ${variable === "IUSE" ? "USE flag" : "keyword"}, so the catalog leaves it out.`);
    }
  }
}

/** The repository's name, with a warning when it states none or two. */
function readName(reader: RepositoryReader): string {
  const layoutConf = reader.text("metadata/layout.conf");
  const stated = statedRepositoryName(reader.text("profiles/repo_name"), layoutConf);
  if (stated.overruledRepoName !== undefined) {
    reader.diagnostics.push(
      warning(codes.repositoryNameConflict, `metadata/layout.conf names the repository "${stated.name}", but profiles/repo_name calls it "${stated.overruledRepoName}"; the catalog uses "${stated.name}", as Portage does.`, {
        location: { file: join(reader.root, "metadata/layout.conf") },
        hint: "Make both names the same.",
      }),
    );
  }
  if (stated.name !== undefined) return stated.name;
  const name = basename(reader.root);
  reader.diagnostics.push(
    warning(codes.unnamedRepository, `The repository has neither profiles/repo_name nor a repo-name in metadata/layout.conf, so the catalog names it after its directory, "${name}".`, {
      location: { file: reader.root },
      hint: `Write the repository's name into profiles/repo_name.`,
    }),
  );
  return name;
}

/**
 * The directories that may be categories: every top-level one but eclass/, licenses/ and the
 * like. profiles/categories is no guide: an overlay lists only the categories it adds (genpack-
 * overlay lists `genpack`) and keeps packages in its master's (`app-admin/…`), which Portage
 * knows from the master's list.
 */
function candidateCategories(top: readonly Dirent[]): string[] {
  return top.filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !NOT_CATEGORIES.has(entry.name)).map((entry) => entry.name);
}

/** The variables Portage sets before it sources an ebuild, which ebuilds use in DESCRIPTION and SLOT. */
function portageVariables(category: string, name: string, pvr: string): Record<string, string> {
  const pv = withoutRevision(pvr);
  const pr = /-(r\d+)$/.exec(pvr)?.[1] ?? "r0";
  return { CATEGORY: category, PN: name, PV: pv, PR: pr, PVR: pvr, P: `${name}-${pv}`, PF: `${name}-${pvr}` };
}

/** One version from its metadata cache entry. */
function readCachedVersion(reader: RepositoryReader, cachePath: string, pvr: string): VersionMetadata | undefined {
  const text = reader.text(cachePath);
  if (text === undefined) return undefined;
  const { values, problems } = parseMd5CacheEntry(text);
  reader.problems(cachePath, problems);
  const { metadata, rejected } = versionMetadataOf(pvr, (variable) => values.get(variable)?.value);
  reader.rejected(cachePath, rejected, (variable) => values.get(variable)?.line);
  return metadata;
}

/** One version from the text of its ebuild, reporting what could not be expanded. */
function readEbuildVersion(reader: RepositoryReader, ebuildPath: string, category: string, name: string, pvr: string): VersionMetadata | undefined {
  const text = reader.text(ebuildPath);
  if (text === undefined) return undefined;
  const { values, unexpanded, problems } = parseEbuildAssignments(text, portageVariables(category, name, pvr));
  const file = join(reader.root, ebuildPath);
  for (const { variable, reference, line, column } of unexpanded) {
    reader.diagnostics.push(
      warning(codes.unexpandedVariable, `${variable} uses ${reference}, which gp cannot expand without running the ebuild; ${LEFT_OUT[variable]}.`, {
        location: { file, start: { line, column } },
        hint: `Generate the metadata cache (egencache --update --repo ${reader.name}); gp reads expanded values from it.`,
      }),
    );
  }
  reader.problems(ebuildPath, problems);
  const { metadata, rejected } = versionMetadataOf(pvr, (variable) => values[variable]);
  reader.rejected(ebuildPath, rejected, () => undefined);
  return metadata;
}

/** One package directory, or undefined when it holds no ebuild. */
function readPackage(
  reader: RepositoryReader,
  category: string,
  name: string,
  cached: ReadonlySet<string>,
  localDescriptions: ReadonlyMap<string, string> | undefined,
): PackageContents | undefined {
  const directory = `${category}/${name}`;
  const files = reader.entries(directory);
  if (files === undefined) return undefined;
  const versions: VersionMetadata[] = [];
  let hasMetadataXml = false;
  for (const file of files) {
    if (file.name === "metadata.xml") hasMetadataXml = true;
    if (!file.name.endsWith(".ebuild")) continue;
    const pvr = file.name.startsWith(`${name}-`) ? file.name.slice(name.length + 1, -".ebuild".length) : "";
    if (parseVersion(pvr) === undefined) {
      reader.malformed({ file: join(reader.root, directory, file.name) }, `"${file.name}" is not named ${name}-VERSION.ebuild, so Portage ignores it and so does the catalog.`);
      continue;
    }
    reader.ebuilds++;
    // The cache is only listed, never checked against the ebuild: keeping it current is the repository's business.
    let version: VersionMetadata | undefined;
    if (cached.has(`${name}-${pvr}`)) {
      version = readCachedVersion(reader, `metadata/md5-cache/${category}/${name}-${pvr}`, pvr);
    } else {
      reader.ebuildsWithoutCache++;
      version = readEbuildVersion(reader, `${directory}/${file.name}`, category, name, pvr);
    }
    if (version !== undefined) versions.push(version);
  }
  if (versions.length === 0) return undefined;

  const flagDescriptions = new Map<string, string>();
  // Most of Gentoo's metadata.xml files describe flags; one without flags to describe is not read.
  if (hasMetadataXml && versions.some((version) => version.flags.length > 0)) {
    const text = reader.text(`${directory}/metadata.xml`);
    if (text !== undefined) {
      const { flags, problems } = parseMetadataXmlFlags(text);
      reader.problems(`${directory}/metadata.xml`, problems);
      for (const [flag, description] of flags) flagDescriptions.set(flag, description);
    }
  }
  for (const [flag, description] of localDescriptions ?? []) if (!flagDescriptions.get(flag)) flagDescriptions.set(flag, description);
  return { versions, flagDescriptions };
}

/** profiles/desc/*.desc as USE_EXPAND variable → value → description. */
function readUseExpand(reader: RepositoryReader): Map<string, Map<string, string>> {
  const useExpand = new Map<string, Map<string, string>>();
  for (const entry of reader.entries("profiles/desc") ?? []) {
    if (!entry.name.endsWith(".desc") || entry.isDirectory()) continue;
    const path = `profiles/desc/${entry.name}`;
    const { entries, problems } = parseDescriptionLines(reader.text(path) ?? "");
    reader.problems(path, problems);
    useExpand.set(entry.name.slice(0, -".desc".length).toUpperCase(), describedNames(entries));
  }
  return useExpand;
}

/**
 * Reads one repository. Each ebuild's IUSE, KEYWORDS, SLOT, LICENSE and DESCRIPTION come from
 * its metadata/md5-cache entry when there is one (Gentoo's rsync and git mirrors ship the cache,
 * with the eclasses' IUSE already added), else from the ebuild's own assignments. Cache entries
 * without an ebuild are stale and never looked at.
 *
 * Returns no contents, only an error, when the path cannot be read or is not a repository.
 */
export function readRepository(path: string): { contents: RepositoryContents | undefined; diagnostics: Diagnostic[] } {
  const reader = new RepositoryReader(path);
  const fail = (entry: typeof codes.repositoryNotFound | typeof codes.notARepository, message: string, hint: string) => ({
    contents: undefined,
    diagnostics: [error(entry, message, { location: { file: reader.root }, hint })],
  });
  let top: Dirent[];
  try {
    if (!statSync(reader.root).isDirectory()) return fail(codes.notARepository, `The repository ${path} is a file, not a directory.`, "Give the directory of a Portage repository, the one that holds profiles/.");
    top = readdirSync(reader.root, { withFileTypes: true });
  } catch (cause) {
    return fail(
      codes.repositoryNotFound,
      isMissing(cause) ? `The repository ${path} does not exist.` : `The repository ${path} cannot be read (${reasonOf(cause)}).`,
      "Give the directory of a Portage repository, such as /var/db/repos/gentoo.",
    );
  }
  const hasProfiles = top.some((entry) => entry.name === "profiles" && entry.isDirectory());
  reader.name = readName(reader);

  const useLocal = parseUseLocalDesc(reader.text("profiles/use.local.desc") ?? "");
  reader.problems("profiles/use.local.desc", useLocal.problems);
  const packages = new Map<string, PackageContents>();
  for (const category of candidateCategories(top)) {
    const names = reader.entries(category);
    if (names === undefined) continue;
    const cached = new Set((reader.entries(`metadata/md5-cache/${category}`) ?? []).map((entry) => entry.name));
    for (const entry of names) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const atom = `${category}/${entry.name}`;
      const contents = readPackage(reader, category, entry.name, cached, useLocal.packages.get(atom));
      if (contents !== undefined) packages.set(atom, contents);
    }
  }
  if (!hasProfiles && packages.size === 0) {
    return fail(codes.notARepository, `${path} is not a Portage repository: it has neither profiles/ nor category directories with ebuilds.`, "Give the directory of a Portage repository, the one that holds profiles/.");
  }

  const useDesc = parseDescriptionLines(reader.text("profiles/use.desc") ?? "");
  reader.problems("profiles/use.desc", useDesc.problems);
  const profilesDesc = parseProfilesDesc(reader.text("profiles/profiles.desc") ?? "", reader.name);
  reader.problems("profiles/profiles.desc", profilesDesc.problems);
  const licenses = (reader.entries("licenses") ?? []).filter((entry) => !entry.isDirectory() && !entry.name.startsWith(".")).map((entry) => entry.name);

  if (reader.ebuildsWithoutCache > 0) {
    reader.diagnostics.push(
      warning(
        codes.missingMetadataCache,
        `${reader.ebuildsWithoutCache} of the ${reader.ebuilds} ebuilds of ${reader.name} have no metadata/md5-cache entry, so gp read their variables from the ebuild text; flags that inherited eclasses add to IUSE are not in the catalog.`,
        { location: { file: reader.root }, hint: `Generate the cache with egencache --update --repo ${reader.name}.` },
      ),
    );
  }
  const source: RepositorySummary["source"] =
    reader.ebuilds === 0 ? (reader.entries("metadata/md5-cache") === undefined ? "ebuilds" : "md5-cache") : reader.ebuildsWithoutCache === 0 ? "md5-cache" : reader.ebuildsWithoutCache === reader.ebuilds ? "ebuilds" : "mixed";
  return {
    contents: {
      summary: { name: reader.name, path, packages: packages.size, source },
      packages,
      globalFlags: describedNames(useDesc.entries),
      useExpand: readUseExpand(reader),
      licenses,
      profiles: profilesDesc.profiles,
    },
    diagnostics: reader.diagnostics,
  };
}
