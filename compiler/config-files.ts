import { lstatSync, statSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { codes } from "../errors/codes.js";
import { error, type Diagnostic } from "../errors/diagnostics.js";
import { parseJson5 } from "../genpack/json5/parse.js";
import { toPlain } from "../genpack/json5/syntax.js";
import { describeKind, readInputFile, readInputText } from "../host/input-file.js";
import { packageFoldersAbove } from "./package-folders.js";

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

/** What stands at the path of a config file: a regular file (links followed) the tools may read, or a problem. */
interface ConfigLook {
  readonly file: boolean;
  readonly problem?: Diagnostic;
}

const NOTHING: ConfigLook = { file: false };

/**
 * Looks at the path of a config file without opening it. A FIFO, socket or device, or a link to
 * one (`tsconfig.json -> /dev/zero`, which a cloned repository can hold), is a problem: no reader
 * should open it. A folder, a missing file or a broken link is left to the tools, which report or
 * skip them without waiting.
 */
function lookAt(path: string, extendedBy?: string): ConfigLook {
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch {
    return NOTHING;
  }
  let target = own;
  if (own.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch {
      return NOTHING;
    }
  }
  if (!streams(target)) return { file: target.isFile() };
  const what = own.isSymbolicLink() ? `is a symbolic link to ${describeKind(target)}` : `is ${describeKind(target)}`;
  const reached = extendedBy === undefined ? "" : `${basename(extendedBy)} extends it, so `;
  const problem = error(codes.notAFile, `${basename(path)} ${what}, not a file: ${reached}the bundler and TypeScript open it without looking and would wait on it or read it without end.`, {
    location: { file: path },
    hint: "Remove it, or put a regular file there.",
  });
  return { file: false, problem };
}

/** Whether a folder stands at a path, links followed; what cannot be looked at is none. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every relative path a package.json names for its modules (`exports`, `imports`, `main`, `module`, `browser`), where the bundler may go. */
function packageTargets(manifest: unknown): string[] {
  if (typeof manifest !== "object" || manifest === null) return [];
  const found: string[] = [];
  const pending: unknown[] = ["exports", "imports", "main", "module", "browser"].map((field) => (manifest as Record<string, unknown>)[field]);
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") found.push(value);
    // One by one: spreading a list of a hundred thousand into push() would overflow the stack.
    else if (typeof value === "object" && value !== null) for (const item of Array.isArray(value) ? value : Object.values(value)) pending.push(item);
  }
  return found;
}

/**
 * The folders an import may lead the bundler into, whose config files it reads while it
 * resolves the import: the target of a path and the folders above it; for a package, its folder
 * (and the subpath named) in the node_modules of every folder above the importer, and the
 * folders its package.json sends modules to. (A tsconfig's `paths` can lead further, to folders
 * only the bundler's resolution finds.)
 */
function foldersReached(specifier: string, resolveDir: string, manifests: Map<string, string[]>): string[] {
  if (specifier.startsWith("node:")) return [];
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    // A folder named as a module resolves through its package.json; a file's folder is enough.
    const target = resolve(resolveDir, specifier);
    return isFolder(target) ? [target] : [dirname(target)];
  }
  const parts = specifier.split("/");
  const scoped = specifier.startsWith("@") ? 2 : 1;
  const subpath = parts.slice(scoped);
  return packageFoldersAbove(resolveDir, join(...parts.slice(0, scoped))).flatMap((packageFolder) => [join(packageFolder, ...subpath), ...targetsOf(packageFolder, manifests)]);
}

/** The folders a package's package.json names, read once per package through gp's reader. */
function targetsOf(packageFolder: string, manifests: Map<string, string[]>): string[] {
  let targets = manifests.get(packageFolder);
  if (targets === undefined) {
    targets = [];
    const read = readInputFile(join(packageFolder, "package.json"));
    if (read.ok) {
      try {
        // A pattern's folder is the part before its `*`.
        targets = packageTargets(JSON.parse(read.data.toString("utf8"))).map((target) => dirname(resolve(packageFolder, target.split("*")[0] as string)));
      } catch {
        // The bundler reports a package.json it cannot parse.
      }
    }
    manifests.set(packageFolder, targets);
  }
  return targets;
}

/** The names a tsconfig.json's `extends` gives (one, or a list), read through gp's reader; none when it cannot be read or parsed, which the tools report. */
function extendedNames(config: string): string[] {
  const read = readInputText(config);
  if (!read.ok) return [];
  const parsed = parseJson5(read.text);
  if (!parsed.ok || parsed.document.root.kind !== "object") return [];
  // A key written twice counts with its last value, as in TypeScript's reading.
  const entry = parsed.document.root.entries.findLast((candidate) => candidate.key === "extends");
  const named = entry === undefined ? undefined : toPlain(entry.value);
  return (Array.isArray(named) ? named : [named]).filter((name): name is string => typeof name === "string");
}

/** Where a config that `extends` a name may be: a path beside the config, or a package's file in a node_modules above it. */
function extendedCandidates(config: string, name: string): string[] {
  const folder = dirname(config);
  const bases = name.startsWith(".") || isAbsolute(name) ? [resolve(folder, name)] : packageFoldersAbove(folder, name);
  return bases.flatMap((base) => [base, `${base}.json`, join(base, "tsconfig.json")]);
}

/**
 * Looks at the config files of folders before the tools that open them without looking do: a
 * blueprint's folder and those above it, and the folders its imports reach. Each folder is looked
 * at once; what was found stays known for every later module below it.
 */
export class ConfigFiles {
  /** For each folder looked at, the problems in it and in every folder above it. */
  readonly #fromFolder = new Map<string, readonly Diagnostic[]>();
  /** The configs whose `extends` chain was followed, each once, however many name it or loop. */
  readonly #followed = new Set<string>();
  /** The folders each package's package.json sends modules to, for each package folder read. */
  readonly #manifests = new Map<string, string[]>();

  /**
   * The problems along the chain a tsconfig.json or jsconfig.json `extends`: the tools read each
   * file it names, under any name (`"extends": "./base.json"`), so each candidate path is looked
   * at, and the chain followed through the regular files among them.
   */
  #extendsProblems(config: string): Diagnostic[] {
    const found: Diagnostic[] = [];
    const pending = [config];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      if (this.#followed.has(current)) continue;
      this.#followed.add(current);
      for (const name of extendedNames(current)) {
        for (const candidate of extendedCandidates(current, name)) {
          const look = lookAt(candidate, current);
          if (look.problem !== undefined) found.push(look.problem);
          else if (look.file) pending.push(candidate);
        }
      }
    }
    return found;
  }

  /**
   * The problems of the config files the bundler would read to resolve `specifier` from a module
   * in `resolveDir`: in that folder and those above it, and in the folders the import reaches.
   */
  problemsOfImport(specifier: string, resolveDir: string): readonly Diagnostic[] {
    return [resolveDir, ...foldersReached(specifier, resolveDir, this.#manifests)].flatMap((folder) => this.problemsFrom(folder));
  }

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
      const own = CONFIG_FILE_NAMES.flatMap((name) => {
        const path = join(folder, name);
        const look = lookAt(path);
        if (look.problem !== undefined) return [look.problem];
        return name !== "package.json" && look.file ? this.#extendsProblems(path) : [];
      });
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
