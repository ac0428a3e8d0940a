import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Position } from "../errors/diagnostics.js";

/** One frame of an engine stack trace that names a file. */
export interface StackFrame extends Position {
  /** Absolute path. */
  readonly file: string;
}

/**
 * Reads one `    at ...` line. V8 writes `at name (location)` or `at location`, where location
 * is `file:line:column`; a path may itself hold spaces and parentheses, so the location is
 * whatever follows the first ` (` of a line that ends in `)`, or everything after `at `.
 */
function parseFrame(line: string): StackFrame | undefined {
  const location = frameLocation(line);
  return location === undefined ? undefined : parseLocation(line.slice(location.start, location.end));
}

/** Where in an `at` line its location is, as offsets into the line. */
function frameLocation(line: string): { readonly start: number; readonly end: number } | undefined {
  const at = /^\s*at (?:async )?/.exec(line);
  if (at === null) return undefined;
  const end = line.trimEnd().length;
  const wrapped = line[end - 1] === ")" ? line.indexOf(" (", at[0].length) : -1;
  return wrapped === -1 ? { start: at[0].length, end } : { start: wrapped + 2, end: end - 1 };
}

function parseLocation(location: string): StackFrame | undefined {
  const match = /^(.+):(\d+):(\d+)$/.exec(location);
  if (match === null) return undefined;
  const [, where = "", lineText, columnText] = match;
  let file = where;
  if (file.startsWith("file://")) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  if (!file.startsWith("/")) return undefined;
  return { file: decodedPath(file), line: Number(lineText), column: Number(columnText) };
}

/**
 * Node prints positions mapped through a source map with the source's URL escapes left in the
 * path (`my %28copy%29/x.ts`); the file on disk has the plain name.
 */
function decodedPath(file: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(file) || existsSync(file)) return file;
  try {
    const decoded = decodeURIComponent(file);
    return existsSync(decoded) ? decoded : file;
  } catch {
    return file;
  }
}

function frameLines(stack: string | undefined): string[] {
  return stack === undefined ? [] : stack.split("\n").filter((line) => /^\s+at /.test(line));
}

/**
 * The frames of a V8 stack trace that point into files, in order, skipping Node's internals.
 * With source maps enabled, V8 already reports positions in the original TypeScript.
 */
export function parseStack(stack: string | undefined): StackFrame[] {
  return frameLines(stack).flatMap((line) => parseFrame(line) ?? []);
}

/** The first frame of a stack, if it names a file; never a later frame in its place. */
export function firstFrame(stack: string | undefined): StackFrame | undefined {
  const [line] = frameLines(stack);
  return line === undefined ? undefined : parseFrame(line);
}

/**
 * A stack trace with the location of each frame that `rewrite` maps replaced by the place it
 * returns, as `path:line:column`; other lines, the message among them, stay as they are.
 */
export function rewriteFrames(stack: string, rewrite: (frame: StackFrame) => StackFrame | undefined): string {
  return stack
    .split("\n")
    .map((line) => {
      const location = /^\s+at /.test(line) ? frameLocation(line) : undefined;
      const frame = location === undefined ? undefined : parseLocation(line.slice(location.start, location.end));
      const mapped = frame === undefined ? undefined : rewrite(frame);
      return mapped === undefined || location === undefined ? line : `${line.slice(0, location.start)}${mapped.file}:${mapped.line}:${mapped.column}${line.slice(location.end)}`;
    })
    .join("\n");
}
