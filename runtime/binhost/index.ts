/** Binary package hosts: the URLs `--binhost` takes, the binrepos.conf gp writes for them, and publishing to them. */
export { readBinhostUrl, readOverOpenNetwork } from "./binhost-url.js";
export { BINHOST_SECTION_PREFIX, BINREPOS_CONF_PATH, binreposConf } from "./binrepos-conf.js";
export { binhostIndexProblem } from "./index-reachable.js";
export type { BinhostDestination } from "./destination.js";
export { directoryDestination } from "./directory-destination.js";
export { readS3Location, s3Destination, type S3Location } from "./s3-destination.js";
export { mergeIndexes, type MergedIndex, type PathConflict } from "./merge-index.js";
export { packagesIndexText, parsePackagesIndex, type PackagesIndex } from "./packages-index.js";
export { publishPackages, type PublishRequest, type PublishResult } from "./publish.js";
