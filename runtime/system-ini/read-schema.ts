import { statSync } from "node:fs";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import type { SystemIniSchema } from "../../genpack/system-ini/schema-document.js";
import { readInputText } from "../../host/input-file.js";

/** The name of the schema in an artifact directory, where gp compile writes it. */
export const ARTIFACT_SCHEMA = "system-ini.json";

/**
 * Reads an image's system.ini schema from a file, or from an artifact directory's
 * system-ini.json. Refuses what is not a schema document, so a page is never made from a half.
 */
export function readSchemaFile(source: string): SystemIniSchema {
  const file = statSync(source, { throwIfNoEntry: false })?.isDirectory() === true ? join(source, ARTIFACT_SCHEMA) : source;
  const read = readInputText(file);
  if (!read.ok) throw new GpError(codes.notAFile, `${file} ${read.reason}`);
  let document: unknown;
  try {
    document = JSON.parse(read.text);
  } catch (problem) {
    throw new GpError(codes.iniSchemaUnusable, `${file} is not JSON: ${(problem as Error).message}`);
  }
  const shape = document as Partial<SystemIniSchema> | null;
  const sections = shape?.properties;
  const valid =
    typeof shape === "object" && shape !== null && typeof shape["x-gp-image"]?.name === "string" && typeof sections === "object" && sections !== null &&
    Object.values(sections).every((section) => typeof section?.properties === "object" && section.properties !== null && Object.values(section.properties).every((setting) => typeof setting?.["x-gp-kind"] === "string" && typeof setting.description === "string"));
  if (!valid) throw new GpError(codes.iniSchemaUnusable, `${file} is not a system.ini schema: it needs x-gp-image.name and, for each section's properties, an x-gp-kind and a description`);
  return document as SystemIniSchema;
}
