import type { CodeEntry } from "./codes.js";
import { shorten } from "./quote.js";

/** A position in a source file. Both numbers are 1-based, as tsc and editors print them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A place in a source file. */
export interface Location {
  /** Absolute path of the file. */
  readonly file: string;
  readonly start?: Position;
  readonly end?: Position;
}

/** A secondary location that explains a diagnostic, such as "first defined here". */
export interface RelatedLocation extends Location {
  readonly message: string;
}

/** Path of a value inside a blueprint or profile spec, such as `["use", "dev-lang/php", 2]`. */
export type ValuePath = readonly (string | number)[];

/** One problem gp reports. Everything gp tells a user about their input is one of these. */
export interface Diagnostic {
  /** A `GP` code from the catalogue, or a `TS` code for TypeScript's own errors. */
  readonly code: string;
  readonly severity: "error" | "warning";
  /** What happened and why, in full sentences, without the location. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly location?: Location;
  /** Where in the spec the problem is, for values that were computed rather than written. */
  readonly path?: ValuePath;
  readonly related?: readonly RelatedLocation[];
}

/** Fields a diagnostic gets beyond its catalogue entry and message. */
export interface DiagnosticDetails {
  readonly hint?: string;
  readonly location?: Location;
  readonly path?: ValuePath;
  readonly related?: readonly RelatedLocation[];
}

export function error(entry: CodeEntry, message: string, details: DiagnosticDetails = {}): Diagnostic {
  return { code: entry.code, severity: "error", message, ...details };
}

export function warning(entry: CodeEntry, message: string, details: DiagnosticDetails = {}): Diagnostic {
  return { code: entry.code, severity: "warning", message, ...details };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === "error");
}

/** Renders a value path the way users write it: `variants.cuda.packages[3]`, long keys shortened. */
export function formatValuePath(path: ValuePath): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    // Keys such as lower-layer-capacity read fine bare; atoms and arch lists get brackets.
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) text += text === "" ? shorten(part) : `.${shorten(part)}`;
    else text += `[${JSON.stringify(shorten(part))}]`;
  }
  return text;
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fileA = a.location?.file ?? "";
    const fileB = b.location?.file ?? "";
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    const lineA = a.location?.start?.line ?? 0;
    const lineB = b.location?.start?.line ?? 0;
    if (lineA !== lineB) return lineA - lineB;
    const columnA = a.location?.start?.column ?? 0;
    const columnB = b.location?.start?.column ?? 0;
    if (columnA !== columnB) return columnA - columnB;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
