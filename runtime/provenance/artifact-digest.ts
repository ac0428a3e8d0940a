import { createHash } from "node:crypto";
import { join } from "node:path";
import { readInputFile } from "../../host/input-file.js";
import { digestTree } from "../build/phase-key.js";

/**
 * What `gp compile` wrote into an artifact directory and a build reads: genpack.json5, the
 * system.ini schema, and the folders genpack takes from it. work/ and the images beside them are
 * what the build made, not what it was given, and are left out.
 */
export const ARTIFACT_FILES: readonly string[] = ["genpack.json5", "system-ini.json"];
export const ARTIFACT_FOLDERS: readonly string[] = ["files", "overlay", "env", "kernel", "savedconfig", "patches"];

/**
 * A SHA-256 of the compiled artifact: each part's name and the digest of its bytes (a folder's
 * by {@link digestTree}: paths, types, modes, contents), in a fixed order; a missing part counts
 * as missing. Equal artifacts give equal digests wherever they are.
 */
export function artifactDigest(artifactDir: string): string {
  const hash = createHash("sha256");
  for (const name of ARTIFACT_FILES) {
    const read = readInputFile(join(artifactDir, name), { within: artifactDir });
    hash.update(`${name}\0${read.ok ? createHash("sha256").update(read.data).digest("hex") : read.problem}\n`);
  }
  for (const name of ARTIFACT_FOLDERS) hash.update(`${name}/\0${digestTree(join(artifactDir, name))}\n`);
  return hash.digest("hex");
}
