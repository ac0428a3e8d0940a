import { open, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { readInputText } from "../../host/input-file.js";
import { InputError } from "./errors.js";
import { setTimeout as sleep } from "node:timers/promises";

/** How long a lock file without a readable owner may live before it counts as abandoned. */
const UNOWNED_GRACE_MS = 5_000;
const POLL_MS = 200;

/**
 * Runs `body` while holding an exclusive lock file, so two gp processes sharing a download
 * cache never write the same partial file at once. The file holds the owner's pid; a lock
 * whose owner has died is taken over, so a killed build does not block the next one.
 */
export async function withFileLock<T>(file: string, body: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (failure) {
      if ((failure as NodeJS.ErrnoException).code !== "EEXIST") throw failure;
      if (await isAbandoned(file)) {
        await rm(file, { force: true });
        continue;
      }
      await sleep(POLL_MS, undefined, { signal });
    }
  }
  try {
    return await body();
  } finally {
    await rm(file, { force: true });
  }
}

async function isAbandoned(file: string): Promise<boolean> {
  const read = readInputText(file, { within: dirname(file) });
  // A FIFO, directory or link is no lock of gp's: it is named, never waited on or removed.
  if (!read.ok && read.problem !== "missing") throw new InputError("local-file", `The lock ${file} ${read.reason}; remove it if no gp runs.`);
  const owner = Number((read.ok ? read.text : "").trim());
  if (Number.isInteger(owner) && owner > 0) return !isAlive(owner);
  // Created but not yet written, or written by something else: give the writer a moment.
  const info = await stat(file).catch(() => undefined);
  return info === undefined || Date.now() - info.mtimeMs > UNOWNED_GRACE_MS;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (failure) {
    // EPERM: the process exists but belongs to someone else.
    return (failure as NodeJS.ErrnoException).code === "EPERM";
  }
}
