import type { CatalogData } from "../catalog/catalog-data.js";

/**
 * The names a catalog declares, which is all `gp check --catalog` judges by: the same names the
 * declarations of `gp catalog` turn into types, without descriptions, versions or keywords.
 */
export interface CatalogNames {
  /** `category/name` → the package's USE flags (USE_EXPAND flags such as `video_cards_intel` included). */
  readonly packages: ReadonlyMap<string, ReadonlySet<string>>;
  /** USE_EXPAND variable (`VIDEO_CARDS`) → its values (`intel`). */
  readonly useExpand: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The names under the repositories' licenses/; undefined when the catalog declares no
   * `licenses`, and then, as for the types, any license name goes.
   */
  readonly licenses?: ReadonlySet<string>;
  /** The Portage profile paths of profiles.desc, such as `default/linux/amd64/23.0`; undefined when not declared. */
  readonly profiles?: ReadonlySet<string>;
}

/** The names of catalog data as `readCatalog` returns it, for judging without a declaration file in between. */
export function catalogNamesOf(catalog: CatalogData): CatalogNames {
  return {
    packages: new Map(Object.entries(catalog.packages).map(([atom, entry]) => [atom, new Set(Object.keys(entry.flags))])),
    useExpand: new Map(Object.entries(catalog.useExpand).map(([variable, values]) => [variable, new Set(Object.keys(values))])),
    licenses: new Set(catalog.licenses),
    profiles: new Set(catalog.profiles.map((profile) => profile.path)),
  };
}
