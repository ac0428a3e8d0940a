import { lstatSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";

/** Whether `child` is `parent` or below it, comparing the paths as written (absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  const rest = relative(parent, child);
  return rest === "" || (rest !== ".." && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
}

/**
 * Where a path leads once every link is followed, also for a path that does not exist yet: the
 * real path of its nearest existing ancestor with the rest appended, which is where creating it
 * would put it. Undefined when an ancestor cannot be resolved (a link loop, no permission).
 */
export function realLocation(path: string): string | undefined {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (problem) {
      const code = (problem as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" || dirname(current) === current) return undefined;
      missing.push(basename(current));
      current = dirname(current);
    }
  }
}

/**
 * The first symbolic link on the way to `path` that leads out of the folder holding it, or
 * undefined when there is none. Links the working directory `cwd` is itself reached through
 * (a home directory on another disk) are the user's own and are not counted; any other link on
 * the way, such as one a project ships, must stay inside its folder. An unresolvable link (a
 * loop, or one into nothing) counts as leading out.
 */
export function outwardLink(path: string, cwd: string): string | undefined {
  const parts = path.split(sep).filter((part) => part !== "");
  let current = isAbsolute(path) ? sep : "";
  for (const part of parts) {
    const parent = current;
    current = join(current, part);
    if (isInside(cwd, current)) continue;
    let link = false;
    try {
      link = lstatSync(current).isSymbolicLink();
    } catch {
      return undefined;
    }
    if (!link) continue;
    try {
      if (!isInside(realpathSync(current), realpathSync(parent === "" ? "." : parent))) return current;
    } catch {
      return current;
    }
  }
  return undefined;
}
