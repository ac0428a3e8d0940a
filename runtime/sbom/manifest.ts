/**
 * The distfiles of a package directory's Manifest (GLEP 74): `DIST <name> <size> <ALG> <hex> …`,
 * the digests Portage checks every source archive against before it builds.
 */

/** A digest algorithm of a Manifest, by its CycloneDX name. */
export type DistfileHashAlgorithm = "SHA-256" | "SHA-512" | "BLAKE2b-512" | "SHA3-256" | "SHA3-512";

/** The Manifest names of the algorithms CycloneDX also names, with their digests' hex length. */
const ALGORITHMS: Readonly<Record<string, { readonly name: DistfileHashAlgorithm; readonly hexLength: number }>> = {
  SHA256: { name: "SHA-256", hexLength: 64 },
  SHA512: { name: "SHA-512", hexLength: 128 },
  BLAKE2B: { name: "BLAKE2b-512", hexLength: 128 },
  "SHA3_256": { name: "SHA3-256", hexLength: 64 },
  "SHA3_512": { name: "SHA3-512", hexLength: 128 },
};

export interface ManifestDistfile {
  readonly name: string;
  readonly size: number;
  /** The digests the line gives, in its order; algorithms CycloneDX has no name for are left out. */
  readonly hashes: readonly (readonly [DistfileHashAlgorithm, string])[];
}

/**
 * The DIST entries of a Manifest by file name. Lines of other kinds (EBUILD, AUX, MISC of thick
 * Manifests) are skipped, and so is a DIST line that is malformed: a size that is not a number,
 * an odd pair, a digest of the wrong length. The first line of a name wins, as in Portage.
 */
export function parseManifestDistfiles(text: string): ReadonlyMap<string, ManifestDistfile> {
  const distfiles = new Map<string, ManifestDistfile>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("DIST ")) continue;
    const fields = line.trim().split(/[ \t]+/);
    const [, name, size, ...pairs] = fields;
    if (name === undefined || size === undefined || !/^\d{1,15}$/.test(size) || pairs.length % 2 !== 0 || distfiles.has(name)) continue;
    const hashes: [DistfileHashAlgorithm, string][] = [];
    let valid = true;
    for (let index = 0; index < pairs.length; index += 2) {
      const algorithm = ALGORITHMS[pairs[index] as string];
      const digest = (pairs[index + 1] as string).toLowerCase();
      if (!/^[0-9a-f]+$/.test(digest)) valid = false;
      else if (algorithm !== undefined) {
        if (digest.length !== algorithm.hexLength) valid = false;
        else hashes.push([algorithm.name, digest]);
      }
    }
    if (valid) distfiles.set(name, { name, size: Number(size), hashes });
  }
  return distfiles;
}
