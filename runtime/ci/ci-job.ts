import type { Arch } from "../../dsl/index.js";
import { GP_VERSION } from "../../compiler/index.js";
import { cacheLayout } from "../build/work-layout.js";
import type { BuildCell } from "./build-matrix.js";

/**
 * What every CI engine's job does for one cell, whatever the engine: the knowledge the GitHub
 * and GitLab files share, so both build, cache and upload the same way.
 */

/** Where gp's caches live in the job, relative to the checkout, so that CI caches can hold them. */
export const CACHE_DIR = ".gp-cache";

/** The Node.js major version the jobs install. */
export const NODE_VERSION = "22";

/**
 * Debian and Ubuntu packages gp build runs: systemd-nspawn for the lower and upper, mksquashfs,
 * rsync, mtools and dosfstools for the EFI superfloppy, and the decompressors of the inputs.
 */
export const BUILD_PACKAGES = ["systemd-container", "squashfs-tools", "rsync", "mtools", "dosfstools", "xz-utils", "zstd", "bzip2", "ca-certificates"] as const;

/**
 * The folders of gp's cache one cell needs, relative to the checkout: downloads, distfiles, and
 * the binary packages of its arch (an arch, or the CI engine's expression that stands for one).
 */
export function cachePaths(arch: Arch | string): string[] {
  const layout = cacheLayout(CACHE_DIR);
  return [layout.downloads, layout.distfiles, layout.binpkgs(arch as Arch)];
}

/** A cell's name, unique in the matrix: `<image>[-<variant>]-<arch>`, as genpack names its images. */
export function cellName(cell: BuildCell): string {
  return `${cell.name}${cell.variant === null ? "" : `-${cell.variant}`}-${cell.arch}`;
}

/** What the job uploads: the image, its checksum, its SBOM and its provenance statement. */
export function cellArtifacts(cell: BuildCell): string[] {
  const stem = cell.image.replace(/\.squashfs$/, "");
  return [cell.image, `${cell.image}.sha256`, `${stem}.cdx.json`, `${stem}.intoto.json`];
}

/**
 * How the job gets gp: from the project's own lock when it has one (`npm ci`, as gp init's
 * projects are set up), else the version of gp that wrote the file.
 */
export function installGpScript(hasLock: boolean): string {
  return hasLock ? "npm ci\n" : `npm install --global genpack-ts@${GP_VERSION}\n`;
}

/** The command that runs gp: the project's own when it has a lock, else the global one. */
export function gpCommand(hasLock: boolean): string {
  return hasLock ? "npx --no-install gp" : "gp";
}

/** The command that prints a cell's phase keys (`lower <key>`), from BLUEPRINT, ARCH and VARIANT. */
export function keysCommand(hasLock: boolean): string {
  return `${gpCommand(hasLock)} build keys "$BLUEPRINT" --arch "$ARCH" \${VARIANT:+--variant "$VARIANT"}`;
}

/**
 * The build of one cell, from the variables BLUEPRINT, ARCH, VARIANT (empty for none), IMAGE and
 * GP_BINHOST (empty for none), then the image's checksum beside it in the form `sha256sum -c`
 * reads. GP_BINHOST names the binhost of every arch: a binhost is one arch's package folder with
 * its own Packages index, so the build reads `$GP_BINHOST/$ARCH`, never another arch's packages
 * (the folder `gp binhost publish` fills for that arch). `asRoot` is put before gp, and before
 * what writes into the folder gp made, when the job does not run as root.
 */
export function buildScript(hasLock: boolean, asRoot: string): string {
  const gp = `${asRoot}${gpCommand(hasLock)}`;
  return [
    "set -eu",
    `${gp} build "$BLUEPRINT" --arch "$ARCH" \${VARIANT:+--variant "$VARIANT"} \${GP_BINHOST:+--binhost "$GP_BINHOST/$ARCH"}`,
    // In a subshell: GitLab runs a job's scripts in one shell, and the next one (publishing)
    // names the blueprint from the checkout's top.
    `(cd "$(dirname "$IMAGE")" && sha256sum "$(basename "$IMAGE")" | ${asRoot}tee "$(basename "$IMAGE").sha256" > /dev/null)`,
    "",
  ].join("\n");
}

/**
 * The variables `gp binhost publish` reads to reach the bucket: the AWS SDK's own. Region and
 * endpoint are left unset when empty, so that the SDK's defaults apply (an engine passes a
 * variable nobody set as an empty one).
 */
export const PUBLISH_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"] as const;

/**
 * The publishing of one cell's binary packages after its build, from BLUEPRINT, ARCH, VARIANT
 * and GP_PUBLISH (the destination of every arch; nothing is published when it is empty): the
 * arch's binary packages and a new index go to `$GP_PUBLISH/$ARCH`, the binhost that the builds
 * of that arch read with `--binhost`. `asRoot` as for {@link buildScript}: gp build wrote the
 * cache as root.
 */
export function publishScript(hasLock: boolean, asRoot: string): string {
  const gp = `${asRoot}${gpCommand(hasLock)}`;
  return [
    "set -eu",
    'if [ -z "${AWS_REGION:-}" ]; then unset AWS_REGION; fi',
    'if [ -z "${AWS_ENDPOINT_URL:-}" ]; then unset AWS_ENDPOINT_URL; fi',
    'if [ -n "${GP_PUBLISH:-}" ]; then',
    `  ${gp} binhost publish "$GP_PUBLISH/$ARCH" "$BLUEPRINT" --arch "$ARCH" \${VARIANT:+--variant "$VARIANT"}`,
    "fi",
    "",
  ].join("\n");
}
