/**
 * The entry of the process that runs one blueprint (see sandbox/run-blueprint.ts): it imports the
 * blueprint's bundle, sends its exports back as plain data, then waits a moment to see whether the
 * blueprint left anything behind, and ends. Node's permission model keeps it to reading the
 * blueprint's bundle; everything it reports goes over the IPC channel, never through stdout,
 * which belongs to the blueprint's own console output.
 */
import { createHook } from "node:async_hooks";
import type { LiveResource, Misconduct, ParentMessage, RunnerMessage } from "./messages.js";
import { takePlainData } from "./plain-data.js";
import { describeThrown } from "./thrown-value.js";

/** How long work a blueprint started may take to finish after its module was evaluated. */
const SETTLE_MS = 1000;

const send = process.send?.bind(process);
/**
 * Node's own process.exit ends in process.reallyExit, which the blueprint must not reach either;
 * gp's runner ends through the original.
 */
const reallyExit = (process as { reallyExit?: (code: number) => never }).reallyExit;
const exit: (code: number) => never = reallyExit === undefined ? process.exit.bind(process) : reallyExit.bind(process);
const misconduct: Misconduct[] = [];

/**
 * What is thrown in place of ending the process, so that the blueprint's own code stops where it
 * called exit. Known by identity: `instanceof` would run a Proxy's traps.
 */
const exitRequests = new WeakSet<object>();

function requestExit(code?: unknown): never {
  const where = new Error("process.exit() was called");
  exitRequests.add(where);
  misconduct.push({ kind: "exit", code: code === undefined ? "" : String(typeof code === "object" ? "an object" : code), ...(where.stack === undefined ? {} : { stack: where.stack }) });
  throw where;
}
function isExitRequest(value: unknown): boolean {
  return typeof value === "object" && value !== null && exitRequests.has(value);
}

process.exit = requestExit;
if (reallyExit !== undefined) (process as { reallyExit?: unknown }).reallyExit = requestExit;
process.abort = () => requestExit("abort");

process.on("uncaughtException", (thrown) => {
  if (isExitRequest(thrown)) return;
  misconduct.push({ kind: "uncaught", thrown: describeThrown(thrown) });
});
process.on("unhandledRejection", (reason) => {
  if (isExitRequest(reason)) return;
  misconduct.push({ kind: "unhandled-rejection", thrown: describeThrown(reason) });
});

/** Timers, sockets and requests started while the blueprint runs, with where, until they end. */
const live = new Map<number, { readonly type: string; readonly resource: object; readonly site: { stack?: string } }>();
const hook = createHook({
  init(asyncId, type, _trigger, resource) {
    if (type === "PROMISE") return;
    const site: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    Error.captureStackTrace(site);
    Error.stackTraceLimit = limit;
    live.set(asyncId, { type, resource, site });
  },
  destroy(asyncId) {
    live.delete(asyncId);
  },
});

const RUNNER_FILE = new URL(import.meta.url).pathname;

/** Whether a stack passes through the blueprint's code, not only through Node's and this runner's. */
function startedByBlueprint(stack: string): boolean {
  return stack
    .split("\n")
    .slice(1)
    .some((line) => /^\s+at /.test(line) && !/\(node:|^\s+at (?:async )?node:/.test(line) && !line.includes(RUNNER_FILE));
}

/** What the blueprint started and is still running, and would keep the process alive: unref'd timers do not. */
function leftRunning(): LiveResource[] {
  const found: LiveResource[] = [];
  for (const { type, resource, site } of live.values()) {
    const hasRef = (resource as { hasRef?: () => boolean }).hasRef;
    if (typeof hasRef === "function" && !hasRef.call(resource)) continue;
    let stack: string | undefined;
    try {
      stack = site.stack;
    } catch {
      continue;
    }
    if (stack !== undefined && startedByBlueprint(stack)) found.push({ type, stack });
  }
  return found;
}

function finish(message: RunnerMessage, code: number): void {
  if (send === undefined) exit(code);
  else send(message, () => exit(code));
}

/** The blueprint's top-level await waits for nothing that can happen: Node ran out of work. */
function stalled(): Promise<"stalled"> {
  return new Promise((resolve) => process.once("beforeExit", () => resolve("stalled")));
}

/** The bundle to run, which gp sends once it is made; gp gone before that ends this process. */
function bundleToRun(): Promise<string> {
  return new Promise((resolve) => {
    const ended = (): never => exit(0);
    process.once("disconnect", ended);
    process.once("message", (message: ParentMessage) => {
      process.off("disconnect", ended);
      resolve(message.bundle);
    });
  });
}

async function main(): Promise<void> {
  const url = await bundleToRun();
  // The channel must not keep the process alive, or no blueprint would ever look finished.
  process.channel?.unref();
  hook.enable();
  let namespace: Record<string, unknown> | "stalled";
  try {
    namespace = await Promise.race([import(url) as Promise<Record<string, unknown>>, stalled()]);
  } catch (thrown) {
    if (isExitRequest(thrown)) {
      finish({ type: "settled", misconduct }, 0);
    } else {
      send?.({ type: "threw", thrown: describeThrown(thrown) });
      finish({ type: "settled", misconduct }, 0);
    }
    return;
  }
  if (namespace === "stalled") {
    send?.({ type: "stalled" });
    finish({ type: "settled", misconduct }, 0);
    return;
  }
  let message: RunnerMessage;
  try {
    message = { type: "evaluated", result: takePlainData(namespace) };
  } catch (thrown) {
    message = { type: "threw", thrown: describeThrown(thrown) };
  }
  send?.(message);
  // Whatever the blueprint started gets a moment to finish, so that an error it throws later is
  // reported with its own place; what is still running after that is reported as left running.
  const settle = setTimeout(() => {
    const resources = leftRunning();
    finish({ type: "settled", misconduct: resources.length === 0 ? misconduct : [...misconduct, { kind: "left-running", resources }] }, 0);
  }, SETTLE_MS);
  settle.unref();
  process.once("beforeExit", () => {
    clearTimeout(settle);
    finish({ type: "settled", misconduct }, 0);
  });
}

await main();
