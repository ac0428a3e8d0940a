import { parentPort } from "node:worker_threads";
import { moduleBounds } from "./module-bounds.js";
import { loadNativeApi, nativeTypecheck } from "./native-checker.js";
import type { CheckGroup } from "./typecheck.js";

// The native check in a thread of its own (see compiler/native-check-thread.ts): the compiler's
// requests for files are answered here while gp's main thread loads and bundles. The thread may
// start before gp knows what to check; it loads the compiler's API meanwhile.
const api = loadNativeApi().catch(() => undefined);
parentPort?.once("message", async ({ groups, entries }: { groups: CheckGroup[]; entries: string[] }) => {
  await api;
  parentPort?.postMessage(await nativeTypecheck(groups, moduleBounds(entries)));
  parentPort?.close();
});
