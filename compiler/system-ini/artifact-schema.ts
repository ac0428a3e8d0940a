import { basename, join, resolve } from "node:path";
import { genpackOverlaySettings } from "../../dsl/genpack-overlay-settings.js";
import { codes } from "../../errors/codes.js";
import { error, type Diagnostic } from "../../errors/diagnostics.js";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { schemaShapeProblem } from "../../genpack/system-ini/schema-shape.js";
import { readInputText } from "../../host/input-file.js";
import type { Artifact } from "../emit.js";
import { DEFAULT_SECTION, type ImageSettings } from "./image-settings.js";
import { systemIniSchemaDocument, type SchemaImage } from "./schema-document.js";

/** The schema's name in the artifact directory; the reference genpack ignores it. */
export const SCHEMA_ARTIFACT_NAME = "system-ini.json";

/** The artifact with its `system-ini.json`, kept sorted by path, and the document it holds. */
export function withSystemIniSchema(artifact: Artifact, settings: ImageSettings, image: SchemaImage): Artifact & { readonly schema: SystemIniSchema } {
  const schema = systemIniSchemaDocument(settings.settings, image, settings.values);
  const data = new TextEncoder().encode(`${JSON.stringify(schema, null, 2)}\n`);
  const entries = [...artifact, [SCHEMA_ARTIFACT_NAME, { kind: "file", data, mode: 0o644 }] as const].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.assign(new Map(entries), { schema });
}

/** The document of an artifact gp did not compile: genpack/base's keys, which every image reads. */
export function baseSchemaDocument(image: SchemaImage): SystemIniSchema {
  return systemIniSchemaDocument(
    genpackOverlaySettings.base.map((setting) => ({ ...setting, section: setting.section ?? DEFAULT_SECTION })),
    image,
  );
}

export type ArtifactSchemaResult = { readonly ok: true; readonly schema: SystemIniSchema; readonly fromFile: boolean } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * The system.ini schema of an artifact directory: its `system-ini.json`, read without following
 * a link out of the directory and without waiting on a FIFO; genpack/base's keys when there is
 * none (an artifact genpack made, or `gp import` wrote), named `imageName` (the image genpack.json5
 * names) or else after the directory.
 */
export function readArtifactSchema(directory: string, imageName?: string): ArtifactSchemaResult {
  const path = join(directory, SCHEMA_ARTIFACT_NAME);
  const read = readInputText(path, { within: directory, withinName: "the artifact directory" });
  if (!read.ok) {
    if (read.problem === "missing" && !read.reason.includes("symbolic link")) return { ok: true, schema: baseSchemaDocument({ name: imageName ?? basename(resolve(directory)) }), fromFile: false };
    const code = read.problem === "link-escapes" ? codes.linkLeavesArtifact : codes.notAFile;
    return { ok: false, diagnostics: [error(code, `${path} ${read.reason}.`, { location: { file: path } })] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (problem) {
    return invalid(path, `is not valid JSON (${(problem as Error).message})`);
  }
  const problem = schemaShapeProblem(parsed);
  if (problem !== undefined) return invalid(path, `is not a system.ini schema: ${problem}`);
  return { ok: true, schema: parsed as SystemIniSchema, fromFile: true };
}

function invalid(path: string, reason: string): ArtifactSchemaResult {
  return { ok: false, diagnostics: [error(codes.iniSchemaUnusable, `${path} ${reason}.`, { location: { file: path }, hint: "Compile the blueprint again to replace it." })] };
}
