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
  const rest = line.trim().replace(/^at (?:async )?/, "");
  const wrapped = rest.endsWith(")") ? rest.indexOf(" (") : -1;
  const location = wrapped === -1 ? rest : rest.slice(wrapped + 2, -1);
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
