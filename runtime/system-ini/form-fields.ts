import type { SettingSchema, SystemIniSchema } from "../../genpack/system-ini/schema-document.js";

/** How the form lets a person give a key its value. */
export type ControlKind = "choice" | "number" | "text" | "lines";

/** One key of the schema as a field of the form. */
export interface FormField {
  /** The element id of its control: made of positions, never of names, which the schema may forge. */
  readonly id: string;
  readonly section: string;
  readonly key: string;
  readonly setting: SettingSchema;
  readonly control: ControlKind;
  /** For a choice: the words the select offers besides "not set". */
  readonly choices: readonly string[];
}

/** The words a bool field writes; configparser's getboolean() reads them, as it does 1/0, true/false and on/off. */
export const BOOL_WORDS = { true: "yes", false: "no" } as const;

function controlOf(setting: SettingSchema): { control: ControlKind; choices: readonly string[] } {
  const kind = setting["x-gp-kind"];
  if (kind === "bool") return { control: "choice", choices: [BOOL_WORDS.true, BOOL_WORDS.false] };
  if (kind === "enum") return { control: "choice", choices: setting.enum ?? [] };
  if (kind === "int") return { control: "number", choices: [] };
  if (kind === "ssh-public-keys") return { control: "lines", choices: [] };
  return { control: "text", choices: [] };
}

/**
 * Every key of every section, in the schema's order: the page's HTML and its script both walk
 * this list, so the script finds each control by the id the HTML gave it.
 */
export function formFields(schema: SystemIniSchema): FormField[] {
  const fields: FormField[] = [];
  Object.entries(schema.properties).forEach(([section, sectionSchema], sectionIndex) => {
    Object.entries(sectionSchema.properties).forEach(([key, setting], keyIndex) => {
      fields.push({ id: `gp-setting-${sectionIndex}-${keyIndex}`, section, key, setting, ...controlOf(setting) });
    });
  });
  return fields;
}

/** What the form shows for a value the module would get when the key is absent. */
export function defaultText(setting: SettingSchema): string | undefined {
  const value = setting.default;
  if (value === undefined) return undefined;
  if (typeof value === "boolean") return value ? BOOL_WORDS.true : BOOL_WORDS.false;
  return String(value);
}

/** The section that holds the keys above the first header, as genpack-init names it. */
export const TOP_SECTION = "_default";
