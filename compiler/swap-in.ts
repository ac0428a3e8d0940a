import { renameSync } from "node:fs";
import { join } from "node:path";
import { entryExists } from "../host/entry-exists.js";


/**
 * Moves the entries `names` from `staging` into `directory` by rename, one after the other. What
 * an entry replaces (only with `replace`) is moved into `retired` first, on the same file
 * system, so nothing is copied; renames never follow links, so a link in the way is retired as
 * the link it is. When a rename
 * fails, every entry moved so far is put back, newest first, so `directory` holds what it held
 * before, and the failure is thrown again. After success the caller removes `retired`; after a
 * failure it removes `retired` only if it is empty, since what could not be put back is still
 * the user's.
 */
export function swapIn(directory: string, staging: string, names: readonly string[], retired: string, options: { readonly replace: boolean }): void {
  const moved: { name: string; hadOld: boolean; hasNew: boolean }[] = [];
  try {
    for (const name of names) {
      const current = join(directory, name);
      const step = { name, hadOld: false, hasNew: false };
      moved.push(step);
      if (entryExists(current)) {
        // Checked again here: something may have appeared since the caller looked.
        if (!options.replace) throw new Error(`${current} already exists`);
        renameSync(current, join(retired, name));
        step.hadOld = true;
      }
      renameSync(join(staging, name), current);
      step.hasNew = true;
    }
  } catch (problem) {
    for (const { name, hadOld, hasNew } of moved.reverse()) {
      try {
        if (hasNew) renameSync(join(directory, name), join(staging, name));
        if (hadOld) renameSync(join(retired, name), join(directory, name));
      } catch {
        // Best effort: what cannot be put back stays where the caller can name it.
      }
    }
    throw problem;
  }
}
