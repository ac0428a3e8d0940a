import type { FormattedKind, SystemIniKind, SystemIniValue } from "../../dsl/system-ini.js";

/**
 * The settings an image reads from system.ini, as the JSON Schema (draft 2020-12) that travels
 * with it: `gp compile` writes it into the artifact (`system-ini.json`), `gp build` puts it in the
 * image at {@link SCHEMA_IMAGE_PATH} and beside the image (`<image>.system-ini.json`). It describes
 * the file as configparser hands it to modules, typed: an object of sections, each an object of
 * keys. What JSON Schema cannot say travels in `x-gp-` keywords, which JSON Schema validators
 * ignore.
 */
export const SCHEMA_IMAGE_PATH = "/usr/share/gp/system-ini.json";

/** Where `gp build` writes the schema beside an image: `nextcloud.squashfs` → `nextcloud.system-ini.json`. */
export function schemaBesideImage(image: string): string {
  return `${image.endsWith(".squashfs") ? image.slice(0, -".squashfs".length) : image}.system-ini.json`;
}

/** The JSON Schema dialect of the document. */
export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** One key, as JSON Schema plus the kind and who reads it. */
export interface SettingSchema {
  /** JSON Schema type of the value once the module has read it. */
  readonly type?: "boolean" | "integer" | "string";
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  /** JSON Schema format, for the formatted kinds that have one (`hostname`, `ipv4`, `ipv6`). */
  readonly format?: string;
  /** The declared one-line doc. */
  readonly description: string;
  /** What the module does when the key is absent. */
  readonly default?: SystemIniValue;
  readonly "x-gp-kind": SystemIniKind;
  /** The init module that reads the key (`hostname.py`), and the package that installs it when known. */
  readonly "x-gp-module"?: string;
  readonly "x-gp-package"?: string;
}

/** One section: its keys. */
export interface SectionSchema {
  readonly type: "object";
  readonly description?: string;
  readonly properties: { readonly [key: string]: SettingSchema };
}

/** The whole document. */
export interface SystemIniSchema {
  readonly $schema: typeof SCHEMA_DIALECT;
  readonly title: string;
  readonly type: "object";
  readonly properties: { readonly [section: string]: SectionSchema };
  /** The image it is for. */
  readonly "x-gp-image": { readonly name: string; readonly variant?: string; readonly arch?: string };
  /** The blueprint's `systemIni`: what `gp install` writes when it is given no system.ini. */
  readonly "x-gp-values"?: { readonly [section: string]: { readonly [key: string]: SystemIniValue } };
  /**
   * The timezones the image's `/usr/share/zoneinfo` holds, written by `gp build`; absent in the
   * artifact, where the image does not exist yet (timezones are then checked by form only).
   */
  readonly "x-gp-zoneinfo"?: readonly string[];
}

/** Kinds checked by form, with no JSON Schema type of their own beyond string. */
export const FORMATTED_KINDS: readonly FormattedKind[] = ["timezone", "locale", "ssh-public-keys", "crypt-hash", "ipv4", "ipv6", "ipv4-cidr", "ipv6-cidr", "hostname"];
