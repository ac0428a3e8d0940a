/**
 * Something a parser of a repository file could not read, before it becomes a diagnostic. The
 * parsers stay pure; the reader adds the file and the diagnostic code.
 */
export interface LineProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based; absent when the whole line is meant. */
  readonly column?: number;
  /** What is wrong, as a full sentence without the location. */
  readonly message: string;
}

/** The 1-based line and column of `index` in `text`, given the offsets at which its lines start. */
export function positionAt(lineStarts: readonly number[], index: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] as number) <= index) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: index - (lineStarts[low] as number) + 1 };
}

/** The offsets at which the lines of `text` start; the first is 0. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
  return starts;
}
