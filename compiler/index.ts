/**
 * genpack-ts/compiler: the compile pipeline as a library, for tools and for profile authors'
 * tests. The CLI is a thin layer over these functions.
 */
export { check, compile, defaultImageName, defaultOutDir } from "./pipeline.js";
export type { CompileOptions, CompileResult } from "./pipeline.js";
export { writeArtifact, MANIFEST_NAME } from "./write-artifact.js";
export type { WriteOptions, WriteResult } from "./write-artifact.js";
export type { Artifact, ArtifactEntry } from "./emit.js";
export { codes } from "../errors/codes.js";
export type { CodeEntry } from "../errors/codes.js";
export { formatValuePath, hasErrors, sortDiagnostics } from "../errors/diagnostics.js";
export type { Diagnostic, Location, Position, RelatedLocation, ValuePath } from "../errors/diagnostics.js";
export { diagnosticToJson, formatDiagnostics, summarize, type SourceCache } from "./format-diagnostics.js";
export type { FormatOptions } from "./format-diagnostics.js";
