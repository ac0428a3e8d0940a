import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { isInside } from "./path-inside.js";

/**
 * Reading a file gp was given or found (a genpack.json5, a manifest, a lock, a blueprint, a
 * catalog, an INI file) when anything may stand at its path: a FIFO, whose opening for reading
 * waits for a writer forever; a directory; a device; a link that loops, leads into nothing or
 * out of the directory the file belongs to. Each is named as what it is, nothing waits, and a
 * link out of bounds is refused before anything behind it is opened.
 */

/** Why an input file cannot be used, for callers that react to a kind rather than print the reason. */
export type InputFileProblem =
  /** Nothing stands at the path, or a symbolic link there leads to nothing. */
  | "missing"
  /** A directory, FIFO, socket or device stands there. */
  | "not-a-file"
  /** A symbolic link on the way loops. */
  | "link-loop"
  /** The path leads out of the directory it must stay in. */
  | "link-escapes"
  /** The file is there but the system refuses to read it (permission, I/O error). */
  | "unreadable";

export interface InputFileFailure {
  readonly ok: false;
  readonly problem: InputFileProblem;
  /** What is wrong, as the rest of a sentence that starts with the file's name: "is a FIFO, not a file". */
  readonly reason: string;
}

export interface InputFileOptions {
  /** A directory the file must stay inside once links are followed; a path out of it is not opened. */
  readonly within?: string;
  /** How `within` is called in messages, such as "the artifact directory". @default the path itself */
  readonly withinName?: string;
}

/** What stands at a path, as messages name it: "a FIFO", "a directory". */
export function describeKind(stats: Stats): string {
  if (stats.isFile()) return "a file";
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isSocket()) return "a socket";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "something other than a file";
}

function failure(problem: InputFileProblem, reason: string): InputFileFailure {
  return { ok: false, problem, reason };
}

/** A failed system call as a reason; Node's message without the path it repeats. */
function fromError(error: unknown, viaLink: boolean): InputFileFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return failure("missing", viaLink ? "is a symbolic link to something that does not exist" : "does not exist");
  if (code === "ELOOP") return failure("link-loop", viaLink ? "is a symbolic link that loops" : "is reached through symbolic links that loop");
  const what = (error as Error).message.split(",")[0] ?? String(error);
  return failure("unreadable", `cannot be read (${what})`);
}

/**
 * Looks at what stands at `path` without opening it: a regular file (after links that stay
 * within bounds), or a failure that names what is there instead.
 */
export function inspectInputFile(path: string, options: InputFileOptions = {}): { readonly ok: true; readonly stats: Stats } | InputFileFailure {
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch (error) {
    return fromError(error, false);
  }
  const viaLink = own.isSymbolicLink();
  if (options.within !== undefined) {
    let real: string;
    let root: string;
    try {
      real = realpathSync(path);
      root = realpathSync(options.within);
    } catch (error) {
      return fromError(error, viaLink);
    }
    if (!isInside(real, root)) {
      const bounds = options.withinName ?? options.within;
      return failure("link-escapes", viaLink ? `is a symbolic link that leads out of ${bounds}` : `leads out of ${bounds} through a symbolic link`);
    }
  }
  let stats = own;
  if (viaLink) {
    try {
      stats = statSync(path);
    } catch (error) {
      return fromError(error, true);
    }
  }
  if (!stats.isFile()) return failure("not-a-file", viaLink ? `is a symbolic link to ${describeKind(stats)}, not to a file` : `is ${describeKind(stats)}, not a file`);
  return { ok: true, stats };
}

/**
 * Reads a whole input file, or says why it cannot be. The file is looked at first and opened
 * without blocking, so a FIFO or device put there, even between the look and the open, is
 * named and never waited on.
 */
export function readInputFile(path: string, options: InputFileOptions = {}): { readonly ok: true; readonly data: Buffer } | InputFileFailure {
  const inspected = inspectInputFile(path, options);
  if (!inspected.ok) return inspected;
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return fromError(error, false);
  }
  try {
    const opened = fstatSync(descriptor);
    if (!opened.isFile()) return failure("not-a-file", `is ${describeKind(opened)}, not a file`);
    return { ok: true, data: readFileSync(descriptor) };
  } catch (error) {
    return fromError(error, false);
  } finally {
    closeSync(descriptor);
  }
}

/** {@link readInputFile} as UTF-8 text, for files that are text by definition (locks, manifests, INI files). */
export function readInputText(path: string, options: InputFileOptions = {}): { readonly ok: true; readonly text: string } | InputFileFailure {
  const read = readInputFile(path, options);
  return read.ok ? { ok: true, text: read.data.toString("utf8") } : read;
}
