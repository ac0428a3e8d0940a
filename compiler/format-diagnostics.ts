import { relative } from "node:path";
import { formatValuePath, type Diagnostic } from "../errors/diagnostics.js";
import { codeFrame, SourceLines } from "./frame.js";
import { readInputFile } from "../host/input-file.js";
import { outwardLink } from "../host/path-inside.js";

/** How diagnostics are printed for people. */
export interface FormatOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  /** ANSI colours; callers decide from the terminal and NO_COLOR. */
  readonly color: boolean;
  /** Source text by absolute path, for frames; files not given are read from disk. */
  readonly sources?: ReadonlyMap<string, string>;
}

const ansi = {
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  gray: [90, 39],
  bold: [1, 22],
} as const;

type Paint = (style: keyof typeof ansi, text: string) => string;

function painter(color: boolean): Paint {
  return (style, text) => (color ? `\u001b[${ansi[style][0]}m${text}\u001b[${ansi[style][1]}m` : text);
}

/**
 * The files frames are taken from, each read and split into lines once however many
 * diagnostics point into it. A file on disk is shown only when it is a regular file reached
 * without a symbolic link that leads out of its folder (links the working directory is reached
 * through aside): a location can name a link a project ships, and what it leads to, such as
 * /etc/shadow, must not be printed. Nothing that could block (a FIFO) is opened.
 */
export type SourceCache = Map<string, SourceLines | undefined>;

function sourceOf(file: string, options: FormatOptions, cache: SourceCache): SourceLines | undefined {
  if (!cache.has(file)) {
    let text = options.sources?.get(file);
    if (text === undefined) {
      const read = outwardLink(file, options.cwd) === undefined ? readInputFile(file) : undefined;
      text = read?.ok === true ? read.data.toString("utf8") : undefined;
    }
    cache.set(file, text === undefined ? undefined : new SourceLines(text));
  }
  return cache.get(file);
}

/** `file:line:col`, relative to the working directory. */
export function formatLocation(diagnostic: Pick<Diagnostic, "location">, cwd: string): string | undefined {
  const location = diagnostic.location;
  if (location === undefined) return undefined;
  const file = relative(cwd, location.file) || location.file;
  return location.start === undefined ? file : `${file}:${location.start.line}:${location.start.column}`;
}

/** The frame of a diagnostic's location, or "" when there is no source to show. */
export function frameOf(diagnostic: Diagnostic, options: FormatOptions, cache: SourceCache = new Map()): string {
  const location = diagnostic.location;
  if (location?.start === undefined) return "";
  const source = sourceOf(location.file, options, cache);
  return source === undefined ? "" : codeFrame(source, location.start, location.end);
}

/**
 * Renders diagnostics as tsc does: `file:line:col - error CODE: message`, the frame, the hint,
 * then related locations.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  const paint = painter(options.color);
  const cache: SourceCache = new Map();
  const blocks = diagnostics.map((diagnostic) => {
    const lines: string[] = [];
    const where = formatLocation(diagnostic, options.cwd);
    const severity =
      diagnostic.severity === "error" ? paint("red", "error") : paint("yellow", "warning");
    // The value path helps only where no position in the source could be found.
    const path = diagnostic.path !== undefined && diagnostic.path.length > 0 && diagnostic.location?.start === undefined ? ` (at ${formatValuePath(diagnostic.path)})` : "";
    const head = `${severity} ${paint("gray", `${diagnostic.code}:`)} ${diagnostic.message}${path}`;
    lines.push(where === undefined ? head : `${paint("cyan", where)} - ${head}`);
    const frame = frameOf(diagnostic, options, cache);
    if (frame !== "") lines.push("", frame);
    if (diagnostic.hint !== undefined) lines.push("", `${paint("bold", "hint:")} ${diagnostic.hint}`);
    for (const related of diagnostic.related ?? []) {
      const relatedWhere = formatLocation({ location: related }, options.cwd);
      lines.push("", `  ${relatedWhere === undefined ? "" : `${paint("cyan", relatedWhere)} - `}${related.message}`);
      const relatedFrame = frameOf({ code: "", severity: "error", message: "", location: related }, options, cache);
      if (relatedFrame !== "") lines.push(relatedFrame.replace(/^/gm, "  "));
    }
    return lines.join("\n");
  });
  return blocks.join("\n\n");
}

/** A one-line summary such as `2 errors, 1 warning`. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""]
    .filter((part) => part !== "")
    .join(", ");
}

/**
 * A diagnostic as one JSON object (one line of `--json` output), with its frame. Give every
 * diagnostic of one output the same `cache`, so each file is read once.
 */
export function diagnosticToJson(diagnostic: Diagnostic, options: Omit<FormatOptions, "color">, cache: SourceCache = new Map()): Record<string, unknown> {
  const location = diagnostic.location;
  return {
    type: "diagnostic",
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
    ...(location === undefined
      ? {}
      : {
          file: relative(options.cwd, location.file) || location.file,
          ...(location.start === undefined ? {} : { line: location.start.line, column: location.start.column }),
          ...(location.end === undefined ? {} : { endLine: location.end.line, endColumn: location.end.column }),
        }),
    ...(diagnostic.path === undefined ? {} : { path: formatValuePath(diagnostic.path) }),
    ...(location?.start === undefined ? {} : { frame: frameOf(diagnostic, { ...options, color: false }, cache) }),
    ...(diagnostic.related === undefined
      ? {}
      : {
          related: diagnostic.related.map((related) => ({
            message: related.message,
            file: relative(options.cwd, related.file) || related.file,
            ...(related.start === undefined ? {} : { line: related.start.line, column: related.start.column }),
          })),
        }),
  };
}
