import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEsbuild } from "../../compiler/esbuild.js";
import { PACKAGE_ROOT } from "../../compiler/package-root.js";

/** Where the build puts the form's script, relative to the package root. */
export const FORM_BUNDLE = "dist/runtime/system-ini/form.bundle.js";

/** The form's script, browser/main.ts with everything it imports (the real dialect reader and checker). */
export const FORM_ENTRY = "runtime/system-ini/browser/main.ts";

const BUNDLE_OPTIONS = { bundle: true, format: "iife", platform: "browser", target: "es2022", minify: true, legalComments: "none", charset: "utf8", logLevel: "silent" } as const;

/**
 * Bundles the form's script into `outfile`. The build does it once (scripts/bundle-cli.mjs); gp
 * running from its TypeScript sources bundles it for each page instead (see formScript).
 */
export async function bundleFormScript(entry: string, outfile: string): Promise<void> {
  const esbuild = loadEsbuild();
  await esbuild.build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile });
}

/**
 * The form's script as text: the copy the build made, or, when gp runs from its sources (under
 * vitest), a fresh bundle of them. Synchronous, so a page is one pure call once this is read;
 * esbuild is loaded only here, when the sources are what runs.
 */
export function formScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".ts")) return readFileSync(join(PACKAGE_ROOT, FORM_BUNDLE), "utf8");
  const esbuild = loadEsbuild();
  const result = esbuild.buildSync({ ...BUNDLE_OPTIONS, entryPoints: [join(dirname(here), "browser", "main.ts")], write: false });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("esbuild wrote no bundle of the system.ini form's script");
  return output.text;
}
