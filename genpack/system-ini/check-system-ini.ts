import { codes } from "../../errors/codes.js";
import { checkSettingValue } from "./check-setting-value.js";
import { dialectFindings, findingAt } from "./dialect-findings.js";
import type { SystemIniFinding } from "./finding.js";
import { declaredSectionOf, DEFAULTS_SECTION, unknownKeyFinding, unknownSectionFinding } from "./name-findings.js";
import type { IniOption, IniValue, ParsedIni } from "./parsed-ini.js";
import { iniValue } from "./interpolation.js";
import type { SystemIniSchema } from "./schema-document.js";
import { IniSourceText } from "./source-text.js";

export interface CheckSystemIniInput {
  /** The file as the dialect reader read it. */
  readonly parsed: ParsedIni;
  /** The settings of the image; without it only the file's form and its `%` are checked. */
  readonly schema?: SystemIniSchema;
  /** The file's path, for the findings' locations. */
  readonly file: string;
}

/**
 * Everything gp can tell an appliance owner about a system.ini before genpack-init reads it:
 * what the decoding and configparser make of it, values that make the module reading them
 * fail, keys and sections no module reads, and values of the wrong kind for their setting. In
 * file order. Pure: the same function runs in `gp ini check` and in the form.
 */
export function checkSystemIni({ parsed, schema, file }: CheckSystemIniInput): SystemIniFinding[] {
  const source = parsed.text === undefined ? undefined : new IniSourceText(parsed.text);
  const findings = dialectFindings(parsed, source, file);
  for (const section of parsed.sections) {
    if (schema !== undefined) {
      const finding = unknownSectionFinding(section, schema, source, file);
      if (finding !== undefined) findings.push(finding);
    }
    const declared = schema === undefined ? undefined : declaredSectionOf(schema, section.name);
    for (const option of section.options) {
      const unknown = unknownKeyFinding(section.name, option, declared, file);
      if (unknown !== undefined) findings.push(unknown);
      // A key nothing reads never fails on its `%`; one that some module may read does.
      if (unknown?.severity === "error") continue;
      const value: IniValue = iniValue(parsed, section.name, option.key) ?? { ok: true, value: option.value };
      if (!value.ok) {
        findings.push(interpolationFinding(option, value, source, file));
        continue;
      }
      const setting = declared?.properties[option.key];
      if (setting === undefined) continue;
      const problem = checkSettingValue(option.key, setting, value.value, schema?.["x-gp-zoneinfo"]);
      if (problem === undefined) continue;
      // A suggested value replaces the written one only where it is written as it is read.
      const replaceable = problem.suggestion !== undefined && option.valueSpan.start.line === option.valueSpan.end.line && option.value === value.value;
      findings.push(
        findingAt(file, option.valueSpan, {
          code: problem.entry.code,
          severity: "error",
          message: section.name === DEFAULTS_SECTION ? `${problem.message} (It is in [DEFAULT], so every section gets it.)` : problem.message,
          ...(problem.hint === undefined ? {} : { hint: problem.hint }),
          ...(replaceable ? { fix: { title: `Write \`${problem.suggestion}\``, span: option.valueSpan, text: problem.suggestion as string } } : {}),
        }),
      );
    }
  }
  return inFileOrder(findings);
}

/** `%` doubled wherever configparser would not read it as `%%` or `%(name)s`. */
export function escapePercents(text: string): string {
  let escaped = "";
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (character !== "%") {
      escaped += character;
      continue;
    }
    const next = text.charAt(index + 1);
    if (next === "%") {
      escaped += "%%";
      index++;
      continue;
    }
    if (next === "(") {
      const close = text.indexOf(")", index);
      if (close !== -1 && text.charAt(close + 1) === "s" && !text.slice(index + 2, close).includes("\n")) {
        escaped += text.slice(index, close + 2);
        index = close + 1;
        continue;
      }
    }
    escaped += "%%";
  }
  return escaped;
}

function interpolationFinding(option: IniOption, value: Extract<IniValue, { ok: false }>, source: IniSourceText | undefined, file: string): SystemIniFinding {
  const written = source?.slice(option.valueSpan);
  const escaped = written === undefined ? undefined : escapePercents(written);
  const lone = value.error === "interpolation-syntax";
  return findingAt(file, option.valueSpan, {
    code: codes.iniInterpolation.code,
    severity: "error",
    message: lone
      ? `\`${option.rawKey}\` has a \`%\` that is not written \`%%\`: configparser refuses the value, and the module that reads it fails.`
      : `\`${option.rawKey}\` cannot be read: ${value.message}`,
    hint: lone ? "Write every literal % as %%." : "Write a literal % as %%; %(name)s stands for the value of key name of the same section.",
    ...(lone && escaped !== undefined && escaped !== written ? { fix: { title: "Write every lone % as %%", span: option.valueSpan, text: escaped } } : {}),
  });
}

function inFileOrder(findings: SystemIniFinding[]): SystemIniFinding[] {
  const at = (finding: SystemIniFinding) => finding.span?.start ?? { line: 0, column: 0 };
  return findings.sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
}
