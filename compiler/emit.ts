import { lstatSync, readdirSync, readlinkSync, realpathSync, type Dirent, type Stats } from "node:fs";
import { dirname, resolve } from "node:path";
import { codes, type CodeEntry } from "../errors/codes.js";
import { error, hasErrors, warning, type Diagnostic, type Location } from "../errors/diagnostics.js";
import { describeKind, readInputFile } from "../host/input-file.js";
import { printJson5 } from "./json5-printer.js";
import { siteOf, type LayerLocator } from "./layers.js";
import type { FileRequest, LoweredArtifact } from "./lower.js";
import type { Sourced } from "./merge-layers.js";
import { isInside } from "../host/path-inside.js";
import { buildScriptProblem } from "./validate/checks.js";
import { quote } from "../errors/quote.js";

/** One entry of the artifact directory. Modes are permission bits only. */
export type ArtifactEntry =
  | { readonly kind: "file"; readonly data: Uint8Array; readonly mode: number }
  | { readonly kind: "symlink"; readonly target: string }
  | { readonly kind: "directory"; readonly mode: number };

/** The artifact directory in memory: relative paths (with `/`) to entries, sorted by path. */
export type Artifact = ReadonlyMap<string, ArtifactEntry>;

/** The top-level names gp may write in an artifact directory, and so may replace. */
export const ARTIFACT_TOP_LEVEL = ["genpack.json5", "system-ini.json", "files", "kernel", "env", "savedconfig", "patches", "overlay"] as const;

/** The top-level names gp writes as files; the others are directories. */
export const ARTIFACT_TOP_LEVEL_FILES: readonly string[] = ["genpack.json5", "system-ini.json"];

const DEFAULT_FILE_MODE = 0o644;
const EXECUTABLE_MODE = 0o755;
const DIRECTORY_MODE = 0o755;

/**
 * The mode of a copied file, reduced to what git records (executable or not), so an artifact does
 * not depend on the umask of the checkout it was compiled from. Other modes are given explicitly
 * with `file(path, { mode })` or `text(content, { mode })`.
 */
function normalisedMode(sourceMode: number): number {
  return (sourceMode & 0o111) !== 0 ? EXECUTABLE_MODE : DEFAULT_FILE_MODE;
}

interface Written {
  readonly entry: ArtifactEntry;
  readonly request: FileRequest;
}

interface EmitContext {
  readonly locator: LayerLocator;
  readonly written: Map<string, Written>;
  readonly diagnostics: Diagnostic[];
  /** The files and directories `file()` and `directory()` named, resolved. */
  readonly sources: Set<string>;
}

/** Where a source value was written: its own `file()`/`directory()` call, or its key in the spec. */
export function locationOf(source: Sourced, context: Pick<EmitContext, "locator">): Location {
  return context.locator.locateValue(source.value) ?? context.locator.locate(source.origin.layer, source.origin.path);
}

function report(context: EmitContext, entry: CodeEntry, source: Sourced, message: string, hint?: string, severity: "error" | "warning" = "error"): void {
  const make = severity === "error" ? error : warning;
  context.diagnostics.push(make(entry, message, { location: locationOf(source, context), ...(hint === undefined ? {} : { hint }) }));
}

/** Reads a file of the user's, reporting instead of throwing when it cannot be read. */
function readSource<T>(context: EmitContext, source: Sourced, path: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (failure) {
    report(context, codes.fileNotFound, source, `${path} cannot be read: ${(failure as Error).message}.`);
    return undefined;
  }
}

/** Reads a regular file of the user's without waiting on one that turned into a FIFO or device meanwhile. */
function readSourceFile(context: EmitContext, source: Sourced, path: string): Buffer | undefined {
  const read = readInputFile(path);
  if (read.ok) return read.data;
  report(context, codes.fileNotFound, source, `${path} ${read.reason}.`);
  return undefined;
}

/**
 * Puts one entry into the artifact. When two requests give the same path, a later layer wins (a
 * blueprint replacing a profile's file); within one layer the more specific request wins (a file
 * named on its own over the same file in a directory tree copied to a parent). Two equally
 * specific requests, or a file where a directory is, are reported. Directories merge.
 */
function put(context: EmitContext, path: string, entry: ArtifactEntry, request: FileRequest): void {
  const existing = context.written.get(path);
  if (existing !== undefined) {
    if (existing.entry.kind === "directory" && entry.kind === "directory") return;
    const layerOrder = request.source.origin.layerIndex - existing.request.source.origin.layerIndex;
    const specificity = request.path.split("/").length - existing.request.path.split("/").length;
    const kindsDiffer = (existing.entry.kind === "directory") !== (entry.kind === "directory");
    if (kindsDiffer || (layerOrder === 0 && specificity === 0)) {
      const where = describePath(path);
      const what = kindsDiffer ? `${where} would be both a directory and a file` : `Two sources write ${where}`;
      context.diagnostics.push(
        error(codes.pathCollision, `${what}.`, {
          location: locationOf(request.source, context),
          related: [{ message: "The other source is here.", ...locationOf(existing.request.source, context) }],
        }),
      );
      return;
    }
    if (layerOrder < 0 || (layerOrder === 0 && specificity < 0)) return;
  }
  context.written.set(path, { entry, request });
}

/** An artifact path in the user's terms: a path in the image for files/, else the artifact path. */
function describePath(path: string): string {
  if (path === "files") return '"/" in the image';
  return path.startsWith("files/") ? `"${path.slice("files".length)}" in the image` : `${path} in the artifact`;
}

function belowMessage(path: string, ancestor: string): string {
  if (path.startsWith("files/") && ancestor.startsWith("files/")) {
    return `"${path.slice("files".length)}" is below "${ancestor.slice("files".length)}" in the image`;
  }
  return `${path} is below ${ancestor} in the artifact`;
}

/** Resolves a path written in a module relative to that module's folder, which it may not leave. */
function resolveSource(source: Sourced, context: EmitContext): { path: string; stats: Stats } | undefined {
  const value = source.value as { path: string };
  const site = siteOf(source.value);
  const base = dirname(site?.file ?? source.origin.layer.site?.file ?? context.locator.entry);
  const path = resolve(base, value.path);
  if (!isInside(path, base)) {
    report(context, codes.pathEscapes, source, `${quote(value.path)} points outside ${base}, the folder of the module that names it.`, "Keep the files an image uses beside its module, or in a folder below it.");
    return undefined;
  }
  try {
    lstatSync(path);
  } catch (failure) {
    const loops = (failure as NodeJS.ErrnoException).code === "ELOOP";
    report(context, codes.fileNotFound, source, loops ? `${quote(value.path)} is reached through symbolic links that loop.` : `${quote(value.path)} does not exist (looked for ${path}).`);
    return undefined;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch (failure) {
    const loops = (failure as NodeJS.ErrnoException).code === "ELOOP";
    report(context, codes.fileNotFound, source, loops ? `${quote(value.path)} is a symbolic link that loops.` : `${quote(value.path)} is a symbolic link to something that does not exist.`);
    return undefined;
  }
  if (!isInside(real, realpathSync(base))) {
    report(context, codes.pathEscapes, source, `${quote(value.path)} is a symbolic link that leads outside ${base}.`);
    return undefined;
  }
  // A link that stays inside the folder stands for what it points to.
  const stats = lstatSync(real);
  context.sources.add(path);
  return { path, stats };
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function readTree(root: string, into: string, request: FileRequest, context: EmitContext): void {
  put(context, into, { kind: "directory", mode: DIRECTORY_MODE }, request);
  const children = readSource(context, request.source, root, () => readdirSync(root, { withFileTypes: true }).sort(byName)) ?? [];
  for (const child of children) {
    const from = `${root}/${child.name}`;
    const to = `${into}/${child.name}`;
    if (to === "files/build" || to === "files/build.d") {
      report(context, codes.reservedImagePath, request.source, `${from} lands in /${to.slice("files/".length)}, so genpack runs it as a build script and leaves it out of the image.`, "Name build scripts in `buildScripts` or `userBuildScripts` instead.", "warning");
    }
    if (child.isDirectory()) readTree(from, to, request, context);
    else if (child.isSymbolicLink()) put(context, to, { kind: "symlink", target: readlinkSync(from) }, request);
    else if (child.isFile()) {
      const data = readSourceFile(context, request.source, from);
      if (data !== undefined) put(context, to, { kind: "file", data, mode: normalisedMode(lstatSync(from).mode) }, request);
    } else report(context, codes.fileNotFound, request.source, `${from} is ${child.isFIFO() ? "a FIFO" : child.isSocket() ? "a socket" : "a device"}, not a regular file, directory or symbolic link, so it cannot be copied.`);
  }
}

/**
 * Build scripts run directly when executable, or through /bin/sh or python by their suffix.
 * Package scripts run directly only, so they need both the executable bit and a `#!` line.
 */
function checkRunnable(path: string, entry: ArtifactEntry, request: FileRequest, context: EmitContext): void {
  if (entry.kind !== "file") return;
  if (request.role === "package-script") {
    const name = path.replace(/^.*\/files\/usr\/lib\/genpack\/package-scripts\//, "");
    if (!Buffer.from(entry.data.subarray(0, 2)).equals(Buffer.from("#!"))) {
      report(context, codes.scriptNotRunnable, request.source, `The package script ${name} does not start with a "#!" line, so genpack's runner cannot execute it.`, 'Start it with a line such as "#!/bin/sh".');
    } else if ((entry.mode & 0o100) === 0) {
      report(context, codes.scriptNotRunnable, request.source, `The package script ${name} has mode 0o${entry.mode.toString(8)}, and genpack's runner skips scripts that are not executable.`, "Drop the mode, or give one such as 0o755.");
    }
    return;
  }
  if (request.role !== "build-script") return;
  const problem = buildScriptProblem(path.replace(/^files\//, ""), entry.mode);
  if (problem !== undefined) report(context, codes.scriptNotRunnable, request.source, `${problem}.`, 'Start it with a "#!" line, give it an executable mode, or name it *.sh or *.py.');
}

function emitRequest(request: FileRequest, context: EmitContext): void {
  const value = request.source.value;
  if (typeof value === "string" || (value as { kind?: string }).kind === "text") {
    const text = typeof value === "string" ? value : (value as { text: string }).text;
    const explicitMode = typeof value === "string" ? undefined : (value as { mode?: number }).mode;
    if (request.path === "files") {
      report(context, codes.invalidImagePath, request.source, 'Only a directory() can be copied to "/".');
      return;
    }
    const scriptMode = request.role === "package-script" || (request.role === "build-script" && text.startsWith("#!")) ? EXECUTABLE_MODE : DEFAULT_FILE_MODE;
    const entry: ArtifactEntry = { kind: "file", data: Buffer.from(text, "utf8"), mode: explicitMode ?? scriptMode };
    put(context, request.path, entry, request);
    checkRunnable(request.path, entry, request, context);
    return;
  }
  const kind = (value as { kind: string }).kind;
  const resolved = resolveSource(request.source, context);
  if (resolved === undefined) return;
  const shown = (value as { path: string }).path;
  if (kind === "directory") {
    if (!resolved.stats.isDirectory()) {
      report(context, codes.fileNotFound, request.source, `${quote(shown)} is ${describeKind(resolved.stats)}, not a directory.`, resolved.stats.isFile() ? "Use file() for a single file." : undefined);
      return;
    }
    readTree(resolved.path, request.path, request, context);
    return;
  }
  if (request.path === "files") {
    report(context, codes.invalidImagePath, request.source, 'Only a directory() can be copied to "/".');
    return;
  }
  if (!resolved.stats.isFile()) {
    report(context, codes.fileNotFound, request.source, `${quote(shown)} is ${describeKind(resolved.stats)}, not a file.`, resolved.stats.isDirectory() ? "Use directory() to copy a whole directory." : undefined);
    return;
  }
  const mode = (value as { mode?: number }).mode ?? (request.role === "package-script" ? EXECUTABLE_MODE : normalisedMode(resolved.stats.mode));
  const data = readSourceFile(context, request.source, resolved.path);
  if (data === undefined) return;
  const entry: ArtifactEntry = { kind: "file", data, mode };
  put(context, request.path, entry, request);
  checkRunnable(request.path, entry, request, context);
}

/**
 * A file or link cannot have entries below it: `/etc/foo` as a file and `/etc/foo/bar`, or a
 * link in a copied tree and a file named below it, which would be written through the link.
 */
function checkAncestors(context: EmitContext): void {
  for (const [path, written] of context.written) {
    const parts = path.split("/");
    for (let length = parts.length - 1; length >= 1; length--) {
      const ancestor = context.written.get(parts.slice(0, length).join("/"));
      if (ancestor === undefined || ancestor.entry.kind === "directory") continue;
      const what = ancestor.entry.kind === "symlink" ? "a symbolic link" : "a file";
      context.diagnostics.push(
        error(codes.pathCollision, `${belowMessage(path, parts.slice(0, length).join("/"))}, which is ${what}.`, {
          location: locationOf(written.request.source, context),
          related: [{ message: `That ${what.slice(2)} comes from here.`, ...locationOf(ancestor.request.source, context) }],
        }),
      );
      break;
    }
  }
}

/** Adds the directories that lead to each entry, so the artifact lists every directory it has. */
export function withParents(entries: Map<string, ArtifactEntry>): void {
  for (const path of [...entries.keys()]) {
    const parts = path.split("/");
    for (let length = 1; length < parts.length; length++) {
      const parent = parts.slice(0, length).join("/");
      if (!entries.has(parent)) entries.set(parent, { kind: "directory", mode: DIRECTORY_MODE });
    }
  }
}

export type EmitResult =
  | {
      readonly ok: true;
      readonly artifact: Artifact;
      /** The request that wrote each path, for the stages that report on it. */
      readonly requests: ReadonlyMap<string, FileRequest>;
      /** The files and directories `file()` and `directory()` named, as absolute paths. */
      readonly sources: readonly string[];
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Renders the lowered artifact: genpack.json5 as text and every file read from its source.
 * Nothing is written to disk here; the result is the exact content of the artifact directory.
 */
export function emit(lowered: LoweredArtifact, headerComment: string, locator: LayerLocator): EmitResult {
  const context: EmitContext = { locator, written: new Map(), diagnostics: [], sources: new Set() };
  for (const request of lowered.files) emitRequest(request, context);
  checkAncestors(context);
  if (hasErrors(context.diagnostics)) return { ok: false, diagnostics: context.diagnostics };
  const entries = new Map<string, ArtifactEntry>([...context.written].map(([path, written]) => [path, written.entry]));
  entries.set("genpack.json5", { kind: "file", data: Buffer.from(printJson5(lowered.document, headerComment), "utf8"), mode: DEFAULT_FILE_MODE });
  withParents(entries);
  const sorted = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const requests = new Map([...context.written].map(([path, written]) => [path, written.request]));
  return { ok: true, artifact: sorted, requests, sources: [...context.sources].sort(), diagnostics: context.diagnostics };
}
