import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { readInputText } from "./input-file.js";
import { entryExists } from "./entry-exists.js";

/**
 * A lock held by a running process: a file holding its PID, created exclusively. A lock whose
 * process no longer runs (killed, even with SIGKILL) is stale and taken over, so a crash never
 * blocks the next run.
 */
export interface PidLock {
  readonly path: string;
  readonly descriptor: number;
}

/** Why a lock could not be taken: a running process holds it, or something that is no lock of gp's stands at its path. */
export type PidLockRefusal = { readonly heldBy: number } | { readonly problem: string };

/**
 * Takes the lock at `path`, or says who holds it. Only a regular file holding the PID of a
 * process that is gone is taken over; a FIFO, directory, device or link there is reported and
 * left alone, since gp did not make it.
 */
export function acquirePidLock(path: string): PidLock | PidLockRefusal {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const descriptor = openSync(path, "wx");
      writeSync(descriptor, `${process.pid}\n`);
      return { path, descriptor };
    } catch (problem) {
      const code = (problem as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") return { problem: `${path} cannot be created (${(problem as Error).message.split(",")[0] ?? code})` };
      const read = readInputText(path, { within: dirname(path) });
      if (!read.ok) {
        // Removed between the two calls: try again.
        if (read.problem === "missing" && !entryExists(path)) continue;
        return { problem: `${path} ${read.reason}, so it is no lock gp made; remove it if no gp runs` };
      }
      const holder = Number(read.text.trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) return { heldBy: holder };
      rmSync(path, { force: true });
    }
  }
  return { problem: `${path} was taken and given up three times while gp tried to take it; another gp may be starting, so try again` };
}


export function releasePidLock(lock: PidLock): void {
  closeSync(lock.descriptor);
  rmSync(lock.path, { force: true });
}

/** Whether a process with this PID runs (one of another user counts). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (problem) {
    return (problem as NodeJS.ErrnoException).code === "EPERM";
  }
}
