/**
 * The catalog: what a set of Portage repositories offers, as plain sorted data. `gp catalog`
 * turns it into declarations (package atoms, per-package USE flags) and `gp check --catalog`
 * judges blueprints against it.
 */

/** What the catalog knows about one package (category/name), merged over all its versions. */
export interface CatalogPackage {
  /** DESCRIPTION of the highest version; "" when it has none. */
  readonly description: string;
  /**
   * IUSE flag name (without its `+`/`-` default) → description, "" when no description is
   * known; sorted by name. USE_EXPAND flags such as `python_targets_python3_12` are flags too.
   */
  readonly flags: Readonly<Record<string, string>>;
  /** SLOT values without their sub-slot (`0/1.2` counts as `0`), sorted and unique. */
  readonly slots: readonly string[];
  /** Every KEYWORDS token of any version (`amd64`, `~arm64`, `-*`), sorted and unique. */
  readonly keywords: readonly string[];
  /** The license names LICENSE mentions, without `||`, parentheses or `flag?`; sorted and unique. */
  readonly licenses: readonly string[];
  /** The PVR of every version (`1.2.3-r1`), oldest first in Portage's version order. */
  readonly versions: readonly string[];
  /** The name of the last repository, in reading order, that has the package. */
  readonly repository: string;
}

/** One line of a repository's profiles/profiles.desc. */
export interface CatalogProfile {
  /** The Portage arch keyword, such as `amd64`. */
  readonly arch: string;
  /** The profile's path below profiles/, such as `default/linux/amd64/23.0`. */
  readonly path: string;
  /** `stable`, `dev` or `exp`, as written. */
  readonly stability: string;
  /** The name of the repository that lists it. */
  readonly repository: string;
}

/** What was read from one repository. */
export interface RepositorySummary {
  readonly name: string;
  /** The path as given. */
  readonly path: string;
  /** How many packages (category/name) the repository has. */
  readonly packages: number;
  /**
   * Where the packages' variables came from: the metadata cache for every ebuild, the ebuild
   * text for every ebuild, or some of each. A repository without ebuilds counts as "md5-cache"
   * when it has a metadata/md5-cache directory, else as "ebuilds".
   */
  readonly source: "md5-cache" | "ebuilds" | "mixed";
}

/** The catalog of one or more repositories; every record has sorted keys. */
export interface CatalogData {
  /** The repositories that could be read, in reading order. */
  readonly repositories: readonly RepositorySummary[];
  /** Keyed by `category/name`. */
  readonly packages: Readonly<Record<string, CatalogPackage>>;
  /** USE_EXPAND variable (`VIDEO_CARDS`) → value (`intel`) → description, from profiles/desc/. */
  readonly useExpand: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The file names under licenses/, sorted and unique. */
  readonly licenses: readonly string[];
  /** profiles.desc entries, repository by repository in reading order, each in file order. */
  readonly profiles: readonly CatalogProfile[];
}
