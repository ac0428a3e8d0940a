import { lstatSync } from "node:fs";

/** Whether anything stands at a path (a file, a folder, a link even to nothing), without following a link. */
export function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
