import { lstatSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { describeKind, readInputFile } from "../../host/input-file.js";
import { checkSystemIni } from "../../genpack/system-ini/check-system-ini.js";
import type { SystemIniFinding } from "../../genpack/system-ini/finding.js";
import { readSystemIni } from "../../genpack/system-ini/read-system-ini.js";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";

/** Reads a system.ini (never waiting on a FIFO, never reading a folder) and checks it; the findings name its absolute path. */
export function checkSystemIniFile(path: string, schema?: SystemIniSchema): SystemIniFinding[] {
  const read = readInputFile(path);
  if (!read.ok) throw new GpError(codes.iniFileUnusable, `${path} ${read.reason}`);
  return checkSystemIni({ parsed: readSystemIni(read.data), file: resolve(path), ...(schema === undefined ? {} : { schema }) });
}

/**
 * Writes `text` to `path` whole or not at all: into a new file beside it, then renamed over it.
 * An existing file is replaced only with `force`; a folder, FIFO or link standing there never.
 */
export function writeWholeFile(path: string, text: string, force: boolean): void {
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile()) throw new GpError(codes.iniFileUnusable, `${path} is ${describeKind(existing)}; gp ini writes only a regular file`, { hint: "Give -o a file name." });
  if (existing !== undefined && !force) throw new GpError(codes.iniFileUnusable, `${path} exists`, { hint: "Give --force to replace it, or -o another file." });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let created = false;
  try {
    // "wx": a file or link left at the temporary path is an error, never followed.
    writeFileSync(temporary, text, { flag: "wx" });
    created = true;
    renameSync(temporary, path);
  } catch (error) {
    if (created) rmSync(temporary, { force: true });
    throw new GpError(codes.iniFileUnusable, `${path} cannot be written: ${(error as Error).message}`, { cause: error });
  }
}
