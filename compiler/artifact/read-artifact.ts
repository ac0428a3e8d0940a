import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { codes } from "../../errors/codes.js";
import { decodeUtf8 } from "../decode-utf8.js";
import { error, hasErrors, type Diagnostic } from "../../errors/diagnostics.js";
import { ARTIFACT_TOP_LEVEL } from "../emit.js";
import { describeKind, readInputFile } from "../../host/input-file.js";
import { isInside } from "../../host/path-inside.js";
import { parseJson5 } from "../../genpack/json5/parse.js";
import { isArtifactPath, isGenpackFileName } from "./artifact-path.js";

export { isArtifactPath };
import type { Document } from "../../genpack/json5/syntax.js";
import { checkGenpackJson } from "./check-genpack-json.js";
import { lintGenpackJson } from "./lint-genpack-json.js";
import { entryExists } from "../../host/entry-exists.js";
import { SCHEMA_ARTIFACT_NAME } from "../system-ini/artifact-schema.js";

/** A genpack artifact directory, read. */
export interface ArtifactSource {
  /** Absolute path of the artifact directory. */
  readonly directory: string;
  /** Absolute path of its genpack.json5 or genpack.json. */
  readonly file: string;
  readonly text: string;
  readonly document: Document;
}

export type ReadResult =
  | { readonly ok: true; readonly artifact: ArtifactSource; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };


/** The names gp reads from an artifact directory: its genpack file and the subdirectories genpack reads. */
const ARTIFACT_NAMES = [...ARTIFACT_TOP_LEVEL, "genpack.json"];

/**
 * The entries of an artifact directory that gp must not read or build from: a genpack file or
 * subdirectory (`files/`, `kernel/` and its `arch-*` folders, `env/`, `savedconfig/`, `patches/`,
 * `overlay/`) that is a symbolic link leading out of the directory, or into nothing, or in a
 * loop, and a subdirectory that is something other than a directory. Links that stay inside
 * are fine, and links below the subdirectories are content (files/ holds the image's own
 * links), copied as links and never followed. What a refused link leads to is never opened.
 */
export function artifactEntryProblems(directory: string): Diagnostic[] {
  let root: string;
  try {
    root = realpathSync(directory);
  } catch {
    return [];
  }
  const names = [...ARTIFACT_NAMES];
  try {
    if (lstatSync(join(directory, "kernel")).isDirectory()) names.push(...readdirSync(join(directory, "kernel")).filter((name) => name.startsWith("arch-")).sort().map((name) => `kernel/${name}`));
  } catch {
    // No kernel/: nothing below it to look at.
  }
  const problems: Diagnostic[] = [];
  for (const name of names) {
    const path = join(directory, name);
    let stats: Stats;
    try {
      stats = lstatSync(path);
    } catch {
      continue;
    }
    const isGenpackFile = isGenpackFileName(name) || name === SCHEMA_ARTIFACT_NAME;
    if (stats.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch (failure) {
        const loops = (failure as NodeJS.ErrnoException).code === "ELOOP";
        problems.push(error(codes.notAFile, `${name} ${loops ? "is a symbolic link that loops" : "is a symbolic link to something that does not exist"}.`, { location: { file: path } }));
        continue;
      }
      if (!isInside(real, root) || real === root) {
        problems.push(
          error(codes.linkLeavesArtifact, `${name} is a symbolic link that leads out of the artifact directory; gp reads and builds an artifact only from what is inside it.`, {
            location: { file: path },
            hint: `Put what ${name} should hold into the artifact directory, or make the link point inside it.`,
          }),
        );
        continue;
      }
      stats = statSync(path);
    }
    // The genpack file's own kind is named when it is read.
    if (!isGenpackFile && !stats.isDirectory()) problems.push(error(codes.notAFile, `${name} is ${describeKind(stats)}, not a directory; genpack reads ${name}/ as a directory.`, { location: { file: path } }));
  }
  return problems;
}

/**
 * Reads an artifact directory (or its genpack.json5/genpack.json) by genpack's rules: the .json5
 * file is JSON5, the .json file is JSON, and both at once is an error, as is neither. With
 * `check`, the file is also checked against genpack's rules and documentation, reporting every
 * problem at once; otherwise only syntax is, as `--compat genpack` leaves the rest to genpack's
 * own checks. Either way, entries that lead out of the directory are refused before anything
 * is read through them (see {@link artifactEntryProblems}).
 */
export function readArtifact(path: string, options: { readonly check: boolean }): ReadResult {
  const given = resolve(path);
  const directory = isGenpackFileName(given) ? dirname(given) : given;
  const json5 = join(directory, "genpack.json5");
  const json = join(directory, "genpack.json");
  const hasJson5 = entryExists(json5);
  const hasJson = entryExists(json);
  if (hasJson5 && hasJson) {
    return {
      ok: false,
      diagnostics: [error(codes.bothGenpackFiles, "Both genpack.json5 and genpack.json are here; genpack refuses to choose.", { location: { file: json }, hint: "Remove one of them." })],
    };
  }
  if (!hasJson5 && !hasJson) {
    return {
      ok: false,
      diagnostics: [
        error(codes.noGenpackFile, `${directory} holds neither genpack.json5 nor genpack.json.`, {
          location: { file: directory },
          hint: `Create one, such as \`echo '{ packages: ["app-misc/screen"] }' > genpack.json5\`, or compile a blueprint there.`,
        }),
      ],
    };
  }
  const file = hasJson5 ? json5 : json;
  const entryProblems = artifactEntryProblems(directory);
  if (entryProblems.some((problem) => problem.location?.file === file)) return { ok: false, diagnostics: entryProblems };
  const read = readInputFile(file, { within: directory, withinName: "the artifact directory" });
  if (!read.ok) return { ok: false, diagnostics: [...entryProblems, error(codes.notAFile, `${basename(file)} ${read.reason}.`, { location: { file } })] };
  const fail = (diagnostics: readonly Diagnostic[]): ReadResult => ({ ok: false, diagnostics: [...entryProblems, ...diagnostics] });
  const decoded = decodeUtf8(read.data);
  if (!decoded.ok) return fail([error(codes.syntaxError, decoded.message, { location: { file, start: decoded.position } })]);
  const text = decoded.text;
  const parsed = parseJson5(text, { json5: hasJson5 });
  if (!parsed.ok) return fail([error(codes.syntaxError, parsed.message, { location: { file, start: parsed.position } })]);
  const artifact: ArtifactSource = { directory, file, text, document: parsed.document };
  if (!options.check) return entryProblems.length > 0 ? fail([]) : { ok: true, artifact, diagnostics: [] };
  const diagnostics = checkGenpackJson(file, parsed.document.root);
  if (hasErrors(diagnostics) || entryProblems.length > 0) return fail(diagnostics);
  return { ok: true, artifact, diagnostics: [...diagnostics, ...lintGenpackJson(file, parsed.document.root)] };
}
