import { isUtf8 } from "node:buffer";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import type { API, Diagnostic as NativeDiagnostic } from "typescript-native/unstable/async";
import { fileURLToPath } from "node:url";
import { codes } from "../errors/codes.js";
import { runBuiltScript } from "./code-cache.js";
import { readInputFile, readInputText } from "../host/input-file.js";
import { positionAt } from "../portage/repository/line-problem.js";
import { error, type Diagnostic, type Location, type RelatedLocation } from "../errors/diagnostics.js";
import { lentPaths } from "./lend-packages.js";
import { scriptLineStarts } from "./script-lines.js";
import type { ModuleBounds } from "./module-bounds.js";
import { sourceNestingProblem, tooFewBracketsToNest } from "./source-nesting.js";
import { DEFAULT_TSCONFIG_OPTIONS, outOfStack, readableWithin, refusedImports, type CheckGroup } from "./typecheck.js";

/** The package of TypeScript's native compiler, installed under this alias beside TypeScript 6. */
const NATIVE_PACKAGE = "typescript-native";

/** DiagnosticCategory.Error, the same number in both compilers. */
const ERROR_CATEGORY = 1;

/**
 * The checker's diagnostics for each group, in the order of the groups given, and gp's own about
 * the files its callbacks refused or stood empty (GP1011, GP1014), which belong to no group
 * alone: the compiler reads the files of every project at once. Or why it cannot run.
 */
export type NativeOutcome =
  | { readonly ok: true; readonly byGroup: Diagnostic[][]; readonly unread: Diagnostic[]; readonly version: string }
  | { readonly ok: false; readonly reason: string };

/** Lines and columns from 1, of UTF-16 offsets, as TypeScript counts them. */
class PositionMap {
  readonly #starts = new Map<string, number[]>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  position(file: string, offset: number): { line: number; column: number } {
    let starts = this.#starts.get(file);
    if (starts === undefined) {
      starts = scriptLineStarts(this.textOf(file) ?? "");
      this.#starts.set(file, starts);
    }
    return positionAt(starts, offset);
  }
}

/** A message and the chain below it, as TypeScript 6's flattenDiagnosticMessageText writes them: each level on a line of its own, two spaces deeper. */
function flatten(diagnostic: NativeDiagnostic, indent = 0): string {
  let result = indent === 0 ? "" : `\n${"  ".repeat(indent)}`;
  result += diagnostic.text;
  for (const next of diagnostic.messageChain ?? []) result += flatten(next, indent + 1);
  return result;
}

/** TypeScript's order of diagnostics: by file, start, length, code, then message. */
function compareNative(a: NativeDiagnostic, b: NativeDiagnostic): number {
  const fileA = a.fileName ?? "";
  const fileB = b.fileName ?? "";
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  if (a.pos !== b.pos) return a.pos - b.pos;
  if (a.end - a.pos !== b.end - b.pos) return a.end - a.pos - (b.end - b.pos);
  if (a.code !== b.code) return a.code - b.code;
  const textA = flatten(a);
  const textB = flatten(b);
  return textA === textB ? 0 : textA < textB ? -1 : 1;
}

/** TypeScript's sortAndDeduplicateDiagnostics: sorted, and each diagnostic once. */
function sortAndDeduplicate(diagnostics: readonly NativeDiagnostic[]): NativeDiagnostic[] {
  const sorted = [...diagnostics].sort(compareNative);
  return sorted.filter((diagnostic, index) => index === 0 || compareNative(sorted[index - 1] as NativeDiagnostic, diagnostic) !== 0);
}

/** Whether bytes begin with UTF-8's byte-order mark, which the compiler would read differently from gp. */
function hasByteOrderMark(data: Buffer): boolean {
  return data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
}

function isVirtual(file: string): boolean {
  return !isAbsolute(file);
}

type NativeApi = typeof import("typescript-native/unstable/async");

/**
 * The API as gp's build makes it: its forty modules as one CommonJS script beside gp's chunks
 * (scripts/bundle-cli.mjs), which loads in a fraction of their time, and whose compiled code
 * Node 20 can keep between runs too (see code-cache.ts). Run from gp's TypeScript sources, the
 * API is imported from its package.
 */
const BUILT_API = new URL("./native-api.cjs", import.meta.url);

let loading: Promise<{ readonly api: NativeApi; readonly keep: () => void }> | undefined;

async function loadApiOnce(): Promise<{ readonly api: NativeApi; readonly keep: () => void }> {
  const built = fileURLToPath(BUILT_API);
  if (!existsSync(built)) return { api: await import("typescript-native/unstable/async"), keep: () => undefined };
  const script = runBuiltScript(built);
  return { api: script.exports as NativeApi, keep: () => script.keep() };
}

/** The JavaScript API of TypeScript's native compiler, loaded once. */
export async function loadNativeApi(): Promise<NativeApi> {
  loading ??= loadApiOnce();
  return (await loading).api;
}

/** Keeps the compiled code of the API (see code-cache.ts) once a check has used it. */
async function keepNativeApiCode(): Promise<void> {
  if (loading !== undefined) (await loading).keep();
}

/**
 * Type-checks with TypeScript's native compiler (version 7, a Go program) through its API: one
 * compiler process, which works while gp goes on (bundling and running the blueprint), and one
 * project per group, opened in one snapshot so several blueprints share one run. Each group's
 * project is a tsconfig.json gp serves from memory (extending the user's, or with gp's
 * defaults) naming exactly the blueprints and the declaration files tsc would include. Files reach the compiler through gp's callbacks, which
 * keep to the blueprints' bounds and stand a file that nests too deep as an empty one, as the
 * TypeScript 6 checker's compiler host does. Says why it cannot run when it cannot.
 */
export async function nativeTypecheck(groups: readonly CheckGroup[], bounds: ModuleBounds): Promise<NativeOutcome> {
  let native: NativeApi;
  let version: string;
  try {
    native = await loadNativeApi();
    version = (createRequire(import.meta.url)(`${NATIVE_PACKAGE}/package.json`) as { version: string }).version;
  } catch (failure) {
    return { ok: false, reason: `${NATIVE_PACKAGE} is not installed (${(failure as Error).message.split("\n")[0]})` };
  }
  // The compiler itself is in a package of its own per platform, which npm installs as an
  // optional dependency: where it left it out, say so rather than how the spawn failed.
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  let libraryDirectory: string;
  try {
    const nativeRequire = createRequire(createRequire(import.meta.url).resolve(`${NATIVE_PACKAGE}/package.json`));
    libraryDirectory = join(dirname(nativeRequire.resolve(`${platformPackage}/package.json`)), "lib");
  } catch {
    return { ok: false, reason: `its binary for this machine is not installed (${platformPackage}, an optional dependency, which npm leaves out with --omit=optional and where it has none for ${process.platform}-${process.arch})` };
  }
  const executable = join(libraryDirectory, process.platform === "win32" ? "tsc.exe" : "tsc");
  // The compiler's own declaration files (lib.es2023.d.ts and the rest) it reads itself: half a
  // megabyte that would otherwise cross the pipe twice.
  const ownFile = (file: string) => file.startsWith(libraryDirectory + sep);

  const served = new Map<string, string>();
  const texts = new Map<string, string>();
  const refused = new Map<string, string>();
  const tooDeep: Diagnostic[] = [];
  const allowed = readableWithin(bounds, refused);
  const fs = {
    fileExists: (file: string): boolean | undefined => {
      if (served.has(file)) return true;
      if (isVirtual(file) || ownFile(file) || !existsSync(file)) return undefined;
      return allowed(file) ? undefined : false;
    },
    readFile: (file: string): string | null | undefined => {
      const virtualConfig = served.get(file);
      if (virtualConfig !== undefined) return virtualConfig;
      // The compiler's own library files are in its binary or beside it.
      if (isVirtual(file) || ownFile(file)) return undefined;
      if (!existsSync(file)) return undefined;
      if (!allowed(file)) return null;
      // Through gp's reader of input files: a FIFO, socket or device there is refused unread.
      const read = readInputFile(file);
      if (!read.ok) return null;
      // A file gp admits as it is the compiler reads itself, rather than through the pipe (a
      // catalog's declarations are megabytes): plain UTF-8 without a byte-order mark, which the
      // compiler reads as gp does. Most are told from their bytes alone, with too few brackets
      // to nest too deep.
      const plain = isUtf8(read.data) && !hasByteOrderMark(read.data);
      if (plain && tooFewBracketsToNest(read.data)) return undefined;
      const text = read.data.toString("utf8");
      const problem = sourceNestingProblem(resolve(file), text);
      if (problem !== undefined) tooDeep.push(problem);
      const stands = problem === undefined ? text : "";
      texts.set(resolve(file), stands);
      // One that stands empty, or whose bytes are not plain UTF-8 (a byte-order mark, bytes that
      // do not decode), the compiler gets as gp read it.
      if (problem === undefined && plain) return undefined;
      return stands;
    },
  };

  let api: API;
  try {
    api = new native.API({ cwd: process.cwd(), fs, tsserverPath: executable });
  } catch (failure) {
    return { ok: false, reason: (failure as Error).message.split("\n")[0] ?? String(failure) };
  }
  try {
    // One request at a time until the API has started its compiler: requests made at once before
    // that each start a compiler process of their own, and all but the last would outlive gp.
    const configs: ProjectConfig[] = [];
    for (const [index, group] of groups.entries()) configs.push(await projectConfig(group, index, api));
    for (const config of configs) served.set(config.path, config.text);
    const snapshot = await api.updateSnapshot({ openProjects: configs.map((config) => config.path) });
    const textOf = (file: string) => {
      const read = texts.has(file) ? undefined : readInputText(file);
      return read === undefined ? texts.get(file) : read.ok ? read.text : undefined;
    };
    const positions = new PositionMap(textOf);
    const byGroup: Diagnostic[][] = [];
    for (const [index, config] of configs.entries()) {
      const group = groups[index] as CheckGroup;
      const project = snapshot.getProject(config.path);
      if (project === undefined) throw new Error(`the compiler opened no project for ${config.path}`);
      const program = project.program;
      const found = sortAndDeduplicate(
        (
          await Promise.all([
            program.getConfigFileParsingDiagnostics(),
            program.getProgramDiagnostics(),
            program.getSyntacticDiagnostics(),
            program.getGlobalDiagnostics(),
            program.getSemanticDiagnostics(),
          ])
        ).flat(),
      );
      const converted = found.map((diagnostic) => convert(diagnostic, positions, group));
      // Types of a file that stands empty would only add errors that follow from it.
      byGroup.push(tooDeep.length === 0 ? converted : converted.filter((diagnostic) => diagnostic.code === codes.tsconfigInvalid.code));
    }
    return { ok: true, byGroup, unread: [...tooDeep, ...refusedImports(refused, bounds)], version };
  } catch (failure) {
    if (failure instanceof RangeError) return { ok: true, byGroup: groups.map((group) => [outOfStack(group.entries[0] as string)]), unread: [], version };
    return { ok: false, reason: `the native compiler failed: ${(failure as Error).message.split("\n")[0]}` };
  } finally {
    // Closes the compiler's input, on which it exits at once.
    await api.close();
    await keepNativeApiCode();
  }
}

interface ProjectConfig {
  /** Where the compiler believes the file is: beside the user's tsconfig.json or the blueprints, so that relative paths and type roots resolve as there. */
  readonly path: string;
  readonly text: string;
}

/**
 * The tsconfig.json gp serves for a group: the user's extended, or gp's defaults; its own
 * `files` (the declaration files the user's includes, a catalog beside, the blueprints) and no
 * `include`; `noEmit`; and the `paths` that lend gp's own genpack-ts and profiles where the
 * project has none installed.
 */
async function projectConfig(group: CheckGroup, index: number, api: API): Promise<ProjectConfig> {
  const first = group.entries[0] as string;
  const directory = group.tsconfig === undefined ? dirname(first) : dirname(group.tsconfig);
  const path = join(directory, `.gp-typecheck-${process.pid}-${index}.tsconfig.json`);
  const declarations: string[] = group.catalog === undefined ? [] : [group.catalog];
  let userPaths: Record<string, unknown> = {};
  if (group.tsconfig !== undefined) {
    const parsed = await api.parseConfigFile(group.tsconfig);
    for (const file of parsed.fileNames) if (file.endsWith(".d.ts")) declarations.push(file);
    const paths = parsed.options["paths"];
    if (typeof paths === "object" && paths !== null) userPaths = paths as Record<string, unknown>;
  }
  const lent = lentPaths(dirname(first));
  const paths = Object.keys(lent).length === 0 ? undefined : { ...lent, ...userPaths };
  const compilerOptions = {
    ...(group.tsconfig === undefined ? DEFAULT_TSCONFIG_OPTIONS : {}),
    noEmit: true,
    ...(paths === undefined ? {} : { paths }),
  };
  const config = {
    ...(group.tsconfig === undefined ? {} : { extends: `./${basename(group.tsconfig)}` }),
    compilerOptions,
    files: [...declarations, ...group.entries],
    include: [],
  };
  return { path, text: JSON.stringify(config) };
}

function locationOf(diagnostic: NativeDiagnostic, positions: PositionMap): Location | undefined {
  if (diagnostic.fileName === undefined) return undefined;
  const file = resolve(diagnostic.fileName);
  return { file, start: positions.position(file, diagnostic.pos), end: positions.position(file, diagnostic.end) };
}

/** A native diagnostic as gp reports it: a `TS` code, or GP1005 for one in a tsconfig.json. */
function convert(diagnostic: NativeDiagnostic, positions: PositionMap, group: CheckGroup): Diagnostic {
  const location = locationOf(diagnostic, positions);
  const related: RelatedLocation[] = [];
  for (const info of diagnostic.relatedInformation ?? []) {
    const relatedLocation = locationOf(info, positions);
    if (relatedLocation !== undefined) related.push({ message: flatten(info), ...relatedLocation });
  }
  const message = flatten(diagnostic);
  if (group.tsconfig !== undefined && location !== undefined && location.file.endsWith(".json")) {
    return error(codes.tsconfigInvalid, message, { location });
  }
  return {
    code: `TS${diagnostic.code}`,
    severity: diagnostic.category === ERROR_CATEGORY ? "error" : "warning",
    message,
    ...(location === undefined ? {} : { location }),
    ...(related.length === 0 ? {} : { related }),
  };
}
