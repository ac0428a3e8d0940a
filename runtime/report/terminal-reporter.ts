import type { BuildEvent, Reporter } from "./reporter.js";

/** How many lines of the running command's output the live status shows. */
const TAIL_LINES = 6;

function elapsed(since: number): string {
  const seconds = Math.floor((Date.now() - since) / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

function clip(line: string, width: number): string {
  // Output of tools carries colours and cursor moves of its own; the status shows plain text.
  const plain = line.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\r/g, "");
  return plain.length > width ? `${plain.slice(0, Math.max(0, width - 1))}…` : plain;
}

export interface TerminalOptions {
  readonly color: boolean;
  /** A live, redrawn status (a TTY), or plain lines (a log file, CI). */
  readonly live: boolean;
  readonly columns?: () => number;
}

/**
 * Human output. On a TTY: finished phases and notes scroll by, and below them a status block
 * redraws in place: the phase and step, the time so far, and the tail of the current log.
 * Elsewhere: one plain line per phase, step and note, with the elapsed time.
 */
export class TerminalReporter implements Reporter {
  readonly #stream: NodeJS.WritableStream;
  readonly #options: TerminalOptions;
  readonly #started = Date.now();
  #phaseStarted = Date.now();
  #phase = "";
  #step = "";
  #tail: string[] = [];
  #drawn = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: NodeJS.WritableStream, options: TerminalOptions) {
    this.#stream = stream;
    this.#options = options;
    if (options.live) {
      this.#timer = setInterval(() => this.#redraw(), 1000);
      this.#timer.unref();
    }
  }

  #paint(code: string, text: string): string {
    return this.#options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  #columns(): number {
    return this.#options.columns?.() ?? 100;
  }

  #clear(): void {
    if (this.#drawn > 0) this.#stream.write(`\u001b[${this.#drawn}A\u001b[0J`);
    this.#drawn = 0;
  }

  #redraw(): void {
    if (!this.#options.live || this.#phase === "") return;
    this.#clear();
    const width = this.#columns();
    const head = `${this.#paint("1", this.#phase)} ${this.#step} ${this.#paint("2", elapsed(this.#phaseStarted))}`;
    const lines = [clip(head, width + (this.#options.color ? 12 : 0)), ...this.#tail.map((line) => this.#paint("2", `  ${clip(line, width - 2)}`))];
    this.#stream.write(`${lines.join("\n")}\n`);
    this.#drawn = lines.length;
  }

  /** A line that stays: written above the live status. */
  #print(text: string): void {
    this.#clear();
    this.#stream.write(`${text}\n`);
    this.#redraw();
  }

  emit(event: BuildEvent): void {
    switch (event.type) {
      case "phase":
        if (event.status === "start") {
          this.#phase = event.phase;
          this.#phaseStarted = Date.now();
          this.#step = "";
          this.#tail = [];
          this.#print(`${this.#paint("1", event.phase)}: ${event.reason ?? "running"}`);
        } else {
          const seconds = event.seconds === undefined ? "" : ` (${event.seconds.toFixed(1)} s)`;
          const colour = event.status === "failed" ? "31" : event.status === "skipped" ? "2" : "32";
          const text = `${event.phase}: ${event.status}${event.reason === undefined ? "" : `, ${event.reason}`}${seconds}`;
          this.#phase = "";
          this.#print(this.#paint(colour, text));
        }
        return;
      case "step":
        this.#step = event.total === undefined ? event.step : `[${event.index ?? "?"}/${event.total}] ${event.step}`;
        if (this.#options.live) this.#redraw();
        else this.#print(`${event.phase}: ${this.#step} (${elapsed(this.#started)})`);
        return;
      case "log":
        this.#tail.push(event.line);
        if (this.#tail.length > TAIL_LINES) this.#tail.shift();
        return;
      case "note":
        this.#print(event.level === "warning" ? this.#paint("33", `${event.phase}: warning: ${event.message}`) : `${event.phase}: ${event.message}`);
        return;
      case "progress":
        if (this.#options.live) {
          this.#step = `${event.what} ${event.total === undefined ? event.done : `${Math.floor((event.done / Math.max(event.total, 1)) * 100)}%`}`;
        }
        return;
      case "result":
        return;
    }
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#clear();
  }
}
