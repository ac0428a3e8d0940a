/**
 * What the process that runs a blueprint tells gp, over its IPC channel. Everything here is plain
 * data taken across by structured clone: nothing the blueprint made can reach gp as a live object.
 */

/** A value a blueprint threw or rejected with, described without running any of its code twice. */
export type ThrownValue =
  | {
      readonly kind: "error";
      /** `TypeError`, `RangeError`, or the name a subclass gave itself. */
      readonly name: string;
      readonly message: string;
      /** The engine's stack trace, mapped to the blueprint's own files. */
      readonly stack?: string;
      /** Node's error code, such as `ERR_ACCESS_DENIED`. */
      readonly code?: string;
      /** For `ERR_ACCESS_DENIED`: what was refused (`FileSystemWrite`) and on what (a path). */
      readonly permission?: string;
      readonly resource?: string;
    }
  | {
      /** Anything else: a string, a plain object, a Proxy. */
      readonly kind: "value";
      /** What it looks like, as far as it could be shown without running its code. */
      readonly text: string;
    };

/** What a DSL value carries besides its data: its brand and the stack of the call that made it. */
export interface Mark {
  readonly brand?: { readonly kind: "image" | "profile" | "package"; readonly format: unknown; readonly version: unknown };
  readonly callSite?: string;
  readonly uncrossable?: string;
}

/** The module's exports as plain data, and the marks that go back onto values of it. */
export interface PlainExports {
  readonly exports: Record<string, unknown>;
  /**
   * Each entry is a value of `exports` (the same object after the clone, since one message keeps
   * identity) and what to put back on it.
   */
  readonly marks: readonly (readonly [object, Mark])[];
}

/** Something the blueprint did after (or while) it was evaluated that makes its result void. */
export type Misconduct =
  | { readonly kind: "uncaught"; readonly thrown: ThrownValue }
  | { readonly kind: "unhandled-rejection"; readonly thrown: ThrownValue }
  | { readonly kind: "exit"; readonly code: string; readonly stack?: string }
  | { readonly kind: "left-running"; readonly resources: readonly LiveResource[] };

/** Work a blueprint started and left running: a timer, a socket, a file operation. */
export interface LiveResource {
  /** The resource type Node reports, such as `Timeout`. */
  readonly type: string;
  /** The stack where it was made, when it was seen being made. */
  readonly stack?: string;
}

/** What gp tells the process: the one bundle to run, once it is made. */
export type ParentMessage = { readonly type: "run"; readonly bundle: string };

export type RunnerMessage =
  | { readonly type: "evaluated"; readonly result: PlainExports }
  | { readonly type: "threw"; readonly thrown: ThrownValue }
  /** The module's top-level await waits for something that never happens. */
  | { readonly type: "stalled" }
  /** Sent last: what went wrong beside the evaluation itself; empty when nothing did. */
  | { readonly type: "settled"; readonly misconduct: readonly Misconduct[] };
