import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic } from "../../errors/diagnostics.js";
import { BLUEPRINT } from "./default-target.js";

/** Folders that hold no blueprint of the project: installed packages, gp's own output and work. */
const PASSED_OVER = new Set(["node_modules", "out", "work"]);

/** How many links a message lists before it says how many more there are. */
const LISTED = 10;

export type FoundBlueprints =
  | {
      readonly ok: true;
      /** The folder with its links resolved: every blueprint is below it. */
      readonly root: string;
      readonly blueprints: readonly string[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * Every blueprint (`*.image.ts`) below `folder`, sorted: hidden folders, `node_modules`, `out`
 * and `work` are passed over. Links are never followed: one that stays inside names something
 * found by its own path anyway, and one that leads out is an error, since the build would then
 * depend on files elsewhere. The walk keeps its own stack, so a deep tree costs no recursion.
 */
export function findBlueprints(folder: string): FoundBlueprints {
  let root: string;
  try {
    root = realpathSync(folder);
    if (!statSync(root).isDirectory()) throw new Error("not a folder");
  } catch (problem) {
    const missing = (problem as NodeJS.ErrnoException).code === "ENOENT";
    return {
      ok: false,
      diagnostics: [error(codes.noBlueprintsInFolder, `${folder} ${missing ? "does not exist" : "is not a folder that can be read"}.`, { location: { file: folder }, hint: "Name the folder that holds the blueprints to build." })],
    };
  }
  const blueprints: string[] = [];
  const leaving: string[] = [];
  const unreadable: string[] = [];
  const pending = [root];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      unreadable.push(directory);
      continue;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(path);
        } catch {
          continue; // A dangling link names nothing to build.
        }
        if (!within(root, target)) leaving.push(`${relative(root, path)} -> ${target}`);
      } else if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !PASSED_OVER.has(entry.name)) pending.push(path);
      } else if (entry.isFile() && BLUEPRINT.test(entry.name)) {
        blueprints.push(path);
      }
    }
  }
  if (leaving.length > 0) {
    const listed = leaving.sort().slice(0, LISTED).join(", ") + (leaving.length > LISTED ? ` and ${leaving.length - LISTED} more` : "");
    return {
      ok: false,
      diagnostics: [
        error(codes.linkLeavesFolder, `${folder} holds ${leaving.length === 1 ? "a link" : `${leaving.length} links`} leading out of it: ${listed}.`, {
          location: { file: folder },
          hint: "Replace each link with what it points to, or move that into the folder.",
        }),
      ],
    };
  }
  if (blueprints.length === 0) {
    const also = unreadable.length > 0 ? ` (${unreadable.length} folder${unreadable.length === 1 ? "" : "s"} below it could not be read)` : "";
    return {
      ok: false,
      diagnostics: [
        error(codes.noBlueprintsInFolder, `${folder} holds no blueprint (*.image.ts) outside node_modules, out, work and hidden folders${also}.`, {
          location: { file: folder },
          hint: "Name the folder that holds the blueprints, or start one with `gp init`.",
        }),
      ],
    };
  }
  return { ok: true, root, blueprints: blueprints.sort() };
}
