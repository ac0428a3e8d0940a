import type { IniPosition, IniSpan } from "./parsed-ini.js";

/**
 * The decoded system.ini split into lines once, so that findings can quote and repair what the
 * file says at a span without splitting the file again for each.
 */
export class IniSourceText {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) this.#starts.push(index + 1);
  }

  /** Line `line` (1-based) without its line break, or "" past the end. */
  line(line: number): string {
    const start = this.#starts[line - 1];
    if (start === undefined) return "";
    const next = this.#starts[line];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }

  /** The offset of a position in the text. */
  offset(position: IniPosition): number {
    return (this.#starts[position.line - 1] ?? this.text.length) + position.column - 1;
  }

  /** What the file says at `span`. */
  slice(span: IniSpan): string {
    return this.text.slice(this.offset(span.start), this.offset(span.end));
  }
}
