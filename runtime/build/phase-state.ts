import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { readInputText } from "../../host/input-file.js";
import type { PhaseInputs } from "./phase-key.js";

/**
 * What a finished phase recorded: its key and the digests of its inputs. A phase removes its
 * record before it changes anything and writes it back only once it finished, so a build that
 * was killed leaves no record and the next build redoes the phase instead of trusting it.
 */
export interface PhaseRecord {
  readonly key: string;
  readonly inputs: PhaseInputs;
  readonly finished: string;
  /** Phase-specific facts a later phase needs, such as the lower's fresh flag. */
  readonly facts?: Readonly<Record<string, unknown>>;
}

/** The record at `path`; anything that is not a readable record of gp's (missing, a FIFO, malformed) counts as none, so the phase runs. */
export function readRecord(path: string): PhaseRecord | undefined {
  const read = readInputText(path, { within: dirname(path) });
  if (!read.ok) return undefined;
  try {
    const parsed = JSON.parse(read.text) as Partial<PhaseRecord>;
    if (typeof parsed.key !== "string" || typeof parsed.inputs !== "object" || parsed.inputs === null) return undefined;
    return parsed as PhaseRecord;
  } catch {
    return undefined;
  }
}

/** Writes a record atomically: a temporary file renamed over the old one. */
export function writeRecord(path: string, record: PhaseRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, path);
}

export function forgetRecord(path: string): void {
  rmSync(path, { force: true });
}
