import * as z from "zod";
import type { SystemIniSetting } from "../../dsl/system-ini.js";

/**
 * The zod schema of the value one declared setting takes, as the module reads it: what the
 * image's `systemIni` values and the declaration's own `default` are checked against, and what
 * the image's JSON Schema is made from. A `pattern` is matched whole.
 */
export function valueSchema(setting: SystemIniSetting): z.ZodType {
  switch (setting.kind) {
    case "bool":
      return z.boolean();
    case "int": {
      let schema = z.int();
      if (setting.min !== undefined) schema = schema.min(setting.min);
      if (setting.max !== undefined) schema = schema.max(setting.max);
      return schema;
    }
    case "string":
      return setting.pattern === undefined ? singleLine() : singleLine().regex(wholeMatch(setting.pattern));
    case "enum":
      return z.enum(setting.values as [string, ...string[]]);
    case "hostname":
      return z.hostname();
    case "ipv4":
      return z.ipv4();
    case "ipv6":
      return z.ipv6();
    // JSON Schema has no format for an address with a prefix length: the pattern says it.
    case "ipv4-cidr":
      return z.string().regex(z.regexes.cidrv4);
    case "ipv6-cidr":
      return z.string().regex(z.regexes.cidrv6);
    // Several keys, one per line: configparser joins indented continuation lines with newlines.
    case "ssh-public-keys":
      return z.string();
    case "timezone":
    case "locale":
    case "crypt-hash":
      return singleLine();
  }
}

/** A value on one line: a line break would start a new key, or continue this one, in the file. */
function singleLine() {
  return z.string().regex(/^[^\r\n]*$/, { error: "must be one line" });
}

/** `pattern` as a regular expression that must match the whole value. */
export function wholeMatch(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}
