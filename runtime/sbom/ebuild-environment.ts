import { filterBytesSync } from "../../host/exec.js";
import { parseDependencyTree, reduceDependencies, type Requirement } from "../../portage/dependency-tree.js";

/**
 * What a package's saved ebuild environment (`environment.bz2` in its vdb entry) tells of its
 * sources. The vdb keeps no SRC_URI or A file of its own; the environment, which Portage saves
 * with `declare -p`, holds `A`, the distfile names the build used. SRC_URI is not there (Portage
 * leaves its read-only metadata out of the saved environment); where the files came from is in
 * the repository's metadata cache, see `metadataCacheValue`.
 */

/** An environment expands to some hundred KiB; more than this is not an environment. */
const MAX_ENVIRONMENT_BYTES = 64 * 1024 * 1024;
const DECOMPRESS_TIMEOUT_MS = 10_000;

/** The decompressed environment, or why it could not be had. */
export function decompressEnvironment(compressed: Uint8Array): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string } {
  const result = filterBytesSync("bzip2", ["-dc"], compressed, { maxOutputBytes: MAX_ENVIRONMENT_BYTES, timeoutMs: DECOMPRESS_TIMEOUT_MS });
  return result.ok ? { ok: true, text: result.output.toString("utf8") } : result;
}

const ESCAPED = new Set(['"', "\\", "$", "`"]);

/**
 * The value of a variable as `declare -p` wrote it at the top level of an environment
 * (`declare -x A="a.tar.gz b.tar.gz"`), undefined when it is not there or not a plain string.
 * One pass over the text; inside the double quotes `\"`, `\\`, `\$` and `` \` `` are escapes.
 */
export function declaredValue(environment: string, name: string): string | undefined {
  const pattern = new RegExp(`^declare -[-a-zA-Z]* ${name}="`, "m");
  const found = pattern.exec(environment);
  if (found === null) return undefined;
  let value = "";
  for (let index = found.index + found[0].length; index < environment.length; index += 1) {
    const char = environment[index] as string;
    if (char === '"') return value;
    if (char === "\\" && ESCAPED.has(environment[index + 1] ?? "")) {
      value += environment[index + 1];
      index += 1;
    } else value += char;
  }
  return undefined;
}

/**
 * A key of a metadata cache entry (`metadata/md5-cache/<cpv>` of a repository, or Portage's own
 * `/var/cache/edb/dep/<repository>/<cpv>` for one without): `KEY=value` lines, value to the end
 * of the line; undefined when the key is not there (an empty SRC_URI is left out).
 */
export function metadataCacheValue(entry: string, key: string): string | undefined {
  const prefix = `${key}=`;
  for (const line of entry.split("\n")) if (line.startsWith(prefix)) return line.slice(prefix.length);
  return undefined;
}

/**
 * Where each distfile came from, by file name: SRC_URI reduced with the package's USE flags,
 * `url -> name` renames honoured; a name given twice keeps its first URI.
 *
 * @throws Error when SRC_URI's groups are unbalanced
 */
export function sourceUris(srcUri: string, enabled: ReadonlySet<string>): ReadonlyMap<string, string> {
  const words: string[] = [];
  const flatten = (list: readonly Requirement[]) => {
    for (const requirement of list) {
      if (requirement.kind === "any-of") for (const alternative of requirement.alternatives) flatten(alternative);
      else words.push(requirement.atom);
    }
  };
  flatten(reduceDependencies(parseDependencyTree(srcUri), enabled));
  const uris = new Map<string, string>();
  for (let index = 0; index < words.length; index += 1) {
    const uri = words[index] as string;
    let name = uri.slice(uri.lastIndexOf("/") + 1);
    if (words[index + 1] === "->" && words[index + 2] !== undefined) {
      name = words[index + 2] as string;
      index += 2;
    }
    if (uri.includes("/") && !uris.has(name)) uris.set(name, uri);
  }
  return uris;
}
