import type { Arch, ArchCombination } from "./arch.js";
import type { AtomFieldTypes, CatalogAtomFields } from "./atom-fields.js";
import type { PackageAtom } from "./atoms.js";
import type { Compression } from "./compression.js";
import type { FileSource, LocalDirectory, TreeSource } from "./files.js";
import type { PortageProfile } from "./portage-profile.js";
import type { Profile } from "./profile.js";
import type { SystemIniSetting, SystemIniValues } from "./system-ini.js";
import type { Group, User } from "./users.js";

/**
 * The Portage settings genpack merges at every level: the top level, each `arch` block, each
 * variant and each variant's `arch` blocks. These are exactly the keys genpack allows in an
 * `arch` block.
 *
 * `Fields` types the fields that hold atoms (see {@link AtomFieldTypes}): every atom of the
 * catalog by default, what the blueprint wrote at the top level of `defineImage` and
 * `defineProfile`.
 */
export interface PortageFields<Fields extends AtomFieldTypes = CatalogAtomFields> {
  /**
   * Packages of the image (the `genpack-runtime` set): they and their runtime dependencies
   * end up in the image. A package made with {@link definePackage} goes in as it is; gp writes
   * its ebuild into the artifact's overlay. Use {@link remove} to take out an atom an earlier
   * layer added.
   * @example ["www-apps/nextcloud", "dev-db/mysql", myConfigPackage]
   */
  readonly packages?: Fields["packages"];
  /**
   * Packages installed for the build only (the `genpack-buildtime` set); they stay out of the
   * image unless something needs them at run time.
   */
  readonly buildtimePackages?: Fields["buildtimePackages"];
  /**
   * `package.accept_keywords`: `null` accepts the testing keyword of the target arch.
   * @example { "net-vpn/frp": null }
   */
  readonly acceptKeywords?: Fields["acceptKeywords"];
  /**
   * `package.use`, one entry per atom; a later layer replaces an earlier layer's entry.
   * @example { "dev-lang/php": "+mysql +curl", "media-libs/mesa": ["vaapi", { VIDEO_CARDS: ["virgl"] }] }
   */
  readonly use?: Fields["use"];
  /** `package.mask`: atoms Portage must not install. */
  readonly mask?: Fields["mask"];
  /**
   * `package.license`: licenses to accept per atom.
   * @example { "sys-kernel/linux-firmware": "linux-fw-redistributable" }
   */
  readonly license?: Fields["license"];
  /**
   * `package.env`: files of {@link ArtifactFields.envFiles} to apply per atom.
   * @example { "media-libs/mesa": "debug.conf" }
   */
  readonly env?: Fields["env"];
  /** Packages never taken from nor stored in the binary package cache. */
  readonly binpkgExcludes?: NoInfer<PackageAtom | readonly PackageAtom[]>;
  /** systemd units to enable (`systemctl enable`). */
  readonly services?: readonly string[];
  /**
   * Shell commands run with `sh -c` in the image after `files` and build scripts, in order.
   * genpack's own code runs only the top-level ones; gp warns about others.
   * @example ["sed -i 's/-D SSL //' /etc/conf.d/apache2"]
   */
  readonly setupCommands?: readonly string[];
}

/**
 * What an arch block may set beyond the Portage settings, as genpack's documentation describes
 * it; genpack's own code ignores it there, and gp warns about that.
 */
export interface ArchBlockExtras {
  /** Emerge the buildtime packages in a pass of their own, for this arch. */
  readonly buildtimePackagesFirst?: boolean;
}

/** An arch block at the top level: Portage settings, plus kernel config fragments for that arch. */
export interface ArchBlock extends PortageFields, ArchBlockExtras {
  /**
   * Kernel config fragments for this arch only (`kernel/arch-<arch>/config.d/`), applied after
   * the common ones. Keys are file names; fragments apply in name order, the last one wins.
   */
  readonly kernelConfig?: { readonly [name: `${string}.config`]: FileSource };
}

/** An arch block inside a variant: Portage settings only. */
export interface VariantArchBlock extends PortageFields, ArchBlockExtras {}

/**
 * Arch blocks keyed by arch, or by several arches joined by `|`, among the arches `A` the image
 * exists for. Applied in the order written.
 */
export type ArchBlocks<Block, A extends Arch = Arch> = { readonly [Key in ArchCombination<A>]?: Block };

/** A variant: a second flavour of the image, built with `--variant NAME`, named in the output file. */
export interface Variant<A extends Arch = Arch> extends PortageFields {
  /**
   * The image name for this variant, as genpack's documentation describes it. genpack's own
   * code reads only the top-level name; gp warns about that.
   */
  readonly name?: string;
  /**
   * The Portage profile for this variant, as genpack's documentation describes it. genpack's own
   * code reads only the top-level profile; gp warns about that.
   */
  readonly profile?: PortageProfile;
  /**
   * The output file for this variant, as genpack's documentation describes it. genpack's own
   * code reads only the top-level outfile; gp warns about that.
   */
  readonly outfile?: string;
  /** Emerge the buildtime packages in a pass of their own, before the rest. */
  readonly buildtimePackagesFirst?: boolean;
  /** Users added for this variant, after the image's own. */
  readonly users?: readonly (User | string)[];
  /** Groups added for this variant, after the image's own. */
  readonly groups?: readonly (Group | string)[];
  /** Arch blocks applied after this variant's own settings. */
  readonly arch?: ArchBlocks<VariantArchBlock, A>;
}

/** Files of the artifact directory beyond genpack.json5. */
export interface ArtifactFields {
  /**
   * Files copied into the image (`files/`), keyed by absolute path in the image.
   * A string is text with mode 0644; {@link text}, {@link file} and {@link directory} say more.
   * @example { "/etc/motd": "Welcome\n", "/": directory("./files") }
   */
  readonly files?: { readonly [path: `/${string}`]: TreeSource };
  /**
   * Scripts run as root in the image during the upper phase (`files/build.d/`), in name order.
   * A script runs directly when it starts with `#!`; otherwise its name must end in `.sh` or `.py`.
   */
  readonly buildScripts?: { readonly [name: string]: FileSource };
  /**
   * Scripts run as a given user, with HOME set, after the root scripts
   * (`files/build.d/<user>/`). The user must be defined in `users`.
   * @example { nextcloud: { "occ.sh": file("./occ.sh") } }
   */
  readonly userBuildScripts?: { readonly [user: string]: { readonly [name: string]: FileSource } };
  /**
   * Kernel config fragments for every arch (`kernel/config.d/`). Keys are file names; fragments
   * apply in name order, the last one wins, so overrides take a `zz-` prefix.
   */
  readonly kernelConfig?: { readonly [name: `${string}.config`]: FileSource };
  /**
   * Portage environment files (`env/`), named by `env`.
   * @example { "debug.conf": 'FEATURES="${FEATURES} splitdebug"\n' }
   */
  readonly envFiles?: { readonly [name: string]: FileSource };
  /**
   * Saved configurations for packages that use savedconfig (`savedconfig/`), keyed by path
   * below /etc/portage/savedconfig, such as `sys-kernel/linux-firmware`.
   */
  readonly savedconfig?: { readonly [path: `${string}/${string}`]: TreeSource };
  /**
   * User patches (`patches/`), keyed by `category/package` (optionally with a version), each a
   * set of patch files by name, or a directory of them.
   * @example { "x11-wm/mutter": { "fix-leak.patch": file("./fix-leak.patch") } }
   */
  readonly patches?: {
    readonly [target: `${string}/${string}`]: { readonly [name: string]: FileSource } | LocalDirectory;
  };
  /**
   * A hand-written local ebuild repository (`overlay/<category>/<package>/*.ebuild`), which
   * genpack installs as genpack-local-overlay. The overlays of an image and its profiles merge.
   * @example directory("./overlay")
   */
  readonly overlay?: LocalDirectory;
}

/**
 * What images and profiles may both set. `A` is the set of arches the image or profile exists
 * for: what `arches` says, narrowed by every profile it extends.
 */
export interface LayerFields<A extends Arch = Arch, Fields extends AtomFieldTypes = CatalogAtomFields> extends PortageFields<Fields>, ArtifactFields {
  /** Profiles this one builds on, applied in order before it. */
  readonly extends?: Profile<A> | readonly Profile<A>[];
  /**
   * The arches this exists for; builds for other arches are refused, and arch blocks may only
   * name these. Profiles narrow it further: an image extending a profile for aarch64 only is
   * itself for aarch64 only.
   * @default every arch genpack knows
   * @example ["aarch64"]
   */
  readonly arches?: readonly A[];
  /** The genpack-overlay Portage profile. */
  readonly profile?: PortageProfile;
  /**
   * SquashFS compression.
   * @default "gzip"
   */
  readonly compression?: Compression;
  /**
   * Emerge the buildtime packages in a pass of their own, before the rest.
   * @default false
   */
  readonly buildtimePackagesFirst?: boolean;
  /** Users to create, in order. A string is a user with that name and defaults. */
  readonly users?: readonly (User | string)[];
  /** Groups to create, in order, before the users. */
  readonly groups?: readonly (Group | string)[];
  /**
   * Size of the sparse lower-layer image in GiB (`lower-layer-capacity`).
   * @default 128
   */
  readonly lowerLayerCapacity?: number;
  /**
   * Keep binary packages inside the lower image instead of the shared cache.
   * @default false
   */
  readonly independentBinpkgs?: boolean;
  /** Packages emerged first with a USE override, to break a circular dependency. */
  readonly circulardepBreaker?: {
    readonly packages: NoInfer<readonly PackageAtom[]>;
    /** USE flags for that emerge, such as `"-harfbuzz"`. */
    readonly use?: string;
  };
  /**
   * The system.ini keys read by genpack-init modules that this layer brings but that are not
   * packages of gp's own (those declare their keys with their `initModules`): modules of its
   * Portage profile's packages, or of packages it adds from a repository. gp adds genpack/base's
   * keys (`timezone`, `locale`, `ssh_pubkey`, `debug`, `exec_guard`) to every image itself.
   * The keys of genpack-overlay's packages are ready-made in `genpackOverlaySettings`.
   * @example [...genpackOverlaySettings.systemimg, { key: "motd", kind: "string", doc: "Shown at login", module: "motd.py", package: "app-misc/motd" }]
   */
  readonly systemIniSettings?: readonly SystemIniSetting[];
  /** Settings applied only when building for the matching arch. */
  readonly arch?: ArchBlocks<ArchBlock, A>;
  /** Named variants of the image. */
  readonly variants?: { readonly [name: string]: Variant<A> };
  /** The variant built when none is asked for. */
  readonly defaultVariant?: string;
}

/** What a profile may set: everything but the image's own name and output file. */
export type ProfileSpec<A extends Arch = Arch, Fields extends AtomFieldTypes = CatalogAtomFields> = LayerFields<A, Fields>;

/** What an image blueprint sets. */
export interface ImageSpec<A extends Arch = Arch, Fields extends AtomFieldTypes = CatalogAtomFields> extends LayerFields<A, Fields> {
  /**
   * Image name, used in the output file name and exported as ARTIFACT to build scripts.
   * @default the blueprint file name without `.image.ts`
   */
  readonly name?: string;
  /**
   * Output file name.
   * @default "<name>[-<variant>]-<arch>.squashfs"
   */
  readonly outfile?: string;
  /**
   * The system.ini `gp install` writes when it is given none: keys at the top of the file, and
   * sections as objects of their keys. Every key must be declared by a layer or an init module
   * of the image, and every value must fit its declaration; booleans are written `true`/`false`.
   * @example { hostname: "cloud", timezone: "Asia/Tokyo", greeter: { greeting: "welcome" } }
   */
  readonly systemIni?: SystemIniValues;
}
