import type { Position } from "../errors/diagnostics.js";

/** How much source a frame shows around the problem line. */
const CONTEXT_LINES = 2;

/**
 * The most of one line a frame shows. A longer line (a minified file, a 50 MB genpack.json5 on
 * one line) is cut to this many characters around the problem, with "…" where it was cut.
 */
export const FRAME_WIDTH = 120;

/** How much of a cut line stays before the problem's column. */
const BEFORE_COLUMN = 40;

/**
 * A text split into lines, once: the frames of many problems in one file then cost the lines
 * they show, not a split of the whole file each.
 */
export class SourceLines {
  /** Offset of each line's first character. */
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) this.#starts.push(index + 1);
  }

  get count(): number {
    return this.#starts.length;
  }

  /** Line `index` (0-based) without its line break, or undefined past the end. */
  line(index: number): string | undefined {
    const start = this.#starts[index];
    if (start === undefined) return undefined;
    const next = this.#starts[index + 1];
    const line = this.text.slice(start, next === undefined ? this.text.length : next - 1);
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  }
}

/** The part of lines a frame shows: [from, to) in UTF-16 units, the same for every line so columns line up. */
interface Window {
  readonly from: number;
  readonly to: number;
}

function windowAround(line: string, startColumn: number): Window {
  if (line.length <= FRAME_WIDTH) return { from: 0, to: Math.max(line.length, FRAME_WIDTH) };
  let from = Math.max(0, startColumn - BEFORE_COLUMN);
  const to = Math.min(line.length, from + FRAME_WIDTH);
  from = Math.max(0, to - FRAME_WIDTH);
  // Never start in the middle of a surrogate pair.
  if (/[\udc00-\udfff]/.test(line.charAt(from))) from++;
  return { from, to };
}

function cut(line: string, window: Window): string {
  if (window.from === 0 && line.length <= window.to) return line;
  const head = window.from > 0 ? "…" : "";
  const tail = line.length > window.to ? "…" : "";
  return `${head}${line.slice(window.from, window.to)}${tail}`;
}

/**
 * A code frame in the style of tsc and Vite: the lines around `start`, a `>` on the problem line
 * and a caret underline from `start` to `end` (to the end of the line when `end` is elsewhere).
 * Tabs are kept, so the underline lines up in a terminal. Lines longer than {@link FRAME_WIDTH}
 * are cut to a window around the column. Returns "" when `start` is outside the text.
 */
export function codeFrame(source: string | SourceLines, start: Position, end?: Position): string {
  const lines = typeof source === "string" ? new SourceLines(source) : source;
  const lineIndex = start.line - 1;
  const line = lines.line(lineIndex);
  if (line === undefined) return "";
  const first = Math.max(0, lineIndex - CONTEXT_LINES);
  const last = Math.min(lines.count - 1, lineIndex + CONTEXT_LINES);
  const width = String(last + 1).length;
  const startColumn = Math.max(0, Math.min(start.column - 1, line.length));
  const window = windowAround(line, startColumn);
  const output: string[] = [];
  for (let index = first; index <= last; index++) {
    const marker = index === lineIndex ? ">" : " ";
    const number = String(index + 1).padStart(width);
    output.push(`${marker} ${number} | ${cut(lines.line(index) ?? "", window)}`.trimEnd());
    if (index === lineIndex) {
      const endColumn = end !== undefined && end.line === start.line ? end.column - 1 : line.length;
      const visibleEnd = Math.min(endColumn, window.to, line.length);
      const length = Math.max(1, visibleEnd - startColumn);
      const lead = window.from > 0 ? " " : "";
      const padding = line.slice(window.from, startColumn).replace(/[^\t]/g, " ");
      output.push(`  ${" ".repeat(width)} | ${lead}${padding}${"^".repeat(length)}`);
    }
  }
  return output.join("\n");
}
