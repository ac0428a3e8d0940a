import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from "node:fs";
import { readInputFile } from "../../../host/input-file.js";
import { posix, resolve } from "node:path";

/**
 * Reads a root filesystem from the host as if chrooted into it: symlinks, absolute ones
 * included, resolve inside the root, so `/lib -> /usr/lib` in the image never reaches the host's
 * `/usr/lib`. Paths called "image paths" here are absolute paths inside the root.
 *
 * It remembers how it resolved each path, so it reads a root that does not change while it is
 * in use; make a new one after changing the root.
 */
export class RootFs {
  /** The host directory of the root, absolute, without a trailing slash ("" for the host's `/`). */
  readonly base: string;
  /** One symlink-resolution step per (resolved directory, name), shared by all lookups. */
  private readonly steps = new Map<string, string>();
  /**
   * The last step's lstat when it found no symlink: that is also what stat of the resolved path
   * finds, which halves the system calls of checking a file list.
   */
  private lastPlain: { readonly path: string; readonly stats: Stats | undefined } | undefined;

  constructor(root: string) {
    const absolute = resolve(root);
    this.base = absolute === "/" ? "" : absolute;
  }

  /** The host path of an image path, without resolving anything. */
  host(imagePath: string): string {
    return this.base + (imagePath.startsWith("/") ? imagePath : `/${imagePath}`);
  }

  /**
   * Resolves every symlink in an image path, as `realpath` would inside the root. Components
   * that do not exist are kept as written, as Python's `Path.resolve(strict=False)` does, and a
   * symlink loop is left unresolved.
   */
  realpath(imagePath: string): string {
    return this.walk(imagePath, "/", 0);
  }

  /** Resolves the parent directory of an image path and keeps its last component as written. */
  resolveParent(imagePath: string): string {
    const parent = posix.dirname(imagePath);
    const name = posix.basename(imagePath);
    const resolved = this.realpath(parent);
    return resolved === "/" ? `/${name}` : `${resolved}/${name}`;
  }

  /** `lstat` of the path with its parent resolved; undefined when it does not exist. */
  lstat(imagePath: string): Stats | undefined {
    return quietly(() => lstatSync(this.host(this.resolveParent(imagePath)), { throwIfNoEntry: false }));
  }

  /** `stat` following symlinks inside the root; undefined when it or a link target does not exist. */
  stat(imagePath: string): Stats | undefined {
    const resolved = this.realpath(imagePath);
    if (this.lastPlain?.path === resolved) return this.lastPlain.stats;
    return quietly(() => statSync(this.host(resolved), { throwIfNoEntry: false }));
  }

  isFile(imagePath: string): boolean {
    return this.stat(imagePath)?.isFile() ?? false;
  }

  isDirectory(imagePath: string): boolean {
    return this.stat(imagePath)?.isDirectory() ?? false;
  }

  /**
   * The file's text, undefined when it is missing or not a file; invalid UTF-8 becomes U+FFFD, as
   * Portage reads with errors="replace". A FIFO or device planted in the root is never opened
   * for waiting, and a path that leads out of the root is not read.
   */
  readText(imagePath: string): string | undefined {
    const read = readInputFile(this.host(this.realpath(imagePath)), this.base === "" ? {} : { within: this.base });
    return read.ok ? read.data.toString("utf8") : undefined;
  }

  /** The names in a directory, undefined when it is not one. */
  list(imagePath: string): string[] | undefined {
    return quietly(() => readdirSync(this.host(this.realpath(imagePath))));
  }

  private walk(path: string, from: string, depth: number): string {
    let current = path.startsWith("/") ? "/" : from;
    for (const component of path.split("/")) {
      if (component === "" || component === ".") continue;
      current = component === ".." ? posix.dirname(current) : this.step(current, component, depth);
    }
    return current;
  }

  private step(directory: string, name: string, depth: number): string {
    const path = directory === "/" ? `/${name}` : `${directory}/${name}`;
    const cached = this.steps.get(path);
    if (cached !== undefined) return cached;
    const host = this.host(path);
    let target: string | undefined;
    if (depth < MAX_SYMLINKS) {
      // lstat first: readlink on a plain file throws, and exceptions cost more than the call.
      const stats = quietly(() => lstatSync(host, { throwIfNoEntry: false }));
      if (stats?.isSymbolicLink() === true) target = quietly(() => readlinkSync(host));
      else this.lastPlain = { path, stats };
    }
    // A relative target resolves against the link's own (already resolved) directory.
    const resolved = target === undefined ? path : this.walk(target, directory, depth + 1);
    this.steps.set(path, resolved);
    return resolved;
  }
}

/** Code-point order, which Python's sorted() uses for file names. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Linux gives up after 40 links (ELOOP); so does this walk, leaving the rest unresolved. */
const MAX_SYMLINKS = 40;

/** Runs a file-system call, turning "not there" (and "not a symlink", "not a directory") into undefined. */
function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EINVAL" || code === "EISDIR" || code === "ELOOP" || code === "EACCES") return undefined;
    throw error;
  }
}
