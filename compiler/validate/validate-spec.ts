import { codes } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { fieldByGenpackKey, fields, fieldsAt, imageOnlyFields, type FieldName, type Level } from "../fields.js";
import { archKey, describe, isRecord, suggestion, variantName } from "./checks.js";
import type { IssueSink } from "./issues.js";
import { checkNesting } from "./nesting.js";
import { quoteName } from "../../errors/quote.js";

/** What a level is called in messages. */
function levelName(level: Level, kind: "image" | "profile"): string {
  switch (level) {
    case "top":
      return kind === "image" ? "an image" : "a profile";
    case "arch":
      return "an arch block";
    case "variant":
      return "a variant";
    case "variantArch":
      return "an arch block inside a variant";
  }
}

/** genpack's old hyphenated names, which genpack itself now refuses. */
const DEPRECATED_GENPACK_KEYS: ReadonlyMap<string, FieldName> = new Map([
  ["buildtime-packages", "buildtimePackages"],
  ["binpkg-exclude", "binpkgExcludes"],
  ["circulardep-breaker", "circulardepBreaker"],
]);

function unknownKey(key: string, path: ValuePath, level: Level, kind: "image" | "profile", sink: IssueSink): void {
  const where = levelName(level, kind);
  const known = Object.hasOwn(fields, key) ? (key as FieldName) : undefined;
  if (known !== undefined) {
    if (kind === "profile" && level === "top" && imageOnlyFields.has(known)) {
      sink.error(codes.unknownKey, path, `${quoteName(key)} belongs to an image; a profile cannot set it.`, { target: "key" });
      return;
    }
    const allowed = fieldsAt(level, kind).filter((name) => name !== "arch" && name !== "variants");
    sink.error(codes.unknownKey, path, `${quoteName(key)} is not allowed in ${where}; genpack reads only ${allowed.map((name) => `\`${name}\``).join(", ")} there.`, {
      target: "key",
    });
    return;
  }
  const camel = fieldByGenpackKey.get(key) ?? DEPRECATED_GENPACK_KEYS.get(key);
  if (camel !== undefined && camel !== key) {
    sink.error(codes.unknownKey, path, `Unknown key ${quoteName(key)} in ${where}; that is genpack's spelling.`, {
      target: "key",
      hint: `Blueprints use camelCase: write \`${camel}\`.`,
    });
    return;
  }
  sink.error(codes.unknownKey, path, `Unknown key ${quoteName(key)} in ${where}.`, {
    target: "key",
    hint: suggestion(key, fieldsAt(level, kind)),
  });
}

function checkBlock(value: unknown, path: ValuePath, level: Level, kind: "image" | "profile", sink: IssueSink): void {
  if (!isRecord(value)) {
    sink.error(codes.wrongType, path, `Expected ${levelName(level, kind)} (an object), got ${describe(value)}.`);
    return;
  }
  const allowed = new Set<string>(fieldsAt(level, kind));
  for (const [key, element] of Object.entries(value)) {
    const elementPath = [...path, key];
    if (!allowed.has(key)) {
      unknownKey(key, elementPath, level, kind, sink);
      continue;
    }
    if (element === undefined) continue;
    if (key === "arch") {
      checkBlocks(element, elementPath, "arch blocks", sink, archKey, (block, blockPath) =>
        checkBlock(block, blockPath, level === "top" ? "arch" : "variantArch", kind, sink),
      );
    } else if (key === "variants") {
      checkBlocks(element, elementPath, "variants", sink, variantName, (block, blockPath) => checkBlock(block, blockPath, "variant", kind, sink));
    } else {
      fields[key as FieldName].check(element, elementPath, sink);
    }
  }
}

function checkBlocks(
  value: unknown,
  path: ValuePath,
  what: string,
  sink: IssueSink,
  checkKey: (name: string, path: ValuePath, sink: IssueSink) => void,
  checkValue: (block: unknown, path: ValuePath) => void,
): void {
  if (!isRecord(value)) {
    sink.error(codes.wrongType, path, `Expected ${what} (an object), got ${describe(value)}.`);
    return;
  }
  for (const [name, block] of Object.entries(value)) {
    checkKey(name, [...path, name], sink);
    checkValue(block, [...path, name]);
  }
}

/**
 * Checks one image or profile spec on its own: every key known and allowed where it stands,
 * every value of the right shape. Problems in a profile are found in the profile, before any
 * merge can blur where they came from.
 */
export function validateSpec(spec: unknown, kind: "image" | "profile", sink: IssueSink): void {
  if (checkNesting(spec, sink)) checkBlock(spec, [], "top", kind, sink);
}
