import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { codes } from "../codes.js";
import { decodeUtf8 } from "../decode-utf8.js";
import { error, hasErrors, type Diagnostic } from "../diagnostics.js";
import { parseJson5 } from "../json5/parse.js";
import type { Document } from "../json5/syntax.js";
import { checkGenpackJson } from "./check-genpack-json.js";
import { lintGenpackJson } from "./lint-genpack-json.js";

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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether a path names an artifact: a directory, or a genpack.json5/genpack.json file. */
export function isArtifactPath(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) return true;
  } catch {
    return false;
  }
  return basename(path) === "genpack.json5" || basename(path) === "genpack.json";
}

/**
 * Reads an artifact directory (or its genpack.json5/genpack.json) by genpack's rules: the .json5
 * file is JSON5, the .json file is JSON, and both at once is an error, as is neither. With
 * `check`, the file is also checked against genpack's rules and documentation, reporting every
 * problem at once; otherwise only syntax is, as `--compat genpack` leaves the rest to genpack's
 * own checks.
 */
export function readArtifact(path: string, options: { readonly check: boolean }): ReadResult {
  const given = resolve(path);
  const directory = isFile(given) ? dirname(given) : given;
  const json5 = join(directory, "genpack.json5");
  const json = join(directory, "genpack.json");
  const hasJson5 = isFile(json5);
  const hasJson = isFile(json);
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
  const decoded = decodeUtf8(readFileSync(file));
  if (!decoded.ok) return { ok: false, diagnostics: [error(codes.syntaxError, decoded.message, { location: { file, start: decoded.position } })] };
  const text = decoded.text;
  const parsed = parseJson5(text, { json5: hasJson5 });
  if (!parsed.ok) {
    return { ok: false, diagnostics: [error(codes.syntaxError, parsed.message, { location: { file, start: parsed.position } })] };
  }
  const artifact: ArtifactSource = { directory, file, text, document: parsed.document };
  if (!options.check) return { ok: true, artifact, diagnostics: [] };
  const diagnostics = checkGenpackJson(file, parsed.document.root);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, artifact, diagnostics: [...diagnostics, ...lintGenpackJson(file, parsed.document.root)] };
}
