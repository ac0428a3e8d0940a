import type { BuildEvent, Reporter } from "./reporter.js";

/**
 * One JSON object per line, for machines. Log lines are left out: they are in the phase's log
 * file, whose path the events name; progress is throttled to one event per second per item.
 */
export class JsonReporter implements Reporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #lastProgress = new Map<string, number>();

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  emit(event: BuildEvent): void {
    if (event.type === "log") return;
    if (event.type === "progress") {
      const key = `${event.phase}\u0000${event.what}`;
      const now = Date.now();
      if (now - (this.#lastProgress.get(key) ?? 0) < 1000 && event.done !== event.total) return;
      this.#lastProgress.set(key, now);
    }
    this.#stream.write(`${JSON.stringify({ ...event, time: new Date().toISOString() })}\n`);
  }

  close(): void {}
}
