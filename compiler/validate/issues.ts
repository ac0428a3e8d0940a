import type { CodeEntry } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";

/**
 * A problem found in one spec, before it has a source location: the path inside the spec and
 * whether it concerns the value or the key that holds it. The validator turns issues into
 * diagnostics by locating the path in the file that wrote the spec.
 */
export interface Issue {
  readonly entry: CodeEntry;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly path: ValuePath;
  readonly target: "value" | "key";
  readonly hint?: string;
  /** The part of a string value the problem is about, to point at it rather than the whole string. */
  readonly token?: string;
}

/** What a check can say beyond the message. */
export interface IssueOptions {
  readonly hint?: string | undefined;
  readonly target?: "value" | "key";
  readonly token?: string;
}

/** Collects issues; checks report into it instead of throwing, so every problem is found in one run. */
export class IssueSink {
  readonly issues: Issue[] = [];

  error(entry: CodeEntry, path: ValuePath, message: string, options: IssueOptions = {}): void {
    this.#add("error", entry, path, message, options);
  }

  warning(entry: CodeEntry, path: ValuePath, message: string, options: IssueOptions = {}): void {
    this.#add("warning", entry, path, message, options);
  }

  #add(
    severity: Issue["severity"],
    entry: CodeEntry,
    path: ValuePath,
    message: string,
    options: IssueOptions,
  ): void {
    this.issues.push({
      entry,
      severity,
      message,
      path,
      target: options.target ?? "value",
      ...(options.hint === undefined ? {} : { hint: options.hint }),
      ...(options.token === undefined ? {} : { token: options.token }),
    });
  }
}

/** A check of one value at `path`, reporting what is wrong into `sink`. */
export type Check = (value: unknown, path: ValuePath, sink: IssueSink) => void;
