/**
 * `gp diff`: what changed between two images, from their SBOMs or from the images themselves.
 */
export { diffImages } from "./diff-images.js";
export type { DiffRequest, DiffResult, DiffSide } from "./diff-images.js";
export type { ImageDiff } from "./compare-images.js";
export { renderDiff } from "./render-diff.js";
