import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { binhostIndexProblem } from "../../binhost/index-reachable.js";
import { BINHOST_SECTION_PREFIX, BINREPOS_CONF_PATH, binreposConf } from "../../binhost/binrepos-conf.js";
import type { PhaseContext } from "../build-context.js";

/**
 * The binhosts of `--binhost` that serve an index, in the order given. Each one that does not is
 * reported as a warning and left out, so the build goes on with the others, or from source.
 */
export async function reachableBinhosts(context: PhaseContext): Promise<string[]> {
  const reachable: string[] = [];
  for (const url of context.options.binhosts ?? []) {
    const problem = await binhostIndexProblem(url, context.signal);
    if (problem === undefined) reachable.push(url);
    else context.report.warn(`${problem}; packages it would have given are built from source.`);
  }
  return reachable;
}

/**
 * Older stage3s have /etc/portage/binrepos.conf as one file; Portage reads a directory of files
 * the same way, so the file moves into the directory unchanged, beside gp's.
 */
function asDirectory(directory: string): void {
  if (lstatSync(directory, { throwIfNoEntry: false })?.isFile() === true) {
    const content = readFileSync(directory);
    rmSync(directory);
    mkdirSync(directory);
    writeFileSync(join(directory, "stage3.conf"), content, { mode: 0o644 });
  }
  mkdirSync(directory, { recursive: true });
}

/**
 * Writes gp's binrepos.conf file into the lower for `binhosts`, or, with none, removes it and the
 * copies of their indexes Portage kept in /var/cache/binhost, so that a lower built with a binhost
 * holds what one built without it holds.
 */
export function setBinhosts(lower: string, binhosts: readonly string[]): void {
  const file = join(lower, BINREPOS_CONF_PATH);
  if (binhosts.length > 0) {
    asDirectory(dirname(file));
    rmSync(file, { recursive: true, force: true });
    writeFileSync(file, binreposConf(binhosts), { mode: 0o644 });
    return;
  }
  rmSync(file, { recursive: true, force: true });
  const indexes = join(lower, "var/cache/binhost");
  let names: string[];
  try {
    names = readdirSync(indexes);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(BINHOST_SECTION_PREFIX)) rmSync(join(indexes, name), { recursive: true, force: true });
}
