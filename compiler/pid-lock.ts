import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

/**
 * A lock held by a running process: a file holding its PID, created exclusively. A lock whose
 * process no longer runs (killed, even with SIGKILL) is stale and taken over, so a crash never
 * blocks the next run.
 */
export interface PidLock {
  readonly path: string;
  readonly descriptor: number;
}

/** Takes the lock at `path`, or returns the PID of the running process that holds it. */
export function acquirePidLock(path: string): PidLock | { readonly heldBy: number } {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const descriptor = openSync(path, "wx");
      writeSync(descriptor, `${process.pid}\n`);
      return { path, descriptor };
    } catch (problem) {
      if ((problem as NodeJS.ErrnoException).code !== "EEXIST") throw problem;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path, "utf8").trim());
      } catch {
        // Removed meanwhile: try again.
        continue;
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) return { heldBy: holder };
      rmSync(path, { force: true });
    }
  }
  return { heldBy: -1 };
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
