import { MalformedInputError } from "./errors.js";
import { quote } from "../../errors/quote.js";

/**
 * A Gentoo release DIGESTS file, as published beside every stage3 tarball: sections headed
 * `# SHA512 HASH` or `# BLAKE2B HASH` (older releases also `# MD5 HASH`, `# WHIRLPOOL HASH`),
 * each followed by `<hex>  <filename>` lines. A file (the tarball, its CONTENTS.gz) appears in
 * several sections, one per algorithm. Keys: upper-case algorithm, then file base name.
 */
export type GentooDigests = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Parses the body of a DIGESTS file (after any clear-signing has been removed). Lines outside
 * a `# <ALGO> HASH` section and other comments are ignored; `source` names the file in errors.
 */
export function parseGentooDigests(body: string, source: string): GentooDigests {
  const digests = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const header = /^#\s*([A-Za-z0-9]+)\s+HASH\s*$/i.exec(line);
    if (header !== null) {
      const algorithm = (header[1] ?? "").toUpperCase();
      section = digests.get(algorithm) ?? new Map<string, string>();
      digests.set(algorithm, section);
      continue;
    }
    if (line.startsWith("#") || section === undefined) continue;
    const entry = /^([0-9A-Fa-f]+)\s+\*?(\S.*)$/.exec(line);
    if (entry === null) {
      throw new MalformedInputError(`${source} has a line that is neither a "# <ALGO> HASH" header nor "<hex>  <file>": ${quote(line)}.`, source);
    }
    const name = (entry[2] ?? "").trim();
    section.set(name.slice(name.lastIndexOf("/") + 1), (entry[1] ?? "").toLowerCase());
  }
  return digests;
}

/** The hex digest of `fileName` under `algorithm` (such as `SHA512`), if the file lists one. */
export function digestOf(digests: GentooDigests, algorithm: string, fileName: string): string | undefined {
  return digests.get(algorithm.toUpperCase())?.get(fileName);
}
