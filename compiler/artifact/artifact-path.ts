import { statSync } from "node:fs";
import { basename } from "node:path";

/** Whether a path names an artifact: a directory, or a genpack.json5/genpack.json file. */
export function isArtifactPath(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return isGenpackFileName(path);
}

/** Whether a file is named as genpack's own file is. */
export function isGenpackFileName(path: string): boolean {
  return basename(path) === "genpack.json5" || basename(path) === "genpack.json";
}
