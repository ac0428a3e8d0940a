/**
 * Where a DSL value was written. The stack is formatted lazily by the engine, so capturing costs
 * little; the compiler reads it to resolve paths relative to the file that wrote them and to
 * point diagnostics at the right file. No file is read here.
 */
export interface CallSite {
  /** The engine's stack trace, first frame = the caller of the DSL function. */
  readonly stack?: string;
}

/** Symbol under which DSL values keep their {@link CallSite}; not enumerable, not data. */
export const CALL_SITE: unique symbol = Symbol.for("genpack-ts.call-site") as never;

type StackCapture = (target: object, below?: Function) => void;

/** Records the caller of `below`. Engines without stack capture leave the site empty. */
export function captureCallSite(below: Function): CallSite {
  const site: { stack?: string } = {};
  const capture = (Error as { captureStackTrace?: StackCapture }).captureStackTrace;
  if (typeof capture === "function") capture(site, below);
  return site;
}

/** Attaches a call site to a value without making it part of the value's data. */
export function withCallSite<T extends object>(value: T, site: CallSite): T {
  Object.defineProperty(value, CALL_SITE, { value: site, enumerable: false });
  return value;
}

/** The call site recorded on a DSL value, if any. */
export function callSiteOf(value: unknown): CallSite | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as { [CALL_SITE]?: CallSite })[CALL_SITE];
}
