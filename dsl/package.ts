import { brand, PACKAGE_BRAND, type BrandInfo } from "./brand.js";
import { captureCallSite, withCallSite } from "./call-site.js";
import type { FileSource, TreeSource } from "./files.js";
import type { InitModuleWithSettings } from "./system-ini.js";
import type { WrittenFields } from "./written.js";

/** The Portage arches genpack builds for: amd64 (x86_64), arm64 (aarch64), riscv (riscv64), x86 (i686). */
export type PortageArch = "amd64" | "arm64" | "riscv" | "x86";

/**
 * An entry of `KEYWORDS`: an arch the package is stable on, `~arch` for testing (the image then
 * needs `acceptKeywords` for it), or `-*` for "broken everywhere else".
 */
export type PortageKeyword = PortageArch | `~${PortageArch}` | "-*";

/**
 * A dependency: a package made with {@link definePackage} (any version of it), or a PMS
 * dependency string: atoms such as `>=dev-lang/python-3.12`, blockers (`!app-misc/old`), any-of
 * groups (`|| ( a/b c/d )`) and USE conditionals (`ssl? ( dev-libs/openssl )`), separated by
 * spaces or line breaks.
 */
export type Dependency = string | Package;

/** One dependency or a list of them, written into the ebuild in order. */
export type Dependencies = Dependency | readonly Dependency[];

/** A USE flag of the package with its description, shown by `equery uses` and in metadata.xml. */
export interface UseFlagDeclaration {
  readonly description: string;
  /** Whether the flag is on unless a profile or the image turns it off (`+flag` in IUSE). @default false */
  readonly default?: boolean;
}

/**
 * The package's USE flags: a list in IUSE syntax (`["+ssl", "doc"]`), or each flag with a
 * description (`{ ssl: { description: "Use TLS", default: true } }`; a string is the description).
 */
export type UseFlagDeclarations = readonly string[] | { readonly [flag: string]: string | UseFlagDeclaration };

/**
 * A distfile the package fetches (`SRC_URI`), with the size and digests the Manifest records.
 * Portage refuses the file if it does not match. Archives are unpacked into `${WORKDIR}`.
 *
 * @example
 * { url: "https://example.org/tool-1.2.tar.gz", size: 48213, blake2b: "9f1c…", sha512: "a07e…" }
 */
export interface SourceArchive {
  readonly url: string;
  /** The name the file is saved under (`url -> name`). @default the last part of the URL */
  readonly name?: string;
  /** Size in bytes. */
  readonly size: number;
  /** BLAKE2b-512 digest, 128 hexadecimal digits (`b2sum`). */
  readonly blake2b: string;
  /** SHA-512 digest, 128 hexadecimal digits (`sha512sum`). */
  readonly sha512: string;
}

/** What {@link definePackage} takes. */
export interface PackageSpec {
  /** The category, such as `app-misc`; gp lists new ones in the overlay's `profiles/categories`. */
  readonly category: string;
  /** The package name (PN), such as `hello-config`. */
  readonly name: string;
  /**
   * The version (PV), such as `1.0` or `20260807`. gp adds the revision (`-rN`) itself and
   * changes it whenever the generated ebuild or its files change, so a changed package is
   * never served from a stale binary package.
   */
  readonly version: string;
  /** One line on what the package is for (DESCRIPTION). */
  readonly description: string;
  /** HOMEPAGE: one URL or several. */
  readonly homepage?: string | readonly string[];
  /**
   * LICENSE, a license name of the Gentoo tree or an expression such as `|| ( MIT Apache-2.0 )`.
   * Needed when the package installs anything; a package that only depends on others is a
   * `metapackage` unless told otherwise.
   */
  readonly license?: string;
  /** SLOT, optionally with a sub-slot (`0/1.2`). @default "0" */
  readonly slot?: string;
  /** KEYWORDS. @default the image's arches, stable: `amd64 arm64 riscv x86` for an image for every arch */
  readonly keywords?: readonly PortageKeyword[];
  /** IUSE: the USE flags the package declares. */
  readonly iuse?: UseFlagDeclarations;
  /** DEPEND: needed to build, on the target. */
  readonly depend?: Dependencies;
  /** RDEPEND: needed at run time; genpack puts these into the image too. */
  readonly rdepend?: Dependencies;
  /** PDEPEND: needed at run time, installed after the package. */
  readonly pdepend?: Dependencies;
  /** BDEPEND: needed to build, on the build host. */
  readonly bdepend?: Dependencies;
  /**
   * Files the package installs, by absolute path in the image: inline text, a file beside the
   * module, or a directory tree copied whole. Text gets mode 0644 unless given one.
   * @example { "/etc/hello.conf": "greeting=hi\n", "/usr/bin/hello": file("./hello.sh", { mode: 0o755 }) }
   */
  readonly files?: { readonly [imagePath: `/${string}`]: TreeSource };
  /**
   * Scripts genpack runs while it builds an image that holds this package, installed as
   * executables into `/usr/lib/genpack/package-scripts/<category>/<name>/` and run in name
   * order. A key `category/package/script` runs the script for that other package instead.
   * Each must start with a `#!` line.
   * @example { "enable.sh": "#!/bin/sh\nsystemctl enable hello.service\n" }
   */
  readonly packageScripts?: { readonly [script: string]: FileSource };
  /**
   * genpack-init modules, run at every boot (`/usr/lib/genpack-init/<name>.py`), each defining
   * `configure()` or `configure(ini)`. Numeric prefixes order them (`50hello.py`). A module that
   * reads system.ini declares the keys it reads with its source: gp checks the image's
   * `systemIni` against them and writes them into the image's schema (`system-ini.json`), which
   * `gp ini check` and the system.ini form read.
   * @example
   * {
   *   "50greeter.py": {
   *     source: file("./50greeter.py"),
   *     settings: [{ section: "greeter", key: "greeting", kind: "string", default: "hello", doc: "What the console says at boot" }],
   *   },
   * }
   */
  readonly initModules?: { readonly [module: `${string}.py`]: FileSource | InitModuleWithSettings<FileSource> };
  /**
   * systemd units, installed into `/usr/lib/systemd/system/`. Enable them with the image's
   * `services`. Drop-ins are written `unit.service.d/name.conf`.
   */
  readonly systemdUnits?: { readonly [unit: string]: FileSource };
  /** SRC_URI: distfiles Portage fetches and checks; they unpack into `${WORKDIR}`. */
  readonly sources?: readonly SourceArchive[];
  /**
   * Shell commands appended to `src_install`, run in `${WORKDIR}` after the files above are
   * installed: for installing what `sources` unpacked, such as `dobin tool`.
   */
  readonly install?: string;
}

/** A package declared with {@link definePackage}. */
export type Package = PackageSpec & { readonly [PACKAGE_BRAND]: BrandInfo };

/**
 * Declares a package of the image's own. An image (or profile) lists the package in `packages`;
 * `gp compile` writes its ebuild, files, metadata.xml and Manifest into the artifact's
 * `overlay/`, which genpack installs as `genpack-local-overlay`. Pure: it only brands and
 * freezes the spec.
 *
 * @example
 * export const hello = definePackage({
 *   category: "app-misc",
 *   name: "hello-config",
 *   version: "1.0",
 *   description: "Configuration of the hello service",
 *   license: "MIT",
 *   files: { "/etc/hello.conf": "greeting=hi\n" },
 *   systemdUnits: { "hello.service": file("./hello.service") },
 * });
 */
export function definePackage<const Written = unknown>(spec: PackageSpec & WrittenFields<Written, PackageSpec>): Package {
  return Object.freeze(withCallSite(brand(PACKAGE_BRAND, spec), captureCallSite(definePackage))) as unknown as Package;
}
