import type { Plugin } from "esbuild";
import { resolve } from "node:path";
import { PACKAGE_ROOT } from "./package-root.js";

/** genpack-ts and its profiles, which gp lends to blueprints that cannot resolve them. */
export const LENDABLE = /^(?:genpack-ts|@genpack-ts\/[^/]+)(?:\/.*)?$/;

/** A file in gp's own package, from which lent modules resolve. */
export const LENDER_FILE = resolve(PACKAGE_ROOT, "package.json");

/**
 * Blueprints import `genpack-ts` and `@genpack-ts/*` profiles. Where the blueprint's own
 * node_modules has them, those are used, as an editor would see them; where it does not (a lone
 * blueprint file anywhere on disk), gp lends its own copies.
 */
export const lendOwnPackages: Plugin = {
  name: "gp-own-packages",
  setup(build) {
    build.onResolve({ filter: LENDABLE }, async (args) => {
      if ((args.pluginData as { lent?: boolean } | undefined)?.lent === true) return undefined;
      const own = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lent: true } });
      if (own.errors.length === 0) return own;
      const lent = await build.resolve(args.path, { kind: args.kind, resolveDir: PACKAGE_ROOT, pluginData: { lent: true } });
      return lent.errors.length === 0 ? lent : { errors: own.errors };
    });
  },
};

