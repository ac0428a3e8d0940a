import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readInputText } from "../../../host/input-file.js";

/**
 * A file of the lower, or "" when it is missing or no regular file: a FIFO made by hand in
 * `gp bash` is not waited on, and an absolute link, which means a path of the host here, not
 * followed.
 */
function readOrEmpty(lower: string, path: string): string {
  const read = readInputText(join(lower, path), { within: lower });
  return read.ok ? read.text : "";
}

function listOrEmpty(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

/**
 * A digest of what is installed in a lower: the world file, the world sets and every vdb entry
 * with its merge counter. The lower phase's key covers what the blueprint declares; this covers
 * what `gp bash` may have changed by hand (an emerge, an unmerge, a rebuild of the same version,
 * which gets a new COUNTER), so the upper is rebuilt whenever the lower's packages differ from
 * the ones it was made from. It reads names and two small files per package, not the contents.
 */
export function installedPackagesDigest(lower: string): string {
  const hash = createHash("sha256");
  for (const file of ["var/lib/portage/world", "var/lib/portage/world_sets"]) hash.update(`${file}\0${readOrEmpty(lower, file)}\0`);
  const vdb = join(lower, "var/db/pkg");
  for (const category of listOrEmpty(vdb)) {
    for (const entry of listOrEmpty(join(vdb, category))) {
      if (entry.startsWith("-MERGING-")) continue;
      hash.update(`${category}/${entry}\0${readOrEmpty(lower, join("var/db/pkg", category, entry, "COUNTER")).trim()}\0`);
    }
  }
  return hash.digest("hex");
}
