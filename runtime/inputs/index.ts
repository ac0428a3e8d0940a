/**
 * Pinned, verified build inputs: the Gentoo stage3, the Portage snapshot and genpack-overlay,
 * resolved from "latest", checked against upstream digests and signatures, cached by content
 * and recorded in gp.lock. `gp build` calls {@link resolveInputs}; `gp lock` calls
 * {@link lockInputs}.
 */
export { resolveInputs, lockInputs } from "./resolve-inputs.js";
export type {
  InputName,
  InputOrigin,
  InputOverrides,
  InputProgress,
  InputSources,
  LockedInputs,
  LockInputsOptions,
  OverlayInput,
  PortageInput,
  ResolvedInputs,
  ResolveInputsOptions,
  Stage3Input,
} from "./resolve-inputs.js";

export { defaultLockPath, emptyLock, LOCK_FILE_NAME, parseLock, readLock, renderLock, writeLock } from "./lockfile.js";
export type { InputLock, OverlayLockEntry, PortageLockEntry, Stage3LockEntry, Stage3Verification, Verification } from "./lockfile.js";

export { describeRetry, download, parseContentRange } from "./download.js";
export type { Downloaded, DownloadOptions, DownloadTuning, ExpectedContent, RetryNotice } from "./download.js";
export { DownloadCache } from "./download-cache.js";
export type { PartialRecord, UrlRecord } from "./download-cache.js";

export {
  DEFAULT_GENTOO_MIRROR,
  DEFAULT_STAGE3_FLAVOUR,
  fetchLockedStage3,
  latestStage3Url,
  parseStage3Pointer,
  resolveStage3,
} from "./stage3.js";
export type { ResolvedStage3, Stage3Pointer } from "./stage3.js";
export { digestOf, parseGentooDigests } from "./gentoo-digests.js";
export type { GentooDigests } from "./gentoo-digests.js";

export {
  DEFAULT_PORTAGE_SNAPSHOT_URL,
  SNAPSHOT_SEARCH_DAYS,
  classifySnapshotUrl,
  datedSnapshotUrl,
  fetchLockedPortage,
  parseMd5sum,
  resolvePortageSnapshot,
  snapshotDateCandidates,
} from "./portage-snapshot.js";
export type { ResolvedPortage, SnapshotUrl } from "./portage-snapshot.js";

export {
  DEFAULT_OVERLAY_SOURCE,
  fetchLockedOverlay,
  overlayArchiveUrl,
  overlayCommitUrl,
  parseCommitSha,
  resolveGenpackOverlay,
  resolveOverlayArchive,
} from "./genpack-overlay.js";
export type { OverlaySource, ResolvedOverlay } from "./genpack-overlay.js";

export { OpenPgpVerifier, dearmorKeys, readClearSigned } from "./openpgp.js";
export type { ClearSignedText, GoodSignature } from "./openpgp.js";

export type { InputFetchContext } from "./fetch-context.js";
export { hashFile } from "./hash.js";
export type { DigestAlgorithm } from "./hash.js";

export {
  ChecksumMismatchError,
  DownloadAbortedError,
  DownloadError,
  InputError,
  LocalFileError,
  LockfileError,
  MalformedInputError,
  OfflineError,
  SignatureError,
  isInputError,
} from "./errors.js";
export type { InputErrorKind } from "./errors.js";
