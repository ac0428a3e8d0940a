import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic } from "../../errors/diagnostics.js";

/** A blueprint's file name, as gp init and gp import write them: `<name>.image.ts`. */
export const BLUEPRINT = /\.image\.(?:[cm]?ts|[cm]?js)$/;

/** How many names a message lists before it says how many more there are. */
const LISTED = 10;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * What a command on a blueprint or an artifact works on when none is named: the directory
 * itself when it is an artifact (it has a genpack.json5 or genpack.json, as genpack builds the
 * directory it runs in), else its one blueprint. Several blueprints are an error naming them,
 * since picking one would be a guess; so is a directory with neither.
 */
export function defaultTarget(directory: string): { readonly ok: true; readonly target: string } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] } {
  if (isFile(join(directory, "genpack.json5")) || isFile(join(directory, "genpack.json"))) return { ok: true, target: directory };
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    names = [];
  }
  const blueprints = names.filter((name) => BLUEPRINT.test(name) && isFile(join(directory, name))).sort();
  const [only] = blueprints;
  if (blueprints.length === 1 && only !== undefined) return { ok: true, target: join(directory, only) };
  if (blueprints.length > 1) {
    const listed = blueprints.slice(0, LISTED).join(", ") + (blueprints.length > LISTED ? ` and ${blueprints.length - LISTED} more` : "");
    return {
      ok: false,
      diagnostics: [
        error(codes.severalBlueprints, `${directory} holds ${blueprints.length} blueprints: ${listed}. Which one is meant cannot be told.`, {
          location: { file: directory },
          hint: "Name the blueprint to use on the command line.",
        }),
      ],
    };
  }
  return {
    ok: false,
    diagnostics: [
      error(codes.nothingToWorkOn, `${directory} holds neither a genpack artifact (genpack.json5 or genpack.json) nor a blueprint (*.image.ts).`, {
        location: { file: directory },
        hint: "Name a blueprint or an artifact directory on the command line, or start a project here with `gp init`.",
      }),
    ],
  };
}
