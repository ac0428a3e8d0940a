import { statSync } from "node:fs";
import { compile, systemIniSchemaOf } from "../../compiler/index.js";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { loadArtifactSchema, loadImageSchema, loadSchemaFile, type LoadedSchema } from "./load-schema.js";

/** Where `gp ini` takes an image's settings from: a built image, an artifact directory, a blueprint or a schema file. */
export interface SchemaSource {
  readonly image?: string;
  /** An artifact directory, a blueprint module, or a schema file (`*.json`). */
  readonly target?: string;
}

/** The schema of the image named by `--image` or a target; none when neither is given. */
export async function loadSchemaFrom(source: SchemaSource, signal?: AbortSignal): Promise<LoadedSchema> {
  if (source.image !== undefined && source.target !== undefined) throw new GpError(codes.iniFileUnusable, "Give either --image or a blueprint or artifact directory, not both.");
  if (source.image !== undefined) return loadImageSchema(source.image, signal);
  if (source.target === undefined) return { source: "no image was named: only the file's form is checked" };
  const target = source.target;
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) return loadArtifactSchema(target);
  if (target.endsWith(".json")) return loadSchemaFile(target);
  // A blueprint is compiled in memory; its diagnostics are the answer when it does not compile.
  const result = await compile(target);
  const schema = systemIniSchemaOf(result);
  if (schema === undefined) return { source: target, diagnostics: result.diagnostics };
  return { schema, source: target, diagnostics: result.diagnostics };
}
