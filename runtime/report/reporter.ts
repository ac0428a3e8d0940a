/**
 * What a long build tells the person or machine watching it. Phases and the code under them
 * report here and never print: the CLI picks how the events are shown (a live status on a TTY,
 * plain lines in a log, one JSON object per line with `--json`).
 */
export type BuildEvent =
  | { readonly type: "phase"; readonly phase: string; readonly status: "start" | "done" | "skipped" | "failed"; readonly reason?: string; readonly seconds?: number }
  | { readonly type: "step"; readonly phase: string; readonly step: string; readonly index?: number; readonly total?: number }
  | { readonly type: "log"; readonly phase: string; readonly line: string }
  | { readonly type: "note"; readonly phase: string; readonly level: "info" | "warning"; readonly message: string }
  | { readonly type: "progress"; readonly phase: string; readonly what: string; readonly done: number; readonly total?: number }
  | { readonly type: "result"; readonly ok: boolean; readonly [key: string]: unknown };

export interface Reporter {
  emit(event: BuildEvent): void;
  /** Called once at the end, to leave the terminal tidy. */
  close(): void;
}

/** A reporter that drops everything, for library callers that want none. */
export const silentReporter: Reporter = { emit() {}, close() {} };

/** Reports for one phase, with the phase name filled in. */
export class PhaseReport {
  constructor(
    readonly reporter: Reporter,
    readonly phase: string,
  ) {}

  step(step: string, index?: number, total?: number): void {
    this.reporter.emit({ type: "step", phase: this.phase, step, ...(index === undefined ? {} : { index }), ...(total === undefined ? {} : { total }) });
  }

  log(line: string): void {
    this.reporter.emit({ type: "log", phase: this.phase, line });
  }

  info(message: string): void {
    this.reporter.emit({ type: "note", phase: this.phase, level: "info", message });
  }

  warn(message: string): void {
    this.reporter.emit({ type: "note", phase: this.phase, level: "warning", message });
  }

  progress(what: string, done: number, total?: number): void {
    this.reporter.emit({ type: "progress", phase: this.phase, what, done, ...(total === undefined ? {} : { total }) });
  }
}
