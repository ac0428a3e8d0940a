import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readOverOpenNetwork } from "../../binhost/binhost-url.js";
import { binhostIndexProblem } from "../../binhost/index-reachable.js";
import { BINHOST_SECTION_PREFIX, BINREPOS_CONF_PATH, binreposConf } from "../../binhost/binrepos-conf.js";
import type { PhaseContext } from "../build-context.js";

/** The stage3's binrepos.conf, while gp's binhosts are the only ones emerge may use. */
const SET_ASIDE = "etc/portage/binrepos.conf.gp-set-aside";

/**
 * The binhosts of `--binhost` that serve an index, in the order given. Each one that does not is
 * reported as a warning and left out, so the build goes on with the others, or from source.
 */
export async function reachableBinhosts(context: PhaseContext): Promise<string[]> {
  const reachable: string[] = [];
  for (const url of context.options.binhosts ?? []) {
    if (readOverOpenNetwork(url)) {
      context.report.warn(`the binhost ${url} is read over plain http: its index is not signed, so anyone on the network between could serve packages and an index to match. Serve it over https unless the network is yours.`);
    }
    const problem = await binhostIndexProblem(url, context.signal);
    if (problem === undefined) reachable.push(url);
    else context.report.warn(`${problem}; packages it would have given are built from source.`);
  }
  return reachable;
}

function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/**
 * Makes `binhosts` the only binhosts emerge in the lower knows, or, with none, puts the lower back
 * as the stage3 made it. A stage3 names Gentoo's own binhost (catalyst's gentoobinhost.conf);
 * with FEATURES=getbinpkg emerge would take packages from it too, which genpack never does, so
 * the stage3's binrepos.conf is set aside while gp's is in place. The copies of the binhosts'
 * indexes Portage kept in /var/cache/binhost go too, so that a lower built with a binhost holds
 * what one built without it holds. A build killed in between is put right by the next.
 */
export function setBinhosts(lower: string, binhosts: readonly string[]): void {
  const conf = join(lower, dirname(BINREPOS_CONF_PATH));
  const aside = join(lower, SET_ASIDE);
  if (exists(aside)) {
    rmSync(conf, { recursive: true, force: true });
    renameSync(aside, conf);
  } else if (exists(join(lower, BINREPOS_CONF_PATH))) {
    // Nothing was set aside: the stage3 had no binrepos.conf, and gp made the directory.
    rmSync(conf, { recursive: true, force: true });
  }
  const indexes = join(lower, "var/cache/binhost");
  if (existsSync(indexes)) {
    for (const name of readdirSync(indexes)) if (name.startsWith(BINHOST_SECTION_PREFIX)) rmSync(join(indexes, name), { recursive: true, force: true });
  }
  if (binhosts.length === 0) return;
  if (exists(conf)) renameSync(conf, aside);
  mkdirSync(conf, { recursive: true });
  writeFileSync(join(lower, BINREPOS_CONF_PATH), binreposConf(binhosts), { mode: 0o644 });
}
