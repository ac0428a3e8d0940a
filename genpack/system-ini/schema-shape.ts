import type { SystemIniKind } from "../../dsl/system-ini.js";
import { FORMATTED_KINDS, type SystemIniSchema } from "./schema-document.js";

/**
 * Whether a parsed JSON value is a system.ini schema document the checker can trust: a document
 * read from a file may be forged or cut, and the checker must not crash on it or run a pattern
 * that does not compile. Returns what is wrong first, at its JSON path, or undefined.
 */
export function schemaShapeProblem(document: unknown): string | undefined {
  if (!isObject(document)) return "it is not a JSON object";
  if (document.type !== "object") return '"type" is not "object"';
  const image = document["x-gp-image"];
  if (!isObject(image) || typeof image.name !== "string") return '"x-gp-image" has no image name';
  if (!isObject(document.properties)) return '"properties" is not an object of sections';
  for (const [section, declared] of Object.entries(document.properties)) {
    const at = `properties[${JSON.stringify(section)}]`;
    if (!isObject(declared) || !isObject(declared.properties)) return `${at} is not a section with "properties"`;
    for (const [key, setting] of Object.entries(declared.properties)) {
      const problem = settingProblem(setting);
      if (problem !== undefined) return `${at}.properties[${JSON.stringify(key)}] ${problem}`;
    }
  }
  const values = document["x-gp-values"];
  if (values !== undefined) {
    if (!isObject(values)) return '"x-gp-values" is not an object';
    for (const [section, keys] of Object.entries(values)) {
      if (!isObject(keys) || Object.values(keys).some((value) => !["string", "number", "boolean"].includes(typeof value))) return `"x-gp-values"[${JSON.stringify(section)}] is not an object of values`;
    }
  }
  const zoneinfo = document["x-gp-zoneinfo"];
  if (zoneinfo !== undefined && (!Array.isArray(zoneinfo) || zoneinfo.some((zone) => typeof zone !== "string"))) return '"x-gp-zoneinfo" is not a list of names';
  return undefined;
}

/** The document, once {@link schemaShapeProblem} found nothing wrong with it. */
export function asSchemaDocument(document: unknown): SystemIniSchema | undefined {
  return schemaShapeProblem(document) === undefined ? (document as SystemIniSchema) : undefined;
}

const KINDS: ReadonlySet<string> = new Set<SystemIniKind>(["bool", "int", "string", "enum", ...FORMATTED_KINDS]);

function settingProblem(setting: unknown): string | undefined {
  if (!isObject(setting)) return "is not an object";
  const kind = setting["x-gp-kind"];
  if (typeof kind !== "string" || !KINDS.has(kind)) return `has no known "x-gp-kind"`;
  if (typeof setting.description !== "string") return 'has no "description"';
  for (const bound of ["minimum", "maximum"]) if (setting[bound] !== undefined && !Number.isFinite(setting[bound])) return `has a "${bound}" that is not a number`;
  if (kind === "enum" && (!Array.isArray(setting.enum) || setting.enum.length === 0 || setting.enum.some((value) => typeof value !== "string"))) return 'has no "enum" list of words';
  if (setting.pattern !== undefined) {
    if (typeof setting.pattern !== "string") return 'has a "pattern" that is not text';
    try {
      new RegExp(setting.pattern);
    } catch {
      return 'has a "pattern" that is not a regular expression';
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
