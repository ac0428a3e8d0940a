/**
 * What is inside an image and why: the contents record the upper phase writes, and the views
 * `gp contents` prints from it.
 */
export { UpperObserver } from "./upper-observer.js";
export { writeContentsRecord, contentsRecord } from "./write-record.js";
export { readContentsRecord, checkContentsRecord, isImagePath } from "./read-record.js";
export { openContents, type ContentsRequest, type OpenedContents } from "./open-contents.js";
export { chainOf, describeRule, explainPackage, explainPath, formatChain, formatContents, groupPaths, matchPackages, normalisePath } from "./contents-view.js";
export type { ContentsPackage, ContentsPath, ContentsRecord, ContentsRule, RuleKind } from "./contents-record.js";
export { CONTENTS_FORMAT } from "./contents-record.js";
