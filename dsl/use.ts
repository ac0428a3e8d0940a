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

/** USE_EXPAND groups of one package, each a list of values (`-value` turns one off). */
export type UseExpandGroups = { readonly [Name in UseExpandName]?: readonly UseFlag[] };

/**
 * The USE setting of one package:
 * - a string as Portage writes it: `"apache2 -postgres"`;
 * - a list of flags, where USE_EXPAND groups may follow as objects:
 *   `["vaapi", "-X", { VIDEO_CARDS: ["virgl"] }]`;
 * - groups alone: `{ GRUB_PLATFORMS: ["pc", "efi-32"] }`;
 * - `null` for a bare atom line.
 */
export type UseSetting = string | readonly (UseFlag | UseExpandGroups)[] | UseExpandGroups | null;

/** Keywords to accept for one package; `null` accepts the arch's testing keyword (`~amd64`). */
export type KeywordSetting = string | readonly string[] | null;

/** Licenses to accept for one package, such as `"linux-fw-redistributable"`. */
export type LicenseSetting = string | readonly string[] | null;
