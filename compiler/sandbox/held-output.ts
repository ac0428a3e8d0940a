import { Writable } from "node:stream";

/** What several held outputs hold together, in bytes. */
export interface HeldBytes {
  total: number;
}

/**
 * A blueprint's console output, held back until gp knows whether the blueprint's run counts: a
 * blueprint runs while the type-check still works on it, and one the check then rejects must
 * not have printed anything. Released, what was held goes to `target` in order and the rest
 * follows as it comes; dropped, all of it is discarded. What one holds is bounded by what the
 * sandbox relays at all (sandbox/run-blueprint.ts); what all hold together is kept in `tally`,
 * so that gp can stop running blueprints ahead of their judgement when it grows.
 */
export class HeldOutput extends Writable {
  #held: Buffer[] | undefined = [];
  #heldBytes = 0;
  #released = false;

  constructor(
    private readonly target: Writable,
    private readonly tally: HeldBytes = { total: 0 },
  ) {
    super();
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (problem?: Error | null) => void): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk;
    if (this.#released) {
      this.target.write(bytes);
    } else if (this.#held !== undefined) {
      this.#held.push(bytes);
      this.#heldBytes += bytes.length;
      this.tally.total += bytes.length;
    }
    done();
  }

  /** Everything held goes to the target, and everything written from now on. */
  release(): void {
    if (this.#released || this.#held === undefined) return;
    this.#released = true;
    for (const chunk of this.#held) this.target.write(chunk);
    this.#forget();
  }

  /** Everything held, and everything written from now on, is discarded. */
  drop(): void {
    if (!this.#released) this.#forget();
  }

  #forget(): void {
    this.#held = undefined;
    this.tally.total -= this.#heldBytes;
    this.#heldBytes = 0;
  }
}
