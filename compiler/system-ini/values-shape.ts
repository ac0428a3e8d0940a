import { codes } from "../../errors/codes.js";
import { describe, isRecord } from "../validate/checks.js";
import type { Check } from "../validate/issues.js";

const isScalar = (value: unknown) => typeof value === "string" || typeof value === "number" || typeof value === "boolean";

/**
 * Checks the shape of an image's `systemIni`: keys of the top of the file with their values,
 * and sections as objects of keys and values. Whether each key is declared, and its value fits,
 * is judged once the layers are merged (see image-settings.ts).
 */
export const systemIniValuesShape: Check = (value, path, sink) => {
  if (!isRecord(value)) return sink.error(codes.wrongType, path, `Expected the system.ini values (an object of keys, and of sections holding keys), got ${describe(value)}.`);
  for (const [name, element] of Object.entries(value)) {
    if (element === undefined || isScalar(element)) continue;
    if (!isRecord(element)) {
      sink.error(codes.wrongType, [...path, name], `Expected a string, number or boolean, or a section (an object of keys), got ${describe(element)}.`);
      continue;
    }
    for (const [key, inner] of Object.entries(element)) {
      if (inner !== undefined && !isScalar(inner)) sink.error(codes.wrongType, [...path, name, key], `Expected a string, number or boolean, got ${describe(inner)}.`);
    }
  }
};
