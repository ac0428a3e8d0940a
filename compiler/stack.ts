import { fileURLToPath } from "node:url";
import type { Position } from "./diagnostics.js";

/** One frame of an engine stack trace that names a file. */
export interface StackFrame extends Position {
  /** Absolute path. */
  readonly file: string;
}

/** `at name (/path:1:2)` or `at /path:1:2`; the path starts right after `(` or `at `. */
const FRAME = /(?:^at (?:async )?|\()((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)\)?$/;

/**
 * The frames of a V8 stack trace that point into files, in order, skipping Node's internals.
 * With source maps enabled, V8 already reports positions in the original TypeScript.
 */
export function parseStack(stack: string | undefined): StackFrame[] {
  if (stack === undefined) return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    const match = FRAME.exec(line.trim());
    if (match === null) continue;
    const [, where, lineText, columnText] = match;
    if (where === undefined || lineText === undefined || columnText === undefined) continue;
    let file = where;
    if (file.startsWith("file://")) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    frames.push({ file, line: Number(lineText), column: Number(columnText) });
  }
  return frames;
}
