import type { SystemIniValue } from "../../dsl/system-ini.js";
import { escapePercents } from "./check-system-ini.js";
import { TOP_SECTION } from "./dialect-findings.js";
import type { SettingSchema, SystemIniSchema } from "./schema-document.js";

/** A value as system.ini holds it: `%` doubled, further lines indented so they continue the value. */
function written(value: SystemIniValue): string {
  return escapePercents(String(value)).replace(/\n/g, "\n  ");
}

/** What a key takes, in one line: "yes or no, default yes", "a whole number from 1 to 3". */
function describe(setting: SettingSchema): string {
  const kind = setting["x-gp-kind"];
  const parts: string[] = [];
  if (kind === "bool") parts.push("yes or no");
  else if (kind === "int") {
    const { minimum, maximum } = setting;
    parts.push(minimum !== undefined && maximum !== undefined ? `a whole number from ${minimum} to ${maximum}` : minimum !== undefined ? `a whole number, ${minimum} or more` : maximum !== undefined ? `a whole number, ${maximum} or less` : "a whole number");
  } else if (kind === "enum") parts.push(`one of ${(setting.enum ?? []).join(", ")}`);
  else if (kind === "string") parts.push(setting.pattern === undefined ? "text" : `text matching ${setting.pattern}`);
  else parts.push(kind);
  if (setting.default !== undefined) parts.push(`default ${typeof setting.default === "boolean" ? (setting.default ? "yes" : "no") : String(setting.default)}`);
  return parts.join(", ");
}

/** `# ` in front of every line of a text, for docs that span lines. */
function commented(text: string): string {
  return text
    .split("\n")
    .map((line) => `# ${line}`.trimEnd())
    .join("\n");
}

/**
 * The system.ini `gp ini new` writes: a header naming the image, then every key the image reads,
 * each as a commented `# key = ` line under its doc, kind and default, so the file changes
 * nothing until a line is uncommented. The values the blueprint gives (`systemIni`) are real
 * lines. Sections whose keys are all commented keep their header commented too, since some
 * modules act on a section being present.
 */
export function systemIniTemplate(schema: SystemIniSchema): string {
  const image = schema["x-gp-image"];
  const name = [image.name, image.variant, image.arch].filter((part) => part !== undefined).join(" ");
  const lines: string[] = [
    `# system.ini for ${name}`,
    "#",
    "# genpack-init reads this file at every boot. Uncomment a line (remove the leading #) and",
    "# give it a value to set it. Save the file as UTF-8; write a literal % as %%.",
  ];
  const values = schema["x-gp-values"] ?? {};
  const sections = Object.keys(schema.properties).sort((a, b) => (a === TOP_SECTION ? -1 : b === TOP_SECTION ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const section of sections) {
    const declared = schema.properties[section];
    if (declared === undefined) continue;
    const given = values[section] ?? {};
    const keys = [...new Set([...Object.keys(declared.properties), ...Object.keys(given)])];
    lines.push("");
    if (section !== TOP_SECTION) {
      const header = `[${section}]`;
      lines.push(Object.keys(given).length > 0 ? header : `# ${header}   (uncomment this header too)`);
      if (declared.description !== undefined) lines.push(commented(declared.description));
    }
    for (const key of keys) {
      const setting = declared.properties[key];
      lines.push("");
      if (setting !== undefined) lines.push(commented(setting.description), commented(describe(setting)));
      const value = given[key];
      lines.push(value === undefined ? `# ${key} =` : `${key} = ${written(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
