import { lstatSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { describeKind } from "../host/input-file.js";

/**
 * The files the bundler and TypeScript look for, on their own, in the folder of every module they
 * resolve and in each folder above it: `package.json` (`exports`, `main`, `type`) and
 * `tsconfig.json` or `jsconfig.json` (`paths`, compiler options).
 */
export const CONFIG_FILE_NAMES = ["package.json", "tsconfig.json", "jsconfig.json"] as const;

/** Something that, once opened, makes a reader wait (a FIFO, a socket) or read without end (a device). */
function streams(stats: Stats): boolean {
  return stats.isFIFO() || stats.isSocket() || stats.isCharacterDevice() || stats.isBlockDevice();
}

/**
 * What stands at the path of a config file, when it is something no reader should open: a FIFO,
 * socket or device, or a link to one (`tsconfig.json -> /dev/zero`, which a cloned repository can
 * hold). A regular file, a folder, a missing file or a broken link is left to the tools, which
 * report or skip them without waiting.
 */
function streamingProblem(path: string): Diagnostic | undefined {
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch {
    return undefined;
  }
  let target = own;
  if (own.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch {
      return undefined;
    }
  }
  if (!streams(target)) return undefined;
  const what = own.isSymbolicLink() ? `is a symbolic link to ${describeKind(target)}` : `is ${describeKind(target)}`;
  return error(codes.notAFile, `${basename(path)} ${what}, not a file: the bundler and TypeScript open it without looking, and would wait on it or read it without end.`, {
    location: { file: path },
    hint: "Remove it, or put a regular file there.",
  });
}

/**
 * Looks at the config files of folders before the tools that open them without looking do: a
 * blueprint's folder and those above it, and the folders its imports reach. Each folder is looked
 * at once; what was found stays known for every later module below it.
 */
export class ConfigFiles {
  /** For each folder looked at, the problems in it and in every folder above it. */
  readonly #fromFolder = new Map<string, readonly Diagnostic[]>();

  /** The problems of the config files in `directory` and in every folder above it. */
  problemsFrom(directory: string): readonly Diagnostic[] {
    const unseen: string[] = [];
    let above: readonly Diagnostic[] = [];
    for (let current = directory; ; ) {
      const known = this.#fromFolder.get(current);
      if (known !== undefined) {
        above = known;
        break;
      }
      unseen.push(current);
      const parent = dirname(current);
      // The root is its own parent.
      if (parent === current) break;
      current = parent;
    }
    for (const folder of unseen.reverse()) {
      const own = CONFIG_FILE_NAMES.flatMap((name) => streamingProblem(join(folder, name)) ?? []);
      if (own.length > 0) above = [...own, ...above];
      this.#fromFolder.set(folder, above);
    }
    return above;
  }
}

/** The problems of the config files that apply to a blueprint: in its folder and those above. */
export function blueprintConfigProblems(entry: string): Diagnostic[] {
  return [...new ConfigFiles().problemsFrom(dirname(entry))];
}
