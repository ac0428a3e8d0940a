/**
 * What an image's system.ini may say: the keys its genpack-init modules read, declared with the
 * module that reads them. genpack-init hands every module one Python `ConfigParser` over
 * `system.ini` with `[_default]` put in front, so keys above the first section header are in
 * section `_default`.
 */

/** What every declared setting says. */
interface SettingBase {
  /** The section the key is read from. @default "_default", the top of the file before any header */
  readonly section?: string;
  /** The key, as the module passes it to `ini.get()`: configparser lower-cases keys, so declare it lower-case. */
  readonly key: string;
  /** One line on what the key does, shown by `gp ini new` and in the form. */
  readonly doc: string;
  /**
   * The init module that reads the key (`hostname.py`), for a key a layer declares in
   * `systemIniSettings`. gp sets it itself for a key declared with `definePackage`'s `initModules`.
   */
  readonly module?: string;
  /** The package that installs that module (`genpack/systemimg`), as {@link module}. */
  readonly package?: string;
}

/** A boolean as `ConfigParser.getboolean()` reads it: `1/yes/true/on` or `0/no/false/off`, in any case. */
export interface BoolSetting extends SettingBase {
  readonly kind: "bool";
  /** What the module does when the key is absent. */
  readonly default?: boolean;
}

/** A whole number as `ConfigParser.getint()` reads it, within a range. */
export interface IntSetting extends SettingBase {
  readonly kind: "int";
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

/** Any text, optionally matched whole by a regular expression (JavaScript syntax, no flags). */
export interface StringSetting extends SettingBase {
  readonly kind: "string";
  readonly pattern?: string;
  readonly default?: string;
}

/** One of a fixed list of words, compared exactly. */
export interface EnumSetting extends SettingBase {
  readonly kind: "enum";
  readonly values: readonly [string, ...string[]];
  readonly default?: string;
}

/**
 * A value of a well-known form: a timezone of the image's zoneinfo (`Asia/Tokyo`), a locale
 * (`ja_JP.UTF-8`), SSH public keys (one per line, continuation lines indented), a crypt(3) hash
 * (`$6$…`), an IPv4 or IPv6 address, the same with a prefix length (`192.0.2.7/24`), or a host
 * name (RFC 1123 labels).
 */
export interface FormattedSetting extends SettingBase {
  readonly kind: FormattedKind;
  readonly default?: string;
}

/** The well-known forms a {@link FormattedSetting} checks. */
export type FormattedKind = "timezone" | "locale" | "ssh-public-keys" | "crypt-hash" | "ipv4" | "ipv6" | "ipv4-cidr" | "ipv6-cidr" | "hostname";

/** One key of system.ini that an init module reads. */
export type SystemIniSetting = BoolSetting | IntSetting | StringSetting | EnumSetting | FormattedSetting;

/** Every kind a setting can have. */
export type SystemIniKind = SystemIniSetting["kind"];

/** A value an image gives a key in the system.ini that `gp install` writes when given none. */
export type SystemIniValue = string | number | boolean;

/**
 * The system.ini `gp install` writes when it is given none: keys of the top of the file, and
 * sections as objects of their keys.
 * @example { hostname: "cloud", timezone: "Asia/Tokyo", greeter: { greeting: "welcome" } }
 */
export interface SystemIniValues {
  readonly [key: string]: SystemIniValue | { readonly [key: string]: SystemIniValue };
}

/** An init module with the settings it reads, for `definePackage`'s `initModules`. */
export interface InitModuleWithSettings<Source> {
  readonly source: Source;
  /** The system.ini keys the module reads. */
  readonly settings: readonly SystemIniSetting[];
}
