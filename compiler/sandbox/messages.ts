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

/**
 * Where a slot holds an object or a list: its index in {@link PlainExports.containers}. Slots
 * hold strings, numbers, booleans, null and undefined as they are, and containers as these, the
 * only objects a slot holds.
 */
export interface ContainerRef {
  readonly at: number;
}

/** One object or list, with its entries in order; an object's keys name its slots. */
export type PlainContainer =
  | { readonly kind: "array"; readonly slots: readonly unknown[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly slots: readonly unknown[] };

/**
 * The module's exports as plain data, as a flat table of containers that refer to each other by
 * index: the structured clone recurses one level of its own per level of nesting, so a tree
 * would overflow it at a few thousand levels (a chain of profiles, each extending the next); a
 * table is three levels deep however deep the data. Shared values and cycles stay what they are.
 */
export interface PlainExports {
  readonly containers: readonly PlainContainer[];
  /** The exports that cross, by name: a slot each. */
  readonly exports: readonly (readonly [string, unknown])[];
  /** What goes back onto containers (a brand, a call site, what a placeholder stands for), by index. */
  readonly marks: readonly (readonly [number, Mark])[];
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
