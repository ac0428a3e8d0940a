import { codes } from "../../errors/codes.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { GpError } from "../../errors/gp-error.js";
import { inspectInputFile, readInputFile } from "../../host/input-file.js";
import { baseSchemaDocument, readArtifactSchema } from "../../compiler/index.js";
import { SCHEMA_IMAGE_PATH, schemaBesideImage, type SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { schemaShapeProblem } from "../../genpack/system-ini/schema-shape.js";
import { SquashfsReader } from "../install/squashfs-reader.js";

/** The schema an image's system.ini is checked against, and where it came from. */
export interface LoadedSchema {
  /** None only when a blueprint did not compile (its diagnostics say why). */
  readonly schema?: SystemIniSchema;
  /** Where the schema was read from, for the user. */
  readonly source: string;
  /** What compiling a blueprint said. */
  readonly diagnostics?: readonly Diagnostic[];
}

const HINT = "Compile or build the image again to write it anew.";

/** Parses and validates a schema document read from `where`; a forged or cut one is a GpError naming it. */
export function parseSchemaDocument(bytes: Uint8Array, where: string): SystemIniSchema {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new GpError(codes.iniSchemaUnusable, `${where} is not valid JSON: ${(error as Error).message}`, { hint: HINT });
  }
  const problem = schemaShapeProblem(document);
  if (problem !== undefined) throw new GpError(codes.iniSchemaUnusable, `${where} is not a system.ini schema: ${problem}`, { hint: HINT });
  return document as SystemIniSchema;
}

/** A schema document in a file of its own (`nextcloud.system-ini.json`). */
export function loadSchemaFile(path: string): LoadedSchema {
  const read = readInputFile(path);
  if (!read.ok) throw new GpError(codes.iniSchemaUnusable, `${path} ${read.reason}`);
  return { schema: parseSchemaDocument(read.data, path), source: path };
}

/**
 * The schema in an artifact directory that `gp compile` wrote (a link out of the directory is
 * not followed), or genpack/base's keys for an artifact genpack made, named `imageName` when given.
 */
export function loadArtifactSchema(directory: string, imageName?: string): LoadedSchema & { readonly schema: SystemIniSchema } {
  const read = readArtifactSchema(directory, imageName);
  if (!read.ok) {
    const [first] = read.diagnostics;
    const entry = Object.values(codes).find((candidate) => candidate.code === first?.code) ?? codes.iniSchemaUnusable;
    throw new GpError(entry, first?.message ?? `${directory}: its system-ini.json cannot be read`, { hint: HINT, ...(first?.location === undefined ? {} : { location: first.location }) });
  }
  return { schema: read.schema, source: read.fromFile ? `${directory}/system-ini.json` : `${directory} (no system-ini.json: genpack/base's keys)` };
}

/**
 * The schema of a built image: the one `gp build` put into it at {@link SCHEMA_IMAGE_PATH}, else
 * the one beside it (`nextcloud.system-ini.json`), else genpack/base's keys, which every genpack
 * image reads (an image genpack itself built). `reader` saves listing an image opened already.
 */
export async function loadImageSchema(image: string, signal?: AbortSignal, reader?: SquashfsReader): Promise<LoadedSchema> {
  let opened = reader;
  if (opened === undefined) {
    const file = inspectInputFile(image);
    if (!file.ok) throw new GpError(codes.notASystemImage, `${image} ${file.reason}`);
    opened = await SquashfsReader.open(image, signal).catch((error: unknown) => {
      throw new GpError(codes.notASystemImage, `${image} cannot be read as a SquashFS image`, { cause: error });
    });
  }
  const inside = await opened.readFile(SCHEMA_IMAGE_PATH, signal);
  if (inside !== undefined) return { schema: parseSchemaDocument(inside, `${SCHEMA_IMAGE_PATH} in ${image}`), source: `${SCHEMA_IMAGE_PATH} in ${image}` };
  const beside = schemaBesideImage(image);
  const read = readInputFile(beside);
  if (read.ok) return { schema: parseSchemaDocument(read.data, beside), source: beside };
  if (read.problem !== "missing") throw new GpError(codes.iniSchemaUnusable, `${beside} ${read.reason}`);
  const artifact = new TextDecoder().decode((await opened.readFile("/.genpack/artifact", signal)) ?? new Uint8Array()).trim();
  return { schema: baseSchemaDocument({ name: artifact === "" ? image : artifact }), source: `${image} (no schema in it or beside it: genpack/base's keys)` };
}
