import * as z from "zod";
import type { SystemIniKind, SystemIniSetting } from "../../dsl/system-ini.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import type { ValuePath } from "../../errors/diagnostics.js";
import { quote } from "../../errors/quote.js";
import { closestName } from "../../errors/closest-name.js";
import { describe, isRecord } from "../validate/checks.js";
import type { Check, IssueSink } from "../validate/issues.js";
import { valueSchema, wholeMatch } from "./value-schema.js";
import { checkSettingValue } from "../../genpack/system-ini/check-setting-value.js";
import { FORMATTED_KINDS } from "../../genpack/system-ini/schema-document.js";

/** Every kind, in the order the docs list them. */
export const SETTING_KINDS: readonly SystemIniKind[] = ["bool", "int", "string", "enum", "timezone", "locale", "ssh-public-keys", "crypt-hash", "ipv4", "ipv6", "ipv4-cidr", "ipv6-cidr", "hostname"];

/**
 * A key as configparser hands it to a module: lower-cased on reading, so an upper-case
 * declaration never matches; ended by the first `=` or `:`; stripped of whitespace; and a line
 * starting with `#`, `;` or `[` is a comment or a section header, not a key.
 */
const keySchema = z
  .string()
  .min(1, { error: "The key is empty." })
  .refine((key) => key === key.toLowerCase(), { error: "configparser lower-cases every key it reads, so a key with upper-case letters never matches: declare it lower-case." })
  .refine((key) => !/[=:]/.test(key), { error: "A key cannot hold `=` or `:`: configparser ends the key at the first of them." })
  .refine((key) => !/[\s\u0000-\u001f\u007f]/.test(key), { error: "A key cannot hold whitespace or control characters." })
  .refine((key) => !/^[#;[]/.test(key), { error: "A key cannot start with `#`, `;` or `[`: configparser reads such a line as a comment or a section header." });

/** A section header is `[name]` on a line of its own: the name ends at the first `]`. */
const sectionSchema = z
  .string()
  .min(1, { error: "The section name is empty." })
  .refine((section) => !/[\]\r\n\u0000-\u001f\u007f]/.test(section), { error: "A section name cannot hold `]`, a line break or control characters: the header ends there." })
  .refine((section) => section === section.trim(), { error: "A section name cannot start or end with whitespace." })
  .refine((section) => section !== "DEFAULT", { error: "[DEFAULT] is configparser's section of values every section inherits; no module reads it as a section of its own." });

const oneLine = (what: string) =>
  z
    .string({ error: `The ${what} must be a string.` })
    .refine((text) => text.trim() !== "", { error: `The ${what} is empty.` })
    .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), { error: `The ${what} must be one line without control characters.` });

const common = {
  section: sectionSchema.optional(),
  key: keySchema,
  doc: oneLine("doc"),
  module: oneLine("module name").optional(),
  package: oneLine("package name").optional(),
};

const compiles = (pattern: string) => {
  try {
    wholeMatch(pattern);
    return true;
  } catch {
    return false;
  }
};

const formatted = (kind: SystemIniKind) => z.strictObject({ ...common, kind: z.literal(kind), default: z.unknown().optional() });

const declarationSchemas: { readonly [kind in SystemIniKind]: z.ZodType } = {
  bool: z.strictObject({ ...common, kind: z.literal("bool"), default: z.unknown().optional() }),
  int: z
    .strictObject({ ...common, kind: z.literal("int"), min: z.int().optional(), max: z.int().optional(), default: z.unknown().optional() })
    .refine((setting) => setting.min === undefined || setting.max === undefined || setting.min <= setting.max, { error: "`min` is greater than `max`: no value fits.", path: ["min"] }),
  string: z.strictObject({
    ...common,
    kind: z.literal("string"),
    pattern: z.string().refine(compiles, { error: "The pattern is not a regular expression JavaScript can compile." }).optional(),
    default: z.unknown().optional(),
  }),
  enum: z.strictObject({
    ...common,
    kind: z.literal("enum"),
    values: z
      .array(oneLine("value"))
      .min(1, { error: "An enum needs at least one value." })
      .refine((values) => new Set(values).size === values.length, { error: "The values repeat one another." }),
    default: z.unknown().optional(),
  }),
  timezone: formatted("timezone"),
  locale: formatted("locale"),
  "ssh-public-keys": formatted("ssh-public-keys"),
  "crypt-hash": formatted("crypt-hash"),
  ipv4: formatted("ipv4"),
  ipv6: formatted("ipv6"),
  "ipv4-cidr": formatted("ipv4-cidr"),
  "ipv6-cidr": formatted("ipv6-cidr"),
  hostname: formatted("hostname"),
};

/** The code of a problem zod found in a declaration. */
function codeOf(issue: z.core.$ZodIssue): CodeEntry {
  if (issue.code === "unrecognized_keys") return codes.unknownKey;
  if (issue.code === "invalid_type") return codes.wrongType;
  return codes.invalidSettingDeclaration;
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `Unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => quote(key)).join(", ")} in a setting of this kind.`;
  if (issue.code === "invalid_type") return `Expected ${issue.expected === "int" ? "a whole number" : issue.expected}${issue.path.length === 0 ? "" : ` for \`${issue.path.join(".")}\``}.`;
  return issue.message;
}

/**
 * Checks one declared setting, reporting at its fields: its shape by its kind, then whether its
 * `default` fits it.
 */
export const settingDeclaration: Check = (value, path, sink) => {
  if (!isRecord(value)) return sink.error(codes.wrongType, path, `Expected a setting (an object with \`key\`, \`kind\` and \`doc\`), got ${describe(value)}.`);
  const kind = value["kind"];
  if (typeof kind !== "string" || !(SETTING_KINDS as readonly string[]).includes(kind)) {
    const close = typeof kind === "string" ? closestName(kind, SETTING_KINDS) : undefined;
    return sink.error(codes.invalidSettingDeclaration, [...path, ...(kind === undefined ? [] : ["kind"])], `${kind === undefined ? "The setting has no `kind`" : `Unknown kind ${typeof kind === "string" ? quote(kind) : describe(kind)}`}; a setting is one of ${SETTING_KINDS.join(", ")}.`, {
      ...(close === undefined ? {} : { hint: `Did you mean \`${close}\`?` }),
    });
  }
  const parsed = declarationSchemas[kind as SystemIniKind].safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) sink.error(codeOf(issue), [...path, ...issue.path.map((part) => (typeof part === "symbol" ? String(part) : part))], messageOf(issue), issue.code === "unrecognized_keys" ? { target: "key" } : {});
    return;
  }
  const setting = value as unknown as SystemIniSetting;
  if (setting.default === undefined) return;
  const problem = valueProblem(setting, setting.default);
  if (problem !== undefined) sink.error(codes.settingDefaultMismatch, [...path, "default"], `The default ${problem}.`);
};

/** What is wrong with a value for a setting, as the end of a sentence; undefined when it fits. */
export function valueProblem(setting: SystemIniSetting, value: unknown): string | undefined {
  const result = valueSchema(setting).safeParse(value);
  if (!result.success) return `${describeValue(value)} is not ${expectation(setting)}`;
  // The forms zod does not know (timezones, locales, SSH keys, crypt hashes) are judged by the
  // same rules gp ini check applies to the file, on the text the value becomes in it.
  if (!(FORMATTED_KINDS as readonly string[]).includes(setting.kind)) return undefined;
  const formed = checkSettingValue(setting.key, { "x-gp-kind": setting.kind, description: setting.doc }, String(value));
  return formed === undefined ? undefined : formed.message.replace(/\.$/, "");
}

function describeValue(value: unknown): string {
  return typeof value === "string" ? quote(value) : typeof value === "number" || typeof value === "boolean" ? String(value) : describe(value);
}

/** What a setting's values must be, in words. */
export function expectation(setting: SystemIniSetting): string {
  switch (setting.kind) {
    case "bool":
      return "a boolean (true or false)";
    case "int": {
      const range = setting.min !== undefined && setting.max !== undefined ? ` from ${setting.min} to ${setting.max}` : setting.min !== undefined ? ` of at least ${setting.min}` : setting.max !== undefined ? ` of at most ${setting.max}` : "";
      return `a whole number${range}`;
    }
    case "string":
      return setting.pattern === undefined ? "one line of text" : `one line of text matching ${quote(setting.pattern)} as a whole`;
    case "enum":
      return `one of ${setting.values.map((word) => quote(word)).join(", ")}`;
    case "ssh-public-keys":
      return "text (SSH public keys)";
    case "hostname":
      return "a host name (letters, digits and hyphens, in labels separated by dots)";
    case "ipv4":
      return "an IPv4 address";
    case "ipv6":
      return "an IPv6 address";
    case "ipv4-cidr":
      return "an IPv4 address with a prefix length, such as 192.0.2.7/24";
    case "ipv6-cidr":
      return "an IPv6 address with a prefix length, such as 2001:db8::7/64";
    default:
      return `a ${setting.kind} on one line`;
  }
}

/** Checks a list of declared settings, each at its index. */
export const settingDeclarations: Check = (value, path: ValuePath, sink: IssueSink) => {
  if (!Array.isArray(value)) return sink.error(codes.wrongType, path, `Expected a list of settings, got ${describe(value)}.`);
  value.forEach((element: unknown, index) => settingDeclaration(element, [...path, index], sink));
};
