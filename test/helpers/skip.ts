import type { TestOptions } from "vitest";

declare module "vitest" {
  interface TaskMeta {
    /** Why the test was skipped: a missing tool, root, the corpus; listed at the end of `npm test`. */
    skipReason?: string;
  }
}

/**
 * Options for `describe()` or `it()` that skip it when there is a reason, and record the reason
 * where the summary at the end of `npm test` finds it: `describe("gp vm", skipFor(problem), ...)`.
 * Where a missing tool must fail instead (CI), the caller throws before it gets here.
 */
export function skipFor(reason: string | undefined): TestOptions {
  return reason === undefined || reason === "" ? {} : { skip: true, meta: { skipReason: reason } };
}
