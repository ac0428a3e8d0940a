import { homedir } from "node:os";
import { join } from "node:path";
import type { Arch } from "../../dsl/index.js";
import { nameProblem } from "../../compiler/validate/checks.js";

/**
 * Where a build keeps its state, below the artifact directory like genpack's `work/`:
 *
 *     work/.gp-build.lock                 one build at a time per artifact
 *     work/<arch>/lower[-<variant>]/      the lower root: stage3, repositories, emerged packages
 *     work/<arch>/lower[-<variant>].json  what the lower was built from (its phase key)
 *     work/<arch>/upper[-<variant>]/      upper layer, overlayfs work directory, mount point
 *     work/<arch>/upper[-<variant>].json  the upper's phase key
 *     work/<arch>/contents[-<variant>].json  what the upper holds and why (gp contents)
 *     work/<arch>/pack[-<variant>].json   the image's phase key
 *     work/<arch>/logs/<phase>[-<variant>].log
 *
 * The lower is a directory rather than genpack's sparse ext4 image: no fixed capacity to run
 * out of mid-build, no loop device or filesystem check, nothing to mount before looking inside,
 * and the same overlayfs upper works over it. The host filesystem must be a local one that
 * keeps owners, device nodes and extended attributes (ext4, xfs, btrfs).
 */
export interface WorkLayout {
  readonly workDir: string;
  readonly lock: string;
  readonly archDir: string;
  readonly lower: string;
  readonly lowerState: string;
  readonly upperDir: string;
  readonly upper: string;
  readonly upperWork: string;
  readonly upperMount: string;
  readonly upperState: string;
  /** The upper's contents record, which `gp contents` reads. */
  readonly contents: string;
  readonly packState: string;
  readonly logs: string;
  log(phase: string): string;
}

export function workLayout(artifactDir: string, arch: Arch, variant: string | null): WorkLayout {
  // The variant names folders and files here; it was checked when the artifact was read, and
  // is held to that rule again so that no path is ever built from a name that could leave work/.
  const problem = variant === null ? undefined : nameProblem(variant, "variant");
  if (problem !== undefined) throw new Error(`The variant was not checked: ${problem}.`);
  const workDir = join(artifactDir, "work");
  const archDir = join(workDir, arch);
  const suffix = variant === null ? "" : `-${variant}`;
  const upperDir = join(archDir, `upper${suffix}`);
  const logs = join(archDir, "logs");
  return {
    workDir,
    lock: join(workDir, ".gp-build.lock"),
    archDir,
    lower: join(archDir, `lower${suffix}`),
    lowerState: join(archDir, `lower${suffix}.json`),
    upperDir,
    upper: join(upperDir, "upper"),
    upperWork: join(upperDir, "work"),
    upperMount: join(upperDir, "merged"),
    upperState: join(archDir, `upper${suffix}.json`),
    contents: join(archDir, `contents${suffix}.json`),
    packState: join(archDir, `pack${suffix}.json`),
    logs,
    log: (phase: string) => join(logs, `${phase}${suffix}.log`),
  };
}

/** gp's caches shared by every artifact of the user: downloads, binary packages per arch, distfiles. */
export interface CacheLayout {
  readonly root: string;
  readonly downloads: string;
  readonly distfiles: string;
  binpkgs(arch: Arch): string;
  /** Where build scripts' `download` tool keeps what it fetched. */
  readonly buildDownloads: string;
}

export function cacheLayout(root = process.env["GP_CACHE_DIR"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "gp")): CacheLayout {
  return {
    root,
    downloads: join(root, "downloads"),
    distfiles: join(root, "distfiles"),
    binpkgs: (arch: Arch) => join(root, arch, "binpkgs"),
    buildDownloads: join(root, "download"),
  };
}
