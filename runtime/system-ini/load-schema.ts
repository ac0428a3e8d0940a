import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { GpError } from "../../errors/gp-error.js";
import { inspectInputFile, readInputFile } from "../../host/input-file.js";
import { SCHEMA_IMAGE_PATH, type SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { schemaShapeProblem } from "../../genpack/system-ini/schema-shape.js";
import { SquashfsReader } from "../install/squashfs-reader.js";

/** The schema an image's system.ini is checked against, and where it came from; none when the image carries none. */
export interface LoadedSchema {
  readonly schema?: SystemIniSchema;
  /** Where the schema was read from, or why there is none, for the user. */
  readonly source: string;
  /** What compiling a blueprint said; when the schema is missing, why. */
  readonly diagnostics?: readonly Diagnostic[];
}

/** The file name of the schema in an artifact directory and, after the image's name, beside an image. */
export const SCHEMA_FILE_NAME = "system-ini.json";

/** Parses and validates a schema document read from `where`; a forged or cut one is a GpError naming it. */
export function parseSchemaDocument(bytes: Uint8Array, where: string): SystemIniSchema {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new GpError(codes.iniSchemaUnusable, `${where} is not valid JSON: ${(error as Error).message}`, { hint: "Compile or build the image again to write it anew." });
  }
  const problem = schemaShapeProblem(document);
  if (problem !== undefined) throw new GpError(codes.iniSchemaUnusable, `${where} is not a system.ini schema: ${problem}`, { hint: "Compile or build the image again to write it anew." });
  return document as SystemIniSchema;
}

/** The schema in an artifact directory that `gp compile` wrote; a link out of the directory is not followed. */
export function loadArtifactSchema(directory: string): LoadedSchema {
  const path = join(directory, SCHEMA_FILE_NAME);
  const read = readInputFile(path, { within: directory, withinName: "the artifact directory" });
  if (!read.ok) {
    if (read.problem === "missing") return { source: `${path} does not exist (the artifact was not made by gp compile): only the file's form is checked` };
    throw new GpError(codes.iniSchemaUnusable, `${path} ${read.reason}`);
  }
  return { schema: parseSchemaDocument(read.data, path), source: path };
}

/**
 * The schema of a built image: the one `gp build` put into it at {@link SCHEMA_IMAGE_PATH}, else
 * the one beside it (`<image>.system-ini.json`); an image with neither has none.
 */
export async function loadImageSchema(image: string, signal?: AbortSignal): Promise<LoadedSchema> {
  const opened = inspectInputFile(image);
  if (!opened.ok) throw new GpError(codes.notASystemImage, `${image} ${opened.reason}`);
  const reader = await SquashfsReader.open(image, signal).catch((error: unknown) => {
    throw new GpError(codes.notASystemImage, `${image} cannot be read as a SquashFS image`, { cause: error });
  });
  const inside = await reader.readFile(SCHEMA_IMAGE_PATH, signal);
  if (inside !== undefined) return { schema: parseSchemaDocument(inside, `${SCHEMA_IMAGE_PATH} in ${image}`), source: `${SCHEMA_IMAGE_PATH} in ${image}` };
  const beside = `${image}.${SCHEMA_FILE_NAME}`;
  const read = readInputFile(beside);
  if (read.ok) return { schema: parseSchemaDocument(read.data, beside), source: beside };
  if (read.problem !== "missing") throw new GpError(codes.iniSchemaUnusable, `${beside} ${read.reason}`);
  return { source: `${image} carries no system.ini schema (neither ${SCHEMA_IMAGE_PATH} in it nor ${beside}): only the file's form is checked` };
}
