/** Binary package hosts: the URLs `--binhost` takes and the binrepos.conf gp writes for them. */
export { readBinhostUrl } from "./binhost-url.js";
export { BINHOST_SECTION_PREFIX, BINREPOS_CONF_PATH, binreposConf } from "./binrepos-conf.js";
export { binhostIndexProblem } from "./index-reachable.js";
