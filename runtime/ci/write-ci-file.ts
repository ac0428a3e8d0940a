import { lstatSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { describeKind } from "../../host/input-file.js";
import { isInside } from "../../host/path-inside.js";
import { writeFileAtomic } from "../inputs/atomic-write.js";

/**
 * The first symbolic link on the way from `cwd` to `path`, or undefined. Links `cwd` is itself
 * reached through are the user's own; any other would send the file somewhere its path does
 * not say.
 */
function linkOnTheWay(path: string, cwd: string): string | undefined {
  const parts = path.split(sep).filter((part) => part !== "");
  let current = isAbsolute(path) ? sep : "";
  for (const part of parts) {
    current = join(current, part);
    if (isInside(cwd, current)) continue;
    const stats = lstatSync(current, { throwIfNoEntry: false });
    if (stats === undefined) return undefined;
    if (stats.isSymbolicLink()) return current;
  }
  return undefined;
}

/**
 * Writes a CI file whole or not at all: aside, then renamed in (or, without `force`, linked in,
 * which fails when anything appeared there meanwhile). An existing file is replaced only with
 * `force`; a folder, FIFO or link standing there, or a link on the way to it, never.
 */
export async function writeCiFile(path: string, text: string, options: { readonly force: boolean; readonly cwd: string }): Promise<void> {
  const target = resolve(options.cwd, path);
  const shown = relative(options.cwd, target) || target;
  const link = linkOnTheWay(target, options.cwd);
  if (link !== undefined) throw new GpError(codes.ciFileInTheWay, `${relative(options.cwd, link) || link} is a symbolic link; gp ci never writes through one.`, { hint: "Give -o a path without links, or remove the link." });
  const existing = lstatSync(target, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile()) throw new GpError(codes.ciFileInTheWay, `${shown} is ${describeKind(existing)}; gp ci writes only a regular file.`, { hint: "Give -o a file name." });
  if (existing !== undefined && !options.force) throw new GpError(codes.ciFileInTheWay, `${shown} exists.`, { hint: "Give --force to replace it, or -o another file." });
  try {
    mkdirSync(dirname(target), { recursive: true });
    await writeFileAtomic(target, text, { replace: options.force });
  } catch (failure) {
    const code = (failure as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new GpError(codes.ciFileInTheWay, `${shown} appeared while gp ci wrote it.`, { hint: "Give --force to replace it." });
    throw new GpError(codes.ciFileInTheWay, `${shown} cannot be written: ${(failure as Error).message}`, { cause: failure });
  }
}
