import { readFileSync } from "node:fs";

/**
 * A process as the kernel knows it: its pid and when it started (in clock ticks after boot). A
 * pid alone is reused once its process has gone; the pair names one process for the life of
 * the machine.
 */
export interface ProcessIdentity {
  readonly pid: number;
  readonly startTicks: number;
}

/** What /proc/PID/stat says about a process: its state letter and start time. */
export function parseProcStat(stat: string): { state: string; startTicks: number } | undefined {
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const end = stat.lastIndexOf(")");
  if (end === -1) return undefined;
  const fields = stat.slice(end + 2).split(" ");
  // fields[0] is field 3 (state); the start time is field 22.
  const startTicks = Number(fields[19]);
  if (fields[0] === undefined || !Number.isInteger(startTicks)) return undefined;
  return { state: fields[0], startTicks };
}

/** The identity of live process `pid`, or undefined when there is none (or only its zombie, which is as good as gone). */
export function processIdentity(pid: number, procRoot = "/proc"): ProcessIdentity | undefined {
  let stat: string;
  try {
    stat = readFileSync(`${procRoot}/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const parsed = parseProcStat(stat);
  if (parsed === undefined || parsed.state === "Z" || parsed.state === "X") return undefined;
  return { pid, startTicks: parsed.startTicks };
}

/** Whether the process `identity` names is still running. */
export function isRunning(identity: ProcessIdentity, procRoot = "/proc"): boolean {
  return processIdentity(identity.pid, procRoot)?.startTicks === identity.startTicks;
}

/** Seconds since process `identity` started, from its start time and the system's uptime. */
export function processAgeSeconds(identity: ProcessIdentity, procRoot = "/proc"): number | undefined {
  try {
    const uptime = Number(readFileSync(`${procRoot}/uptime`, "utf8").split(" ")[0]);
    // USER_HZ is 100 on every Linux architecture gp runs on.
    return Math.max(0, Math.round(uptime - identity.startTicks / 100));
  } catch {
    return undefined;
  }
}
