import type { LicenseName, UseExpandValueOf } from "./catalog.js";

/**
 * One USE flag: `flag` turns it on, `-flag` turns it off.
 * Portage's `VAR: value` syntax for USE_EXPAND groups is written as a {@link UseExpandGroups} object.
 */
export type UseFlag = string;

/**
 * USE_EXPAND variables of the Gentoo tree. Each takes a list of values, such as
 * `{ VIDEO_CARDS: ["virgl", "zink"] }`, which genpack writes as `VIDEO_CARDS: virgl zink`.
 */
export type UseExpandName =
  | "ABI_X86"
  | "ADA_TARGET"
  | "ALSA_CARDS"
  | "AMDGPU_TARGETS"
  | "APACHE2_MODULES"
  | "APACHE2_MPMS"
  | "CALLIGRA_FEATURES"
  | "CAMERAS"
  | "COLLECTD_PLUGINS"
  | "CPU_FLAGS_ARM"
  | "CPU_FLAGS_PPC"
  | "CPU_FLAGS_X86"
  | "CROSSCOMPILE_OPTS"
  | "CURL_SSL"
  | "DOTNET_TARGETS"
  | "ELIBC"
  | "FFTOOLS"
  | "GPSD_PROTOCOLS"
  | "GRUB_PLATFORMS"
  | "GUILE_SINGLE_TARGET"
  | "GUILE_TARGETS"
  | "INPUT_DEVICES"
  | "KERNEL"
  | "L10N"
  | "LCD_DEVICES"
  | "LIBREOFFICE_EXTENSIONS"
  | "LLVM_SLOT"
  | "LLVM_TARGETS"
  | "LUA_SINGLE_TARGET"
  | "LUA_TARGETS"
  | "MONKEYD_PLUGINS"
  | "NGINX_MODULES_HTTP"
  | "NGINX_MODULES_MAIL"
  | "NGINX_MODULES_STREAM"
  | "NVPTX_TARGETS"
  | "OFFICE_IMPLEMENTATION"
  | "OPENMPI_FABRICS"
  | "OPENMPI_OFED_FEATURES"
  | "OPENMPI_RM"
  | "PHP_TARGETS"
  | "POSTGRES_TARGETS"
  | "PYTHON_SINGLE_TARGET"
  | "PYTHON_TARGETS"
  | "QEMU_SOFTMMU_TARGETS"
  | "QEMU_USER_TARGETS"
  | "RUBY_TARGETS"
  | "SANE_BACKENDS"
  | "UWSGI_PLUGINS"
  | "VIDEO_CARDS"
  | "VOICEMAIL_STORAGE"
  | "XTABLES_ADDONS";

/**
 * USE_EXPAND groups of one package, each a list of values (`-value` turns one off). With a
 * catalog (`gp catalog`) the values are those its repositories describe.
 */
export type UseExpandGroups = { readonly [Name in UseExpandName]?: readonly Toggled<UseExpandValueOf<Name>>[] };

/** A flag or value, or with a `-` in front: turned off. */
export type Toggled<Flag extends string> = Flag | `-${Flag}`;

/**
 * The USE setting of one package:
 * - a string as Portage writes it: `"apache2 -postgres"`;
 * - a list of flags, where USE_EXPAND groups may follow as objects:
 *   `["vaapi", "-X", { VIDEO_CARDS: ["virgl"] }]`;
 * - groups alone: `{ GRUB_PLATFORMS: ["pc", "efi-32"] }`;
 * - `null` for a bare atom line.
 */
export type UseSetting = UseSettingOf<UseFlag>;

/**
 * The USE setting of a package whose flags are `Flag`: what {@link UseSetting} allows, with the
 * list's flags limited to the package's own (with a catalog; any flag without one). A string is
 * checked by `gp check --catalog`, not by the types.
 */
export type UseSettingOf<Flag extends string> = string | readonly (Toggled<Flag> | UseExpandGroups)[] | UseExpandGroups | null;

/** Keywords to accept for one package; `null` accepts the arch's testing keyword (`~amd64`). */
export type KeywordSetting = string | readonly string[] | null;

/**
 * Licenses to accept for one package, such as `"linux-fw-redistributable"`; a license group is
 * written `@GROUP` and `-NAME` takes one back. With a catalog, a name must be one of its
 * repositories' licenses.
 */
export type LicenseSetting = LicenseToken | `${string} ${string}` | readonly LicenseToken[] | null;

/**
 * A license, a license group (`@FREE`), every license (`*`), or any of them taken back (`-NAME`,
 * `-*`). Several in one string (`"GPL-2 MIT"`) are left to `gp check --catalog`.
 */
export type LicenseToken = LicenseName | `@${string}` | `-${string}` | "*";
