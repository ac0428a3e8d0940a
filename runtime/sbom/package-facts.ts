import type { ClosurePackage, Repository, RootFs } from "../upper/closure/index.js";
import { VDB_PATH } from "../upper/closure/index.js";
import { declaredValue, decompressEnvironment, metadataCacheValue, sourceUris } from "./ebuild-environment.js";
import { spdxLicensing, type LicenseMapping, type SpdxLicensing } from "./license-mapping.js";
import { readLowerFile, readLowerText } from "./lower-file.js";
import { parseManifestDistfiles, type ManifestDistfile } from "./manifest.js";

/** One source archive of a package: its name, where it came from, and its digests from the Manifest. */
export interface Distfile {
  readonly name: string;
  /** The SRC_URI entry it came from; undefined when the environment does not say. */
  readonly uri: string | undefined;
  readonly hashes: ManifestDistfile["hashes"];
}

/** What the SBOM says of one package of the closure, read from the lower's vdb and repositories. */
export interface PackageFacts {
  readonly cpv: string;
  readonly category: string;
  readonly name: string;
  /** The full version, revision included. */
  readonly version: string;
  /** SLOT as the vdb has it, sub-slot included. */
  readonly slot: string;
  readonly repository: string;
  /** The USE flags in effect: the vdb's USE restricted to IUSE, sorted. */
  readonly use: readonly string[];
  /** LICENSE as the vdb has it. */
  readonly license: string;
  readonly licensing: SpdxLicensing;
  readonly homepages: readonly string[];
  readonly distfiles: readonly Distfile[];
  /** One of the image's own packages (`definePackage`), installed from the artifact's overlay. */
  readonly imagePackage: boolean;
  /** The closure packages whose RDEPEND or PDEPEND selected this one; set names left out. */
  readonly neededBy: readonly string[];
}

/** Where facts come from beside the package itself. */
export interface FactSources {
  readonly fs: RootFs;
  readonly repositories: readonly Repository[];
  /** Image path of the repository the image's own packages come from. */
  readonly imageRepositoryLocation: string;
  readonly licenseMapping: LicenseMapping;
  /** Called with a sentence for each fact that could not be read; the fact is left out. */
  readonly warn: (message: string) => void;
}

const words = (text: string): string[] => text.split(/\s+/).filter((word) => word !== "");

/** A vdb metadata file of the package, "" when missing; a file that cannot be read is a warning. */
function vdbText(sources: FactSources, cpv: string, key: string): string {
  const read = readLowerText(sources.fs, `${VDB_PATH}/${cpv}/${key}`);
  if (read.ok) return words(read.text).join(" ");
  if (!read.missing) sources.warn(`${cpv}: ${key} is left out of the SBOM: ${read.reason}.`);
  return "";
}

/** The Manifest DIST entries of a package's directory in its repository, or undefined with a warning. */
function manifestOf(sources: FactSources, pkg: ClosurePackage, repository: Repository | undefined): ReadonlyMap<string, ManifestDistfile> | undefined {
  if (repository === undefined) return undefined;
  const read = readLowerText(sources.fs, `${repository.location}/${pkg.category}/${pkg.name}/Manifest`);
  if (read.ok) return parseManifestDistfiles(read.text);
  sources.warn(`${pkg.cpv}: the digests of its sources are left out of the SBOM: ${read.reason}.`);
  return undefined;
}

/**
 * SRC_URI of the package's ebuild, from its repository's metadata cache: the repository's own
 * `metadata/md5-cache`, else the cache Portage made for it in `/var/cache/edb/dep`. Undefined
 * when neither has the entry (the repository has moved past that version): the sources are then
 * named without where they came from.
 */
function sourceUriOf(sources: FactSources, repository: Repository, cpv: string): string | undefined {
  for (const path of [`${repository.location}/metadata/md5-cache/${cpv}`, `/var/cache/edb/dep${repository.location}/${cpv}`]) {
    const read = readLowerText(sources.fs, path);
    if (read.ok) return metadataCacheValue(read.text, "SRC_URI") ?? "";
  }
  return undefined;
}

/** The distfiles the package was built from: A of its saved environment, SRC_URI of its repository's metadata cache, digests from its Manifest. */
function distfilesOf(sources: FactSources, pkg: ClosurePackage, repository: Repository | undefined, enabled: ReadonlySet<string>): Distfile[] {
  const compressed = readLowerFile(sources.fs, `${VDB_PATH}/${pkg.cpv}/environment.bz2`);
  if (!compressed.ok) {
    if (!compressed.missing) sources.warn(`${pkg.cpv}: its sources are left out of the SBOM: ${compressed.reason}.`);
    return [];
  }
  const environment = decompressEnvironment(compressed.data);
  if (!environment.ok) {
    sources.warn(`${pkg.cpv}: its sources are left out of the SBOM: environment.bz2 cannot be read (${environment.reason}).`);
    return [];
  }
  const names = words(declaredValue(environment.text, "A") ?? "");
  if (names.length === 0) return [];
  let uris: ReadonlyMap<string, string> = new Map();
  const srcUri = repository === undefined ? undefined : sourceUriOf(sources, repository, pkg.cpv);
  try {
    uris = sourceUris(srcUri ?? "", enabled);
  } catch (problem) {
    sources.warn(`${pkg.cpv}: the URIs of its sources are left out of the SBOM: ${(problem as Error).message}.`);
  }
  const manifest = manifestOf(sources, pkg, repository);
  return [...new Set(names)].map((name) => ({ name, uri: uris.get(name), hashes: manifest?.get(name)?.hashes ?? [] }));
}

/** Reads what the SBOM says of one closure package; what cannot be read is left out with a warning. */
export function readPackageFacts(sources: FactSources, pkg: ClosurePackage): PackageFacts {
  const repositoryName = vdbText(sources, pkg.cpv, "repository");
  const repository = sources.repositories.find((candidate) => candidate.name === repositoryName);
  const iuse = new Set(words(vdbText(sources, pkg.cpv, "IUSE")).map((flag) => flag.replace(/^[+-]/, "")));
  const enabled = new Set(words(vdbText(sources, pkg.cpv, "USE")));
  const use = [...enabled].filter((flag) => iuse.has(flag)).sort();
  const license = vdbText(sources, pkg.cpv, "LICENSE");
  let licensing: SpdxLicensing = { kind: "none" };
  try {
    licensing = spdxLicensing(license, enabled, sources.licenseMapping);
  } catch (problem) {
    sources.warn(`${pkg.cpv}: its LICENSE cannot be read as SPDX (${(problem as Error).message}); the SBOM keeps only the Gentoo text.`);
  }
  return {
    cpv: pkg.cpv,
    category: pkg.category,
    name: pkg.name,
    version: pkg.version,
    slot: vdbText(sources, pkg.cpv, "SLOT"),
    repository: repositoryName,
    use,
    license,
    licensing,
    homepages: words(vdbText(sources, pkg.cpv, "HOMEPAGE")),
    distfiles: distfilesOf(sources, pkg, repository, enabled),
    imagePackage: repository !== undefined && repository.location === sources.imageRepositoryLocation,
    neededBy: pkg.neededBy.filter((entry) => !entry.startsWith("@")),
  };
}
