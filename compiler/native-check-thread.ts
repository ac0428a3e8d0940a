import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ModuleBounds } from "./module-bounds.js";
import type { NativeOutcome } from "./native-checker.js";
import { typescriptAsked, type CheckGroup } from "./typecheck.js";

/** The worker's script, beside this module in gp's build. */
const WORKER = new URL("./native-checker-worker.js", import.meta.url);

/**
 * Whether the native check runs in a thread of its own: where gp runs from its build. The
 * compiler asks gp for each file it reads, and a thread that only answers it keeps the check as
 * fast as the compiler is, while gp's main thread loads the rest of gp and bundles the
 * blueprints. (Run from its TypeScript sources, as in gp's unit tests, the check runs in line.)
 */
function inThread(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

/** A thread started before gp knew what to check, waiting for the blueprints. */
let warm: Worker | undefined;

/**
 * Starts the check's thread ahead of a command that will likely type-check (`gp compile`,
 * `gp check`), so that it has loaded the compiler's API by the time gp has read its command
 * line and its options. A thread left unused keeps nothing waiting: gp exits without it.
 */
export function warmNativeCheck(): void {
  if (warm !== undefined || !inThread() || typescriptAsked()) return;
  const worker = new Worker(WORKER);
  worker.unref();
  // A thread that failed is not used: the check starts another, which reports the failure.
  worker.on("error", () => undefined);
  worker.once("exit", () => {
    if (warm === worker) warm = undefined;
  });
  warm = worker;
}

/** Loads what the native check needs in this thread ahead of a check, where it runs here. */
export async function prepareNativeCheck(): Promise<void> {
  if (inThread()) return;
  await (await import("./native-checker.js")).loadNativeApi();
}

/** nativeTypecheck(), in a thread of its own where gp runs from its build. */
export async function nativeTypecheckAside(groups: readonly CheckGroup[], bounds: ModuleBounds, entries: readonly string[]): Promise<NativeOutcome> {
  if (!inThread()) return (await import("./native-checker.js")).nativeTypecheck(groups, bounds);
  const worker = warm ?? new Worker(WORKER);
  warm = undefined;
  worker.ref();
  return new Promise((resolve) => {
    worker.once("message", (outcome: NativeOutcome) => resolve(outcome));
    worker.once("error", (failure) => resolve({ ok: false, reason: `the native compiler failed: ${failure.message.split("\n")[0] ?? ""}` }));
    worker.once("exit", (code) => resolve({ ok: false, reason: `its thread stopped with status ${code} before it reported` }));
    worker.postMessage({ groups, entries });
  });
}
