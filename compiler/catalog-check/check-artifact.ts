import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { locateInDocument } from "../artifact/locate.js";
import { fromSyntax } from "../../genpack/python.js";
import type { ArtifactSource } from "../artifact/read-artifact.js";
import { toJson } from "../artifact/resolve-target.js";
import type { CatalogNames } from "./catalog-names.js";
import { checkAgainstCatalog } from "./check-against-catalog.js";

/** The subdirectories of `directory`, or none when it cannot be read. */
function directoriesIn(directory: string): string[] {
  try {
    return readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** The `category/name` of every package of an artifact's overlay/: each directory two down that holds an ebuild. */
export function overlayAtoms(artifactDirectory: string): Set<string> {
  const overlay = join(artifactDirectory, "overlay");
  const atoms = new Set<string>();
  for (const category of directoriesIn(overlay)) {
    for (const name of directoriesIn(join(overlay, category))) {
      try {
        if (readdirSync(join(overlay, category, name)).some((file) => file.endsWith(".ebuild"))) atoms.add(`${category}/${name}`);
      } catch {
        // An unreadable package directory holds no package Portage could use either.
      }
    }
  }
  return atoms;
}

/**
 * Judges an artifact's genpack.json5 by a catalog, as checkAgainstCatalog judges a blueprint; the
 * packages of its overlay/ count as known. Each problem is located at its key path in the file.
 */
export function checkArtifactAgainstCatalog(artifact: ArtifactSource, catalog: CatalogNames): Diagnostic[] {
  const root = artifact.document.root;
  const spec = toJson(fromSyntax(root));
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return [];
  return checkAgainstCatalog(spec as Record<string, unknown>, catalog, { keys: "genpack", localAtoms: overlayAtoms(artifact.directory) }).map((issue) => ({
    code: issue.entry.code,
    severity: issue.severity,
    message: issue.message,
    location: locateInDocument(artifact.file, root, issue.path, issue.target),
    path: issue.path,
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  }));
}
