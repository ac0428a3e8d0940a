import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "../../../dsl/index.js";
import { containerCommand, type Bind } from "../../container/nspawn.js";
import { run, type RunResult } from "../../../host/exec.js";
import type { BuildOptions, PhaseContext } from "../build-context.js";
import type { CacheLayout } from "../work-layout.js";
import { isEmulated } from "../host-arch.js";
import { lowerPortageIds, shareDistfiles } from "./distfiles-owner.js";

export interface LowerRunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly allowFailure?: boolean;
  readonly captureOnly?: boolean;
  readonly input?: string;
  readonly interactive?: boolean;
}

/**
 * The binds every lower container gets: the shared binary package cache of the arch (unless the
 * build keeps its own), the distfiles shared by all builds, and an overlay checkout in place of
 * the downloaded genpack-overlay when one is given.
 */
export function lowerBinds(context: PhaseContext, independentBinpkgs: boolean): Bind[] {
  const binds: Bind[] = [];
  if (!independentBinpkgs) {
    const binpkgs = context.cache.binpkgs(context.target.arch);
    mkdirSync(binpkgs, { recursive: true });
    binds.push({ host: binpkgs, container: "/var/cache/binpkgs" });
  }
  mkdirSync(context.cache.distfiles, { recursive: true });
  binds.push({ host: context.cache.distfiles, container: "/var/cache/distfiles" });
  if (context.options.overlayOverride !== undefined) binds.push({ host: context.options.overlayOverride, container: "/var/db/repos/genpack-overlay", readOnly: true });
  return binds;
}

/** Where a build's binary packages are: the lower's own PKGDIR with independent binpkgs, else the arch's shared cache. */
export function packageDirectory(lower: string, cache: CacheLayout, arch: Arch, independent: boolean): string {
  return independent ? join(lower, "var/cache/binpkgs") : cache.binpkgs(arch);
}

/** Whether this build keeps binary packages inside its lower: the option or genpack.json5's key. */
export function independentBinpkgs(context: PhaseContext): boolean {
  return context.options.independentBinpkgs === true || context.target.resolution.independentBinpkgs === true;
}

/**
 * The environment of every command in the lower. Emulated builds get FEATURES=-pid-sandbox, as
 * genpack gives them (Gentoo bug 703278). With binhosts, FEATURES=getbinpkg makes every emerge
 * fetch from them (and an empty PORTAGE_BINHOST keeps a make.conf's binhost out of it),
 * and binpkg-multi-instance (on in Portage's defaults, on here whatever the
 * stage3's make.conf says) keeps a fetched package beside a local one of other USE flags. `--gentoo-mirror` is also the first place emerge and
 * ebuild fetch distfiles from (GENTOO_MIRRORS), so that a build pointed at a mirror takes
 * everything from it; without the option, Portage's own setting stays (make.conf, else
 * distfiles.gentoo.org), as in genpack, which never sets it.
 */
export function lowerEnvironment(arch: Arch, options: Pick<BuildOptions, "gentooMirror" | "binhosts">): Record<string, string> {
  const features = [...(isEmulated(arch) ? ["-pid-sandbox"] : []), ...((options.binhosts ?? []).length > 0 ? ["getbinpkg", "binpkg-multi-instance"] : [])];
  return {
    ...(features.length > 0 ? { FEATURES: features.join(" ") } : {}),
    ...((options.binhosts ?? []).length > 0 ? { PORTAGE_BINHOST: "" } : {}),
    ...(options.gentooMirror === undefined ? {} : { GENTOO_MIRRORS: options.gentooMirror }),
  };
}

/**
 * Makes the shared distfiles folder the lower's portage user's, as genpack makes the lower's
 * /var/cache/distfiles (see {@link shareDistfiles}); a root without that user leaves it as it is,
 * and Portage then fetches as root.
 */
export function shareDistfilesWithLower(context: PhaseContext): void {
  mkdirSync(context.cache.distfiles, { recursive: true });
  const owner = lowerPortageIds(context.layout.lower);
  if (owner === undefined) {
    context.report.warn("the lower has no portage user and group; the distfiles folder stays root's, and Portage fetches as root");
    return;
  }
  shareDistfiles(context.cache.distfiles, owner);
}

/** Runs a command in a container on the lower root, in {@link lowerEnvironment} and `options.env`. */
export function runInLower(context: PhaseContext, command: readonly string[], options: LowerRunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = { ...lowerEnvironment(context.target.arch, context.options), ...options.env };
  const { command: program, args } = containerCommand(
    { root: context.layout.lower, binds: lowerBinds(context, independentBinpkgs(context)), env, console: options.interactive === true ? "interactive" : "pipe" },
    command,
  );
  return run(program, args, {
    log: context.log,
    report: context.report,
    signal: context.signal,
    ...(options.allowFailure === undefined ? {} : { allowFailure: options.allowFailure }),
    ...(options.captureOnly === undefined ? {} : { captureOnly: options.captureOnly }),
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.interactive === undefined ? {} : { interactive: options.interactive }),
  });
}
