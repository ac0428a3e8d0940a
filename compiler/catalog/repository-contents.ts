import type { CatalogProfile, RepositorySummary } from "./catalog-data.js";
import type { VersionMetadata } from "../../portage/repository/version-metadata.js";

/** One package of one repository, before repositories are merged. */
export interface PackageContents {
  /** One entry an ebuild, in no particular order. */
  readonly versions: readonly VersionMetadata[];
  /** What the repository says about the package's flags: its metadata.xml, then use.local.desc. */
  readonly flagDescriptions: ReadonlyMap<string, string>;
}

/** Everything the catalog takes from one repository, as read. */
export interface RepositoryContents {
  readonly summary: RepositorySummary;
  /** Keyed by `category/name`. */
  readonly packages: ReadonlyMap<string, PackageContents>;
  /** profiles/use.desc: global flag → description. */
  readonly globalFlags: ReadonlyMap<string, string>;
  /** profiles/desc/*.desc: USE_EXPAND variable (`VIDEO_CARDS`) → value → description. */
  readonly useExpand: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The file names under licenses/. */
  readonly licenses: readonly string[];
  readonly profiles: readonly CatalogProfile[];
}
