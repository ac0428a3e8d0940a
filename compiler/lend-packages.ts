import type { Plugin } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as TS from "typescript";
import { PACKAGE_ROOT } from "./package-root.js";
import type { TypeScript } from "./typescript.js";
import { PROFILE_PACKAGES, profileFolder, profilePackageName } from "./profile-packages.js";
import { packageFoldersAbove } from "./package-folders.js";

/** genpack-ts and its profiles, which gp lends to blueprints that cannot resolve them. */
export const LENDABLE = /^(?:genpack-ts|@genpack-ts\/[^/]+)(?:\/.*)?$/;

/** A file in gp's own package, from which gp's genpack-ts resolves (a package may import itself by name). */
const LENDER_FILE = resolve(PACKAGE_ROOT, "package.json");

/** The entry points of gp's own copy of a profile package, as its package.json exports them. */
interface OwnProfile {
  readonly types: string;
  readonly module: string;
}

const ownProfiles = new Map<string, OwnProfile | undefined>();

/**
 * gp's own copy of a profile package: gp ships every profile in `profiles/<name>/` of its
 * package, as the profile's own package has it, so that an installed gp (from npm or a packed
 * checkout, where the profiles are not npm workspaces) lends them as it lends the DSL.
 * Only the names in {@link PROFILE_PACKAGES} are looked up, so no specifier reaches another
 * folder.
 */
export function ownProfile(specifier: string): OwnProfile | undefined {
  if (ownProfiles.has(specifier)) return ownProfiles.get(specifier);
  const profile = PROFILE_PACKAGES.find((name) => profilePackageName(name) === specifier);
  let found: OwnProfile | undefined;
  if (profile !== undefined) {
    const folder = profileFolder(PACKAGE_ROOT, profile);
    try {
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name?: unknown; exports?: { "."?: { types?: unknown; default?: unknown } } };
      const entry = manifest.exports?.["."];
      if (manifest.name === specifier && typeof entry?.types === "string" && typeof entry.default === "string") found = { types: join(folder, entry.types), module: join(folder, entry.default) };
    } catch {
      found = undefined;
    }
  }
  ownProfiles.set(specifier, found);
  return found;
}

/**
 * Blueprints import `genpack-ts` and `@genpack-ts/*` profiles. Where the blueprint's own
 * node_modules has them, those are used, as an editor would see them; where it does not (a lone
 * blueprint file anywhere on disk), gp lends its own copies: its genpack-ts, and the profiles in
 * its profiles/ folder.
 */
export const lendOwnPackages: Plugin = {
  name: "gp-own-packages",
  setup(build) {
    build.onResolve({ filter: LENDABLE }, async (args) => {
      if ((args.pluginData as { lent?: boolean } | undefined)?.lent === true) return undefined;
      const own = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lent: true } });
      if (own.errors.length === 0) return own;
      const profile = ownProfile(args.path);
      if (profile !== undefined) return { path: profile.module };
      const lent = await build.resolve(args.path, { kind: args.kind, resolveDir: PACKAGE_ROOT, pluginData: { lent: true } });
      return lent.errors.length === 0 ? lent : { errors: own.errors };
    });
  },
};

/**
 * The type-check's side of {@link lendOwnPackages}: where a `genpack-ts` or profile import that
 * the blueprint cannot resolve finds its types in gp's own package; undefined for other imports.
 */
export function lentTypes(
  ts: TypeScript,
  specifier: string,
  options: TS.CompilerOptions,
  host: TS.ModuleResolutionHost,
  cache: TS.ModuleResolutionCache,
  redirected: TS.ResolvedProjectReference | undefined,
  mode: TS.ResolutionMode,
): TS.ResolvedModuleWithFailedLookupLocations | undefined {
  if (!LENDABLE.test(specifier)) return undefined;
  const profile = ownProfile(specifier);
  if (profile !== undefined) return { resolvedModule: { resolvedFileName: profile.types, extension: ts.Extension.Dts, isExternalLibraryImport: true } };
  const lent = ts.resolveModuleName(specifier, LENDER_FILE, options, host, cache, redirected, mode);
  return lent.resolvedModule === undefined ? undefined : lent;
}

/** Whether a package of this name is installed in a node_modules folder at or above `directory`. */
function installedAbove(directory: string, name: string): boolean {
  return packageFoldersAbove(directory, name).some((folder) => existsSync(join(folder, "package.json")));
}

/**
 * {@link lentTypes} for a checker that resolves modules itself: tsconfig `paths` that send each
 * lendable package the blueprints in `directory` cannot find in a node_modules folder above them
 * to the types of gp's own copy. Empty where the project has every one installed.
 */
export function lentPaths(directory: string): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  if (!installedAbove(directory, "genpack-ts")) {
    const manifest = JSON.parse(readFileSync(LENDER_FILE, "utf8")) as { exports?: Record<string, { types?: unknown } | string> };
    for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
      if (typeof entry !== "object" || typeof entry.types !== "string") continue;
      paths[subpath === "." ? "genpack-ts" : `genpack-ts/${subpath.slice(2)}`] = [join(PACKAGE_ROOT, entry.types)];
    }
  }
  for (const profile of PROFILE_PACKAGES) {
    const name = profilePackageName(profile);
    const own = ownProfile(name);
    if (own !== undefined && !installedAbove(directory, name)) paths[name] = [own.types];
  }
  return paths;
}
