import type { CodeEntry } from "./codes.js";
import { codes } from "./codes.js";
import type { Location } from "./diagnostics.js";

/** Where the problem is: a place in a source file, or a key path in a file such as gp.lock. */
export type ErrorLocation = Location | { readonly file?: string; readonly keyPath: string };

/** What a GpError carries beyond its code and message. */
export interface GpErrorDetails {
  /** What to do about it, when the message does not say. */
  readonly hint?: string;
  /** Lines shown under the message, such as the last lines of a failed command's output. */
  readonly details?: string;
  readonly location?: ErrorLocation;
  readonly cause?: unknown;
}

const BRAND = Symbol.for("genpack-ts.GpError");

/**
 * A failure the user can act on: bad input, a refused target, a missing tool, a broken
 * download. Its code is an entry of the register (errors/codes.ts), so it can be looked up in
 * docs/error-codes.md. The CLI prints it without a stack and exits 1; anything thrown that is
 * not a GpError is a bug in gp.
 */
export class GpError extends Error {
  override name = "GpError";
  readonly code: CodeEntry["code"];
  readonly hint?: string;
  readonly details?: string;
  readonly location?: ErrorLocation;

  constructor(entry: CodeEntry, message: string, more: GpErrorDetails = {}) {
    super(message, more.cause === undefined ? undefined : { cause: more.cause });
    this.code = entry.code;
    if (more.hint !== undefined) this.hint = more.hint;
    if (more.details !== undefined) this.details = more.details;
    if (more.location !== undefined) this.location = more.location;
    // A symbol brand rather than instanceof: a blueprint's node_modules may hold a second copy.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for every GpError, even from another loaded copy of genpack-ts. */
export function isGpError(value: unknown): value is GpError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Error codes of Node's file system calls that are the machine's state, not gp's mistake: a full
 * disk, a permission, a read-only or failing file system, a file that went away, a busy device.
 */
const SYSTEM_REFUSALS: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT", "EACCES", "EPERM", "EROFS", "EIO", "ENOENT", "EBUSY"]);

/** Whether `problem` is the system refusing a file operation (ENOSPC, EACCES, ...), not a fault of gp. */
export function isSystemRefusal(problem: unknown): boolean {
  const code = problem instanceof Error ? (problem as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" && SYSTEM_REFUSALS.has(code);
}

/**
 * The failure as one the user can act on, or undefined when it is a bug in gp. A GpError is
 * one; so is a refusal of the system (ENOSPC, EACCES, ...), which gets its own code.
 */
export function asUserError(problem: unknown): GpError | undefined {
  if (isGpError(problem)) return problem;
  if (isSystemRefusal(problem)) return new GpError(codes.fileSystemRefused, (problem as Error).message, { cause: problem });
  return undefined;
}

/** The message with the lines under it, as the user reads it. */
export function describeUserError(error: GpError): string {
  return error.details === undefined ? error.message : `${error.message}\n${error.details}`;
}
