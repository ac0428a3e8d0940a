/** Who made an image, from what: the in-toto statement with SLSA provenance written beside it. */
export { artifactDigest, ARTIFACT_FILES, ARTIFACT_FOLDERS } from "./artifact-digest.js";
export { provenanceStatement, GP_BUILD_TYPE, GP_BUILDER_ID, PROVENANCE_TYPE, STATEMENT_TYPE, type ProvenanceFacts } from "./statement.js";

/** Where an image's provenance statement is: `<image without .squashfs>.intoto.json`. */
export function provenanceBesideImage(image: string): string {
  return `${image.replace(/\.squashfs$/, "")}.intoto.json`;
}
