import { compareNames, RootFs } from "./root-fs.js";
import type { RuntimeClosure } from "./runtime-closure.js";

/** Where packages install the scripts genpack runs in the upper phase, one directory per `category/name`. */
export const PACKAGE_SCRIPTS_PATH = "/usr/lib/genpack/package-scripts";

export interface PackageScript {
  /** The cpv of the closure package the script belongs to. */
  readonly cpv: string;
  /** Image path of the script, as genpack runs it (symlinks not resolved). */
  readonly path: string;
}

/**
 * The package scripts in the order genpack runs them: per closure package in closure order,
 * the entries of `/usr/lib/genpack/package-scripts/<category>/<name>/` in name order (code
 * points, as Python's sorted()), hidden names skipped as glob's `*` skips them. Only executable
 * regular files count; the container runs as root, for whom any execute bit will do.
 *
 * @param root the root filesystem, as a host path
 */
export function listPackageScripts(root: string | RootFs, closure: RuntimeClosure): PackageScript[] {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const scripts: PackageScript[] = [];
  for (const pkg of closure.packages) {
    const directory = `${PACKAGE_SCRIPTS_PATH}/${pkg.category}/${pkg.name}`;
    const names = (fs.list(directory) ?? []).filter((name) => !name.startsWith(".")).sort(compareNames);
    for (const name of names) {
      const path = `${directory}/${name}`;
      const stats = fs.stat(path);
      if (stats?.isFile() === true && (stats.mode & 0o111) !== 0) scripts.push({ cpv: pkg.cpv, path });
    }
  }
  return scripts;
}
