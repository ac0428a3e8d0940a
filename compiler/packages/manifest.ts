import { createHash } from "node:crypto";

/** One file a Manifest covers. */
export interface ManifestFile {
  readonly type: "AUX" | "DIST" | "EBUILD" | "MISC";
  /** The name as the Manifest writes it: relative to `files/` for AUX, to the package for the rest. */
  readonly name: string;
  readonly size: number;
  readonly blake2b: string;
  readonly sha512: string;
}

/** The Manifest entry of a file whose bytes gp has. */
export function digestEntry(type: ManifestFile["type"], name: string, data: Uint8Array): ManifestFile {
  return {
    type,
    name,
    size: data.byteLength,
    blake2b: createHash("blake2b512").update(data).digest("hex"),
    sha512: createHash("sha512").update(data).digest("hex"),
  };
}

/**
 * A thick Manifest, as `ebuild … manifest` writes it: one line per file with its size and its
 * BLAKE2B and SHA512 digests (metadata.xml as MISC), sorted by type, then name. Portage refuses to build a package whose
 * ebuild or `files/` holds anything unlisted or changed, so every file is listed.
 */
export function renderManifest(files: readonly ManifestFile[]): string {
  const sorted = [...files].sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1));
  return sorted.map((file) => `${file.type} ${file.name} ${file.size} BLAKE2B ${file.blake2b.toLowerCase()} SHA512 ${file.sha512.toLowerCase()}\n`).join("");
}
