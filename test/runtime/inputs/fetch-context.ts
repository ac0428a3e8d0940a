import type { InputFetchContext } from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/**
 * What the input resolvers are given in tests: a fresh cache, quick timeouts, no retries unless
 * asked, and notes collected into `notes`.
 */
export function fetchContext(notes: string[], extra: Partial<InputFetchContext> = {}): InputFetchContext {
  return {
    cacheDir: temporaryDirectory("gp-cache-"),
    offline: false,
    tuning: { retries: 0, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000 },
    note: (message) => notes.push(message),
    ...extra,
  };
}
