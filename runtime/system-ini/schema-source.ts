import { statSync } from "node:fs";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { loadArtifactSchema, loadImageSchema, type LoadedSchema } from "./load-schema.js";

/** Where `gp ini` takes an image's settings from: a built image, or an artifact directory. */
export interface SchemaSource {
  readonly image?: string;
  /** An artifact directory, or a blueprint module. */
  readonly target?: string;
}

/** The schema of the image named by `--image` or a target; none when neither is given. */
export async function loadSchemaFrom(source: SchemaSource, signal?: AbortSignal): Promise<LoadedSchema> {
  if (source.image !== undefined && source.target !== undefined) throw new GpError(codes.iniFileUnusable, "Give either --image or a blueprint or artifact directory, not both.");
  if (source.image !== undefined) return loadImageSchema(source.image, signal);
  if (source.target === undefined) return { source: "no image was named: only the file's form is checked" };
  const target = source.target;
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) return loadArtifactSchema(target);
  throw new GpError(codes.iniSchemaUnusable, `${target} is not an artifact directory; the settings of a blueprint are read from the artifact gp compile writes`, {
    hint: `Run gp compile ${target} and name the artifact directory it writes.`,
  });
}
