/** Reading Portage repositories into catalog data, for `gp catalog` and `gp check --catalog`. */
export type { CatalogData, CatalogPackage, CatalogProfile, RepositorySummary } from "./catalog-data.js";
export { readCatalog } from "./read-catalog.js";
export { mergeRepositories } from "./merge-repositories.js";
export { readRepository } from "./read-repository.js";
export type { PackageContents, RepositoryContents } from "./repository-contents.js";
export type { VersionMetadata } from "../../portage/repository/version-metadata.js";
export { CATALOG_HEADER, catalogDeclarations } from "./catalog-declarations.js";
