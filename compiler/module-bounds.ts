import { existsSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { readInputText } from "../host/input-file.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { isInside } from "../host/path-inside.js";

/**
 * The project a blueprint belongs to: the folder of the nearest package.json above it, or of the
 * npm workspace root that package is part of, or the blueprint's own folder when there is none.
 */
export function projectOf(entry: string): string {
  let nearest: string | undefined;
  for (let directory = dirname(entry); ; directory = dirname(directory)) {
    if (existsSync(join(directory, "package.json"))) {
      if (nearest === undefined) nearest = directory;
      else if (declaresWorkspaces(join(directory, "package.json"))) return directory;
    }
    if (dirname(directory) === directory) return nearest ?? dirname(entry);
  }
}

function declaresWorkspaces(file: string): boolean {
  const read = readInputText(file);
  if (!read.ok) return false;
  try {
    return typeof (JSON.parse(read.text) as { workspaces?: unknown }).workspaces === "object";
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Where the modules of a set of blueprints may come from, once every link is followed. */
export interface ModuleBounds {
  /** Whether a module at this real path may be read. */
  allows(realPath: string): boolean;
  /** The blueprints' projects, as real paths, for messages. */
  readonly projects: readonly string[];
}

/**
 * Blueprints import code and data (JSON) from their project, from installed packages (anything in
 * a node_modules folder, where npm puts them) and from gp itself (the DSL and profiles it lends).
 * A module whose real path is anywhere else was reached through a link out of the project, which
 * a cloned repository can plant to make gp read and print the user's files: it is refused before
 * TypeScript or the bundler reads it.
 */
export function moduleBounds(entries: readonly string[]): ModuleBounds {
  const projects = [...new Set(entries.map((entry) => realOrSelf(projectOf(entry))))];
  const own = realOrSelf(PACKAGE_ROOT);
  const named = new Set(entries.map(realOrSelf));
  return {
    projects,
    allows: (realPath) =>
      named.has(realPath) || isInside(realPath, own) || projects.some((project) => isInside(realPath, project)) || realPath.split(sep).includes("node_modules"),
  };
}
