import { groupaddCommands, useraddCommands } from "./accounts.js";
import type { PlainValue } from "./json5/syntax.js";
import type { PortageFilePath } from "./portage-files.js";
import { pyStr } from "./python.js";
import type { GenpackResolution } from "./resolve.js";

/**
 * What a build takes from genpack.json5 for one arch and variant, in plain TypeScript values:
 * every value genpack passes through Python's `str()` on its way to a command or a file is that
 * string here, so the build phases never meet a Python-like value. `null` stands where genpack
 * has None. The lower layer's capacity is left out: gp's lower is a directory, not an image.
 */
export interface Resolution {
  readonly variant: string | null;
  readonly name: string;
  /** As `eselect profile set` receives it, such as `genpack-overlay:genpack/amd64/paravirt`. */
  readonly portageProfile: string;
  /** The profile name within genpack-overlay (`paravirt`), or null for the bare arch profile. */
  readonly profile: string | null;
  readonly portageFiles: Readonly<Record<PortageFilePath, string>>;
  /** The atoms given to `--usepkg-exclude` and `--buildpkg-exclude`. */
  readonly binpkgExcludes: readonly string[];
  readonly buildtimePackagesFirst: boolean;
  /** The groupadd commands of the upper phase, in order. */
  readonly groupaddCommands: readonly (readonly string[])[];
  /** The useradd commands of the upper phase, in order. */
  readonly useraddCommands: readonly (readonly string[])[];
  /** The units `systemctl enable` receives. */
  readonly services: readonly string[];
  /** The commands genpack runs with `sh -c`, in order. */
  readonly setupCommands: readonly string[];
  readonly outfile: string;
  /** genpack.json5's compression, gzip where it sets none. */
  readonly compression: string;
  /** The breaker's packages and the USE it emerges them with (null: the flags they have). */
  readonly circulardepBreaker: { readonly packages: readonly string[]; readonly use: string | null } | null;
  /** Whether genpack.json5 asks for binary packages of their own (`independent_binpkgs: true`). */
  readonly independentBinpkgs: boolean;
}

/** Each element of a list genpack iterates, as `str()` makes it. */
function strings(list: PlainValue, what: string): string[] {
  // The merge and the artifact check make every one of these a list before a build starts.
  if (!Array.isArray(list)) throw new Error(`${what} of the resolution is not a list; the artifact was not checked.`);
  return list.map((element) => pyStr(element));
}

/**
 * The typed form of a resolution: Python-like values turned into the strings genpack's `str()`
 * gives (booleans as `True`, whole floats as `1.0`), once, where the build starts.
 */
export function typedResolution(resolved: GenpackResolution): Resolution {
  const breaker = resolved.circulardepBreaker;
  return {
    variant: resolved.variant,
    name: resolved.name,
    portageProfile: resolved.portageProfile,
    profile: resolved.profile === null ? null : pyStr(resolved.profile),
    portageFiles: resolved.portageFiles,
    binpkgExcludes: strings([...resolved.binpkgExcludes], "binpkg_excludes"),
    buildtimePackagesFirst: resolved.buildtimePackagesFirst,
    groupaddCommands: groupaddCommands(resolved.groups),
    useraddCommands: useraddCommands(resolved.users),
    services: strings([...resolved.services], "services"),
    setupCommands: resolved.setupCommands,
    outfile: resolved.outfile,
    compression: resolved.compression === null ? "gzip" : pyStr(resolved.compression),
    circulardepBreaker:
      breaker === null ? null : { packages: strings(breaker.packages as PlainValue, "circulardep_breaker.packages"), use: breaker.use === null ? null : pyStr(breaker.use) },
    independentBinpkgs: resolved.independentBinpkgs === true,
  };
}
