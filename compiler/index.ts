/**
 * genpack-ts/compiler: the compile pipeline as a library, for tools and for profile authors'
 * tests. The CLI is a thin layer over these functions.
 */
export { check, compile, defaultImageName, defaultOutDir } from "./pipeline.js";
export type { CompileOptions, CompileResult } from "./pipeline.js";
export { typecheck } from "./typecheck.js";
export type { CheckerName, CheckerUsed, TypecheckOptions, TypecheckReport } from "./typecheck.js";
export { writeArtifact, MANIFEST_NAME } from "./write-artifact.js";
export type { WriteOptions, WriteResult } from "./write-artifact.js";
export type { Artifact, ArtifactEntry } from "./emit.js";
export { codes } from "../errors/codes.js";
export type { CodeEntry } from "../errors/codes.js";
export { formatValuePath, hasErrors, sortDiagnostics } from "../errors/diagnostics.js";
export type { Diagnostic, Location, Position, RelatedLocation, ValuePath } from "../errors/diagnostics.js";
export { diagnosticToJson, formatDiagnostics, summarize, type SourceCache } from "./format-diagnostics.js";
export type { FormatOptions } from "./format-diagnostics.js";

// What the gp command line uses besides the pipeline: artifact directories, explanations,
// the catalog, project set-up, and the small rules its messages share.
export { DEFAULT_LIMITS } from "./evaluate.js";
export type { EvaluateOptions } from "./evaluate.js";
export { cacheDirectory } from "./code-cache.js";
export { PACKAGE_ROOT } from "./package-root.js";
export { GP_VERSION, GP_ISSUES_URL } from "./gp-version.js";
export { closestName } from "../errors/closest-name.js";
export { checkArtifactDirectory } from "./artifact/check-artifact-directory.js";
export { isArtifactPath, type ArtifactSource } from "./artifact/read-artifact.js";
export { importToFile } from "./artifact/import-to-file.js";
export { resolutionToJson, resolveTarget, toJson } from "./artifact/resolve-target.js";
export type { GenpackResolution } from "../genpack/resolve.js";
export type { PlainValue } from "../genpack/json5/syntax.js";
export { explain, type ExplainedEntry, type ExplainedField } from "./explain.js";
export { fieldByGenpackKey, fields, type FieldName } from "./fields.js";
export { LayerLocator } from "./layers.js";
export { blocksOf } from "./merge-layers.js";
export { supportedArches } from "./rules/supported-arches.js";
export { imageMatrix, type ImageMatrix } from "./image-matrix.js";
export { hostArch } from "../genpack/arch.js";
export { SQUASHFS_COMPRESSIONS, type SquashfsCompression } from "../dsl/compression.js";
export { quote, quoteList } from "../errors/quote.js";
export { initProject } from "./init-project.js";
export { shellWord } from "./packages/render-ebuild.js";
export type { CatalogNames } from "./catalog-check/index.js";
export { baseSchemaDocument, readArtifactSchema, SCHEMA_ARTIFACT_NAME, type ArtifactSchemaResult } from "./system-ini/artifact-schema.js";
export { systemIniSchemaOf } from "./system-ini/schema-of.js";

/**
 * The catalog (gp catalog) and the check against one (gp check --catalog), loaded when a command
 * asks for them: a module the command line imports statically is read at every start of gp, and
 * these are some 60 kB that most commands never run.
 */
export const loadCatalog = () => import("./catalog/index.js");
export const loadCatalogCheck = () => import("./catalog-check/index.js");
