import type { LineProblem } from "./line-problem.js";

/** A value of a metadata cache entry and the line it stands on, for diagnostics about it. */
export interface CacheValue {
  readonly value: string;
  /** 1-based. */
  readonly line: number;
}

/**
 * Reads one `metadata/md5-cache/CATEGORY/PF` entry: one `KEY=value` a line, the value verbatim
 * after the first `=` (Portage writes it without quotes, with the eclasses' IUSE already added).
 * A line without `=` is a problem; blank lines are not.
 */
export function parseMd5CacheEntry(text: string): { values: Map<string, CacheValue>; problems: LineProblem[] } {
  const values = new Map<string, CacheValue>();
  const problems: LineProblem[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === "") continue;
    const equals = line.indexOf("=");
    if (equals <= 0) {
      problems.push({ line: index + 1, message: `"${line}" is not a KEY=value line.` });
      continue;
    }
    values.set(line.slice(0, equals), { value: line.slice(equals + 1), line: index + 1 });
  }
  return { values, problems };
}
