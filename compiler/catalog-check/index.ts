/** Judging blueprints and genpack.json5 files by a catalog that `gp catalog` wrote, for `gp check --catalog`. */
export type { CatalogNames } from "./catalog-names.js";
export { catalogNamesOf } from "./catalog-names.js";
export { readCatalogDeclarations, readCatalogFile } from "./read-catalog-declarations.js";
export type { ReadCatalogResult } from "./read-catalog-declarations.js";
export { checkAgainstCatalog } from "./check-against-catalog.js";
export type { CatalogCheckOptions } from "./check-against-catalog.js";
export { checkArtifactAgainstCatalog, overlayAtoms } from "./check-artifact.js";
