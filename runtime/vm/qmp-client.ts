import { createConnection, type Socket } from "node:net";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * A client for QMP, QEMU's machine protocol, over its unix socket: one JSON object per line,
 * a greeting, capability negotiation, then commands whose replies carry the command's id, with
 * asynchronous events interleaved. Replies are matched by id and events kept apart, because
 * QEMU sends some events before the reply to the command that caused them (POWERDOWN comes
 * before the reply to system_powerdown), and a reader that takes the next line as the reply
 * mistakes one for the other.
 */

/** A command QEMU refused (`qmpClass` is QMP's error class, such as CommandNotFound), or a broken connection. */
export class QmpError extends GpError {
  override name = "QmpError";

  constructor(
    message: string,
    readonly qmpClass?: string,
  ) {
    super(codes.qmpFailed, message);
  }
}

export interface QmpEvent {
  readonly event: string;
  readonly data?: unknown;
  readonly timestamp?: { seconds: number; microseconds: number };
}

export interface QmpGreeting {
  readonly version: { readonly qemu: { readonly major: number; readonly minor: number; readonly micro: number }; readonly package?: string };
  readonly capabilities: unknown[];
}

export interface QmpConnectOptions {
  /** For the greeting and the capability negotiation together. @default 5000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5000;

interface PendingCommand {
  readonly command: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: QmpError) => void;
  readonly timer: NodeJS.Timeout;
}

interface EventWaiter {
  readonly name: string;
  readonly matches: (event: QmpEvent) => boolean;
  readonly resolve: (event: QmpEvent) => void;
  readonly reject: (error: QmpError) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

export class QmpClient {
  readonly #socket: Socket;
  readonly #path: string;
  #greeting: QmpGreeting | undefined;
  #onGreeting: ((greeting: QmpGreeting) => void) | undefined;
  #buffered = "";
  #nextId = 1;
  readonly #pending = new Map<string, PendingCommand>();
  readonly #events: QmpEvent[] = [];
  readonly #waiters = new Set<EventWaiter>();
  /** Set once the connection is gone, with the reason given to whatever still waits. */
  #closedBecause: QmpError | undefined;
  /** Why the connection broke, when it did not simply close. */
  #failure: QmpError | undefined;
  #quitSent = false;
  /** Resolves when the connection is gone: QEMU closed it (it exits, say after `quit`), or {@link close} was called. */
  readonly closed: Promise<void>;
  #markClosed!: () => void;

  private constructor(socket: Socket, path: string) {
    this.#socket = socket;
    this.#path = path;
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.#receive(chunk));
    // Every socket error ends in "close", which settles whatever waits; the listener keeps
    // the error from being thrown as an uncaught 'error' event.
    socket.on("error", (error: NodeJS.ErrnoException) => this.#noteError(error));
    socket.on("close", () => this.#finish());
  }

  /**
   * Connects, reads the greeting and negotiates capabilities. Rejects with a QmpError when there
   * is no socket or nothing listens on it, and when no greeting comes in time: QMP serves one
   * client at a time, and a second one is left waiting without a word. Cancelling through
   * `signal` rejects with the signal's reason.
   */
  static async connect(socketPath: string, options: QmpConnectOptions = {}): Promise<QmpClient> {
    options.signal?.throwIfAborted();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const startedAt = Date.now();
    const client = new QmpClient(createConnection({ path: socketPath }), socketPath);
    const onAbort = () => client.#fail(new QmpError(`connecting to QMP at ${socketPath} was cancelled`));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await client.#greetingWithin(timeoutMs);
      // The negotiation gets what is left of the time limit.
      const remaining = Math.max(1, timeoutMs - (Date.now() - startedAt));
      await client.execute("qmp_capabilities", undefined, { timeoutMs: remaining });
      return client;
    } catch (error) {
      client.close();
      throw options.signal?.aborted === true ? options.signal.reason : error;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** The greeting QEMU sent: its version and the capabilities it offered. */
  get greeting(): QmpGreeting {
    if (this.#greeting === undefined) throw new QmpError(`no QMP greeting from ${this.#path} yet`);
    return this.#greeting;
  }

  /** Every event received so far, in arrival order. */
  get events(): readonly QmpEvent[] {
    return this.#events;
  }

  /**
   * Runs `command` and resolves with the `return` of its reply. Rejects with a QmpError when
   * QEMU answers with an error, when no reply comes within `timeoutMs` (default 5000), or when
   * the connection closes first, except that `quit` resolves then: QEMU may go away, or reset
   * the connection, without replying to it.
   */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, options: { readonly timeoutMs?: number } = {}): Promise<T> {
    if (this.#closedBecause !== undefined) return Promise.reject(new QmpError(`cannot run ${command}: ${this.#closedBecause.message}`));
    const id = `gp-${this.#nextId++}`;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new QmpError(`QEMU did not reply to ${command} within ${seconds(timeoutMs)} s (QMP at ${this.#path})`));
      }, timeoutMs);
      timer.unref();
      this.#pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject, timer });
      if (command === "quit") this.#quitSent = true;
      this.#socket.write(`${JSON.stringify({ execute: command, ...(args === undefined ? {} : { arguments: args }), id })}\n`);
    });
  }

  /**
   * Resolves with the first event called `name` (and accepted by `matches`), among those already
   * received or, failing that, the next to come. Rejects after `timeoutMs` (default 5000;
   * Infinity waits for as long as the connection lasts) or when the connection closes.
   */
  waitForEvent(name: string, options: { readonly timeoutMs?: number; readonly matches?: (event: QmpEvent) => boolean } = {}): Promise<QmpEvent> {
    const matches = options.matches ?? (() => true);
    const received = this.#events.find((event) => event.event === name && matches(event));
    if (received !== undefined) return Promise.resolve(received);
    if (this.#closedBecause !== undefined) return Promise.reject(new QmpError(`no ${name} event came before ${this.#closedBecause.message}`));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<QmpEvent>((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.#waiters.delete(waiter);
            reject(new QmpError(`no ${name} event from QEMU within ${seconds(timeoutMs)} s (QMP at ${this.#path})`));
          }, timeoutMs).unref()
        : undefined;
      const waiter: EventWaiter = { name, matches, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /** Closes the connection; whatever still waits is rejected (a sent `quit` resolves). */
  close(): void {
    this.#socket.destroy();
    // destroy() emits "close" later; settle now so that nothing runs on a closed client meanwhile.
    this.#finish();
  }

  #greetingWithin(timeoutMs: number): Promise<QmpGreeting> {
    return new Promise<QmpGreeting>((resolve, reject) => {
      const timer = setTimeout(() => this.#fail(noGreeting(this.#path, timeoutMs)), timeoutMs);
      timer.unref();
      this.#onGreeting = (greeting) => {
        clearTimeout(timer);
        resolve(greeting);
      };
      void this.closed.then(() => {
        clearTimeout(timer);
        reject(this.#failure ?? this.#closedBecause ?? new QmpError(`QMP at ${this.#path} closed before its greeting`));
      });
    });
  }

  #receive(chunk: string): void {
    this.#buffered += chunk;
    let newline: number;
    while ((newline = this.#buffered.indexOf("\n")) >= 0 && this.#failure === undefined) {
      const line = this.#buffered.slice(0, newline).trim();
      this.#buffered = this.#buffered.slice(newline + 1);
      if (line !== "") this.#handleLine(line);
    }
  }

  #handleLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.#fail(new QmpError(`${this.#path} does not speak QMP: it sent ${abbreviate(line)}`));
      return;
    }
    if (typeof message !== "object" || message === null) {
      this.#fail(new QmpError(`${this.#path} does not speak QMP: it sent ${abbreviate(line)}`));
      return;
    }
    const fields = message as Record<string, unknown>;
    if ("QMP" in fields) this.#handleGreeting(fields["QMP"], line);
    else if (typeof fields["event"] === "string") this.#handleEvent(fields as unknown as QmpEvent);
    else if ("return" in fields || "error" in fields) this.#handleReply(fields);
    // Anything else is a message of a newer QEMU that this client does not know: left alone.
  }

  #handleGreeting(greeting: unknown, line: string): void {
    const version = (greeting as { version?: { qemu?: unknown } } | null)?.version?.qemu;
    if (typeof version !== "object" || version === null) {
      this.#fail(new QmpError(`${this.#path} sent a QMP greeting without a QEMU version: ${abbreviate(line)}`));
      return;
    }
    this.#greeting = greeting as QmpGreeting;
    this.#onGreeting?.(this.#greeting);
    this.#onGreeting = undefined;
  }

  #handleEvent(event: QmpEvent): void {
    this.#events.push(event);
    for (const waiter of this.#waiters) {
      if (waiter.name !== event.event || !waiter.matches(event)) continue;
      this.#waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(event);
    }
  }

  #handleReply(reply: Record<string, unknown>): void {
    // A reply without our id answers nobody here (another client's, or one that timed out).
    const id = reply["id"];
    const pending = typeof id === "string" ? this.#pending.get(id) : undefined;
    if (pending === undefined) return;
    this.#pending.delete(id as string);
    clearTimeout(pending.timer);
    if ("error" in reply) {
      const error = (reply["error"] ?? {}) as { class?: unknown; desc?: unknown };
      const qmpClass = typeof error.class === "string" ? error.class : undefined;
      const desc = typeof error.desc === "string" ? error.desc : "no description";
      pending.reject(new QmpError(`QEMU refused ${pending.command}: ${desc}${qmpClass === undefined ? "" : ` (${qmpClass})`}`, qmpClass));
    } else {
      pending.resolve(reply["return"]);
    }
  }

  #noteError(error: NodeJS.ErrnoException): void {
    // QEMU may reset the connection as it exits after quit, instead of closing it.
    if (this.#quitSent && (error.code === "ECONNRESET" || error.code === "EPIPE")) return;
    this.#failure ??= connectionProblem(this.#path, error);
  }

  /** Ends the connection because of `problem`, which is what everything still waiting gets. */
  #fail(problem: QmpError): void {
    this.#failure ??= problem;
    this.close();
  }

  #finish(): void {
    if (this.#closedBecause !== undefined) return;
    const because = this.#failure ?? new QmpError(`the QMP connection to ${this.#path} closed`);
    this.#closedBecause = because;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      if (pending.command === "quit" && this.#failure === undefined) pending.resolve({});
      else pending.reject(new QmpError(`no reply to ${pending.command}: ${because.message}`, because.qmpClass));
    }
    for (const waiter of this.#waiters) {
      this.#waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.reject(new QmpError(`no ${waiter.name} event came before ${because.message}`));
    }
    this.#markClosed();
  }
}

/** Why the socket at `path` could not be used, in words a user can act on. */
function connectionProblem(path: string, error: NodeJS.ErrnoException): QmpError {
  switch (error.code) {
    case "ENOENT":
      return new QmpError(`no QMP socket at ${path} (is the VM running?)`);
    case "ECONNREFUSED":
      return new QmpError(`nothing listening on the QMP socket ${path} (QEMU has exited, or is not yet listening)`);
    case "EACCES":
    case "EPERM":
      return new QmpError(`no permission to connect to the QMP socket ${path}`);
    case "ENOTSOCK":
      return new QmpError(`${path} is not a socket`);
    default:
      return new QmpError(`the QMP connection to ${path} failed: ${error.message}`);
  }
}

function noGreeting(path: string, timeoutMs: number): QmpError {
  return new QmpError(`no greeting from QMP at ${path} within ${seconds(timeoutMs)} s: QMP serves one client at a time, so another client may be holding it (or QEMU is stuck)`);
}

function seconds(milliseconds: number): string {
  return String(Number((milliseconds / 1000).toFixed(1)));
}

function abbreviate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
