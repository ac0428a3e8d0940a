import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT } from "./gp.js";

/** The corpus of real genpack artifacts, kept read-only beside the project. */
export const CORPUS = resolve(ROOT, "../shared/corpus/artifacts");

/**
 * Whether the corpus is here. On a developer machine without it the corpus tests skip with that
 * reason; in CI a missing corpus is a failure, never a skip.
 */
export function corpusAvailable(): boolean {
  if (existsSync(CORPUS)) return true;
  if (process.env["CI"] === "true") throw new Error(`the corpus of genpack artifacts is missing at ${CORPUS}; CI must provide it`);
  return false;
}

export const CORPUS_MISSING_REASON = `the corpus of genpack artifacts is not at ${CORPUS}`;

/** The whole-image artifacts of the corpus: not the stencils, not the legacy files. */
export function corpusArtifacts(): string[] {
  if (!existsSync(CORPUS)) return [];
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "_legacy" && entry.name !== "genpack-stencils")
    .map((entry) => entry.name)
    .sort();
}

/** The legacy genpack.json5 files, by folder name. */
export function legacyArtifacts(): string[] {
  const legacy = join(CORPUS, "_legacy");
  if (!existsSync(legacy)) return [];
  return readdirSync(legacy, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
