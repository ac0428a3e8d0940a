import { packagePath, sameFile, type IndexBlock, type PackagesIndex } from "./packages-index.js";

/** The keys an index's header gives for every package that does not give its own (Portage's inherited keys). */
const INHERITED_KEYS = ["CHOST", "REPO"] as const;

/** Header keys that belong to the binhost, not to a build: where its packages are fetched from, and how long its index is kept. */
const BINHOST_KEYS = ["URI", "TTL"] as const;

/** A package of this build whose path the binhost already uses for another file. */
export interface PathConflict {
  readonly path: string;
  readonly cpv: string;
}

export interface MergedIndex {
  /** The index to publish: the binhost's packages with this build's added. */
  readonly index: PackagesIndex;
  /** This build's packages the binhost does not hold yet, by path: the files to upload. */
  readonly uploads: readonly string[];
  /** This build's packages the binhost holds already, the same file. */
  readonly present: number;
  /** This build's packages whose path the binhost holds with other content: the binhost's stays. */
  readonly conflicts: readonly PathConflict[];
}

function withHeaderValues(block: IndexBlock, from: IndexBlock, to: IndexBlock): IndexBlock {
  let result: Map<string, string> | undefined;
  for (const key of INHERITED_KEYS) {
    const inherited = from.get(key);
    if (block.has(key) || inherited === undefined || inherited === to.get(key)) continue;
    result ??= new Map(block);
    result.set(key, inherited);
  }
  return result ?? block;
}

function compareBlocks(a: IndexBlock, b: IndexBlock): number {
  const cpvA = a.get("CPV") ?? "";
  const cpvB = b.get("CPV") ?? "";
  if (cpvA !== cpvB) return cpvA < cpvB ? -1 : 1;
  return (Number(a.get("BUILD_ID")) || 0) - (Number(b.get("BUILD_ID")) || 0);
}

/**
 * The index a binhost gets when this build's packages (`local`, its package directory's index
 * as Portage regenerated it) are published to it (`remote`, its current index, if any). The
 * binhost's packages all stay: other builders published them. A package of this build is added
 * when its path is free; when the binhost has the same file there, nothing is uploaded; when it
 * has another file there (two builders gave one build id to builds with other USE flags, each
 * without the other's packages), the binhost's is kept and the conflict reported, so that a
 * package someone may be fetching is never replaced. A builder that builds with this binhost
 * (`gp build --binhost`) numbers its new packages after the binhost's, so the next publish has
 * no conflict. Entries from the binhost get the header values they inherited when the headers
 * differ; a binhost's entry whose path gp would not write (another tool's layout) is kept as
 * it is, since nothing is written there. The header is the build's, with the binhost's URI and
 * TTL kept, and `timestamp` as its TIMESTAMP (see publishPackages for how it is chosen). Linear
 * in the number of packages, apart from the final sort.
 */
export function mergeIndexes(local: PackagesIndex, remote: PackagesIndex | undefined, timestamp: number): MergedIndex {
  const byPath = new Map<string, IndexBlock>();
  const kept: IndexBlock[] = [];
  for (const block of remote?.packages ?? []) {
    const path = packagePath(block, remote?.header ?? new Map());
    const inherited = remote === undefined ? block : withHeaderValues(block, remote.header, local.header);
    if (path === undefined) kept.push(inherited);
    else byPath.set(path, inherited);
  }
  const uploads: string[] = [];
  const conflicts: PathConflict[] = [];
  let present = 0;
  for (const block of local.packages) {
    const path = packagePath(block, local.header);
    if (path === undefined) continue;
    const theirs = byPath.get(path);
    if (theirs === undefined) {
      byPath.set(path, block);
      uploads.push(path);
    } else if (sameFile(theirs, block)) present++;
    else conflicts.push({ path, cpv: block.get("CPV") ?? path });
  }
  const packages = [...byPath.values(), ...kept].sort(compareBlocks);
  const header = new Map(local.header);
  for (const key of BINHOST_KEYS) {
    const value = remote?.header.get(key);
    if (value !== undefined) header.set(key, value);
  }
  header.set("PACKAGES", String(packages.length));
  header.set("TIMESTAMP", String(timestamp));
  return { index: { header, packages }, uploads, present, conflicts };
}
