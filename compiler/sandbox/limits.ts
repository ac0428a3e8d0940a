/** The time and memory a blueprint may use while it runs, and what it gets unless told otherwise. */
export interface SandboxLimits {
  /** Wall-clock time for evaluating the module and letting what it started finish. @default 30000 */
  readonly timeoutMs: number;
  /** The V8 heap the blueprint may use, in MiB. @default 1024 */
  readonly heapMiB: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { timeoutMs: 30_000, heapMiB: 1024 };
