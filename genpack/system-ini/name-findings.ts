import { closestName, didYouMean } from "../../errors/closest-name.js";
import { codes } from "../../errors/codes.js";
import { findingAt, TOP_SECTION } from "./dialect-findings.js";
import type { SystemIniFinding } from "./finding.js";
import type { IniOption, IniSection } from "./parsed-ini.js";
import type { SectionSchema, SystemIniSchema } from "./schema-document.js";
import type { IniSourceText } from "./source-text.js";

/** configparser's defaults section: its keys apply to every section, so they are judged as keys of the top of the file. */
export const DEFAULTS_SECTION = "DEFAULT";

/** The declared section whose keys judge the keys written in `section`. */
export function declaredSectionOf(schema: SystemIniSchema, section: string): SectionSchema | undefined {
  return schema.properties[section === DEFAULTS_SECTION ? TOP_SECTION : section];
}

/**
 * A section header no module of the image declares. Section names are case-sensitive, so one
 * that differs from a declared one only in case is an error: its keys are certainly not read.
 */
export function unknownSectionFinding(section: IniSection, schema: SystemIniSchema, source: IniSourceText | undefined, file: string): SystemIniFinding | undefined {
  const span = section.headerSpan;
  if (span === undefined || section.name === DEFAULTS_SECTION || section.name === TOP_SECTION || schema.properties[section.name] !== undefined) return undefined;
  const declared = Object.keys(schema.properties).filter((name) => name !== TOP_SECTION);
  const sameButCase = declared.find((name) => name.toLowerCase() === section.name.toLowerCase());
  const suggestion = sameButCase ?? closestName(section.name, declared);
  const header = source?.slice(span);
  const fix =
    suggestion !== undefined && header !== undefined && header.includes(`[${section.name}]`)
      ? { title: `Rename the section to \`[${suggestion}]\``, span, text: header.replace(`[${section.name}]`, `[${suggestion}]`) }
      : undefined;
  const hint = didYouMean([suggestion]);
  return findingAt(file, span, {
    code: codes.iniUnknownSection.code,
    severity: sameButCase === undefined ? "warning" : "error",
    message:
      sameButCase === undefined
        ? `No module of this image is known to read section \`[${section.name}]\`.`
        : `Section \`[${section.name}]\` is not \`[${sameButCase}]\`: section names are case-sensitive, so the module that reads \`[${sameButCase}]\` ignores every key here.`,
    ...(hint === undefined ? {} : { hint }),
    ...(fix === undefined ? {} : { fix }),
  });
}

/**
 * A key no setting of its section declares. In a declared section nothing else reads it: an
 * error. At the top of the file, modules gp does not know of may read keys, so only a key close
 * to a declared one (a typo) is an error; any other is a warning.
 */
export function unknownKeyFinding(sectionName: string, option: IniOption, declared: SectionSchema | undefined, file: string): SystemIniFinding | undefined {
  if (declared === undefined || declared.properties[option.key] !== undefined) return undefined;
  const suggestion = closestName(option.key, Object.keys(declared.properties));
  const atTop = sectionName === TOP_SECTION || sectionName === DEFAULTS_SECTION;
  const where = sectionName === TOP_SECTION ? "at the top of the file" : `in section \`[${sectionName}]\``;
  const hint = didYouMean([suggestion]);
  const rest = { ...(hint === undefined ? {} : { hint }), ...(suggestion === undefined ? {} : { fix: { title: `Rename the key to \`${suggestion}\``, span: option.keySpan, text: suggestion } }) };
  if (atTop && suggestion === undefined) {
    return findingAt(file, option.keySpan, { code: codes.iniUndeclaredKey.code, severity: "warning", message: `No module of this image is known to read \`${option.rawKey}\` ${where}.`, ...rest });
  }
  return findingAt(file, option.keySpan, { code: codes.iniUnknownKey.code, severity: "error", message: `No module of this image reads \`${option.rawKey}\` ${where}: it is ignored.`, ...rest });
}
