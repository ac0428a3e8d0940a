import { JsonReporter } from "./json-reporter.js";
import type { Reporter } from "./reporter.js";
import { TerminalReporter } from "./terminal-reporter.js";

/** Where a command reports and how: JSON lines on stdout, or text on stderr, coloured or not. */
export interface ReportTarget {
  readonly json: boolean;
  readonly color: boolean;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A live status on a terminal, plain lines in a log, JSON lines with --json. */
export function commandReporter(target: ReportTarget): Reporter {
  if (target.json) return new JsonReporter(target.stdout);
  const stream = target.stderr as NodeJS.WriteStream;
  const live = stream.isTTY === true && process.env["CI"] !== "true";
  return new TerminalReporter(stream, { color: target.color, live, columns: () => stream.columns ?? 100 });
}
