import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The root of this genpack-ts installation: where its package.json is, and where its own
 * `genpack-ts` and `@genpack-ts/*` profiles resolve. Compiled files live one level deeper
 * (dist/compiler/) than sources (compiler/), so look for the package.json upwards.
 */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  const here = resolve(start, "..");
  return here.endsWith("/dist") ? resolve(here, "..") : here;
}
