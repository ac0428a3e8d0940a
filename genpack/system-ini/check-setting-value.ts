import { closestName, didYouMean } from "../../errors/closest-name.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import { iniBoolean, iniInteger } from "./conversions.js";
import type { SettingSchema } from "./schema-document.js";
import { FORM_NAMES, formProblem } from "./value-forms.js";

/** What is wrong with one value, before it gets a place in the file. */
export interface ValueProblem {
  readonly entry: CodeEntry;
  readonly message: string;
  readonly hint?: string;
  /** The value that was most likely meant, when one is close. */
  readonly suggestion?: string;
}

/** A value as messages show it: quoted, and cut when long. */
export function shown(value: string): string {
  const line = value.replace(/\n/g, "⏎");
  return `\`${line.length > 60 ? `${line.slice(0, 60)}…` : line}\``;
}

/**
 * Whether the module that reads `key` as `setting` declares gets what it expects from
 * `value` (the value as `ConfigParser.get()` returns it, interpolated); the timezones of the
 * image, when known, are the ones a timezone may name.
 */
export function checkSettingValue(key: string, setting: SettingSchema, value: string, zoneinfo?: readonly string[]): ValueProblem | undefined {
  const kind = setting["x-gp-kind"];
  switch (kind) {
    case "bool":
      if (iniBoolean(value) !== undefined) return undefined;
      return { entry: codes.iniNotBoolean, message: `\`${key}\` must be yes or no, not ${shown(value)}: the module that reads it fails on anything but 1/yes/true/on or 0/no/false/off.` };
    case "int": {
      const number = iniInteger(value);
      if (number === undefined) return { entry: codes.iniNotInteger, message: `\`${key}\` must be a whole number, not ${shown(value)}: the module that reads it fails.` };
      const { minimum, maximum } = setting;
      if ((minimum !== undefined && number < minimum) || (maximum !== undefined && number > maximum)) {
        const range = minimum !== undefined && maximum !== undefined ? `from ${minimum} to ${maximum}` : minimum !== undefined ? `${minimum} or more` : `${maximum} or less`;
        return { entry: codes.iniOutOfRange, message: `\`${key}\` must be ${range}, not ${number}.` };
      }
      return undefined;
    }
    case "string":
      if (setting.pattern === undefined || matchesWhole(setting.pattern, value)) return undefined;
      return { entry: codes.iniNotAllowed, message: `\`${key}\` must match ${shown(setting.pattern)}, and ${shown(value)} does not.` };
    case "enum": {
      const values = setting.enum ?? [];
      if (values.includes(value)) return undefined;
      const suggestion = closestName(value, values);
      const hint = didYouMean([suggestion]);
      return {
        entry: codes.iniNotAllowed,
        message: `\`${key}\` must be one of ${values.map((allowed) => `\`${allowed}\``).join(", ")}, not ${shown(value)}.`,
        ...(hint === undefined ? {} : { hint }),
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    }
    default: {
      const problem = formProblem(kind, value);
      if (problem !== undefined) return { entry: codes.iniMalformed, message: `\`${key}\` must be ${FORM_NAMES[kind]}, but ${problem}.` };
      if (kind !== "timezone" || zoneinfo === undefined || zoneinfo.includes(value)) return undefined;
      const suggestion = closestName(value, zoneinfo);
      const hint = didYouMean([suggestion]);
      return {
        entry: codes.iniUnknownTimezone,
        message: `\`${key}\` names the timezone ${shown(value)}, which the image does not have: /etc/localtime would lead nowhere.`,
        ...(hint === undefined ? {} : { hint }),
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    }
  }
}

/** Whether `pattern` (JavaScript syntax, as declared) matches the whole of `value`; a pattern that does not compile matches nothing. */
function matchesWhole(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}
