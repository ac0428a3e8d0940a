import { RootFs } from "./root-fs.js";
import type { RuntimeClosure } from "./runtime-closure.js";
import { readContents, type ContentsEntry } from "./vdb.js";

/**
 * The files genpack copies up from lower into the image (`genpack-copyup`): every file the
 * runtime closure's packages own that is still there, minus exclusions, plus a few top-level
 * directories no package owns.
 */

/** Path prefixes never copied up. `/usr/src/linux` has no slash so that `linux-6.1` matches too. */
export const ALWAYS_EXCLUDED_PREFIXES: readonly string[] = ["/run/", "/var/run/", "/var/lock/", "/var/cache/", "/usr/src/linux", "/usr/lib/dracut/", "/usr/lib/genpack/"];

/** Path prefixes copied up only in devel mode: documentation and headers. */
export const DEVEL_ONLY_PREFIXES: readonly string[] = ["/usr/share/man/", "/usr/share/doc/", "/usr/share/gtk-doc/", "/usr/share/info/", "/usr/include/"];

/** Patterns copied up only in devel mode: Python's own test suite and static libraries. */
export const DEVEL_ONLY_PATTERNS: readonly RegExp[] = [/^\/usr\/lib\/python[0-9.]+\/test\//, /\.a$/];

/**
 * Top-level paths added when they exist (a symlink counts): stage3 creates them, but no package
 * owns them. `/dev` is not among them; device nodes are copied from outside the container.
 */
export const EXTRA_TOPLEVEL_PATHS: readonly string[] = ["/bin", "/sbin", "/lib", "/lib64", "/usr/sbin", "/run", "/proc", "/sys", "/root", "/home", "/tmp", "/mnt"];

/**
 * Whether genpack leaves a path out of the image. `/usr/lib/debug` and `/usr/src/debug` are not
 * excluded, which is what makes splitdebug and installsources builds work.
 *
 * @param path a normalised image path
 * @param devel whether the root is in devel mode
 */
export function isExcludedPath(path: string, devel: boolean): boolean {
  if (ALWAYS_EXCLUDED_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
  if (devel) return false;
  return DEVEL_ONLY_PREFIXES.some((prefix) => path.startsWith(prefix)) || DEVEL_ONLY_PATTERNS.some((pattern) => pattern.test(path));
}

/**
 * The path a CONTENTS entry stands for in the root now, or undefined when it is gone or has
 * changed kind: an `obj` must exist (following symlinks), a `sym` must be a symlink, a `dir` a
 * directory. The parent is resolved through symlinks inside the root and the name kept, so
 * `/bin/ls` on a merged-usr system is `/usr/bin/ls`. `fif` and `dev` entries are never taken.
 */
export function presentPath(fs: RootFs, entry: ContentsEntry): string | undefined {
  const path = fs.resolveParent(entry.path);
  return isPresent(fs, entry.type, path) ? path : undefined;
}

function isPresent(fs: RootFs, type: ContentsEntry["type"], path: string): boolean {
  switch (type) {
    case "obj":
      return fs.stat(path) !== undefined;
    case "sym":
      return fs.lstat(path)?.isSymbolicLink() === true;
    case "dir":
      return fs.isDirectory(path);
    default:
      return false;
  }
}

export interface CopyUpList {
  readonly devel: boolean;
  /**
   * Image paths to copy up, each once: the closure's files in closure order and CONTENTS order,
   * then the extra top-level paths not already listed.
   */
  readonly paths: readonly string[];
  /** The package (cpv) each path was taken for: the first in closure order whose CONTENTS lists it. Extra top-level paths have none. */
  readonly owners: ReadonlyMap<string, string>;
}

/**
 * Lists the files to copy up for a closure.
 *
 * @param root the root filesystem, as a host path
 * @param closure the runtime closure of the same root; its `devel` decides the exclusions
 */
export function collectCopyUpList(root: string | RootFs, closure: RuntimeClosure): CopyUpList {
  const fs = typeof root === "string" ? new RootFs(root) : root;
  const paths = new Set<string>();
  const owners = new Map<string, string>();
  for (const pkg of closure.packages) {
    for (const entry of readContents(fs, pkg.cpv)) {
      const path = fs.resolveParent(entry.path);
      // Directories are owned by many packages; one look at each path is enough.
      if (paths.has(path) || isExcludedPath(path, closure.devel)) continue;
      if (isPresent(fs, entry.type, path)) {
        paths.add(path);
        owners.set(path, pkg.cpv);
      }
    }
  }
  for (const path of EXTRA_TOPLEVEL_PATHS) {
    if (fs.lstat(path) !== undefined) paths.add(path);
  }
  return { devel: closure.devel, paths: [...paths], owners };
}
