import type { Position } from "./diagnostics.js";

/** How much source a frame shows around the problem line. */
const CONTEXT_LINES = 2;

/**
 * A code frame in the style of tsc and Vite: the lines around `start`, a `>` on the problem line
 * and a caret underline from `start` to `end` (to the end of the line when `end` is elsewhere).
 * Tabs are kept, so the underline lines up in a terminal. Returns "" when `start` is outside
 * the text.
 */
export function codeFrame(source: string, start: Position, end?: Position): string {
  const lines = source.split(/\r?\n/);
  const lineIndex = start.line - 1;
  const line = lines[lineIndex];
  if (line === undefined) return "";
  const first = Math.max(0, lineIndex - CONTEXT_LINES);
  const last = Math.min(lines.length - 1, lineIndex + CONTEXT_LINES);
  const width = String(last + 1).length;
  const output: string[] = [];
  for (let index = first; index <= last; index++) {
    const marker = index === lineIndex ? ">" : " ";
    const number = String(index + 1).padStart(width);
    output.push(`${marker} ${number} | ${lines[index]}`.trimEnd());
    if (index === lineIndex) {
      const startColumn = Math.min(start.column - 1, line.length);
      const endColumn = end !== undefined && end.line === start.line ? end.column - 1 : line.length;
      const length = Math.max(1, endColumn - startColumn);
      const padding = line.slice(0, startColumn).replace(/[^\t]/g, " ");
      output.push(`  ${" ".repeat(width)} | ${padding}${"^".repeat(length)}`);
    }
  }
  return output.join("\n");
}
