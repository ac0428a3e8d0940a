import { lstatSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gzipSync } from "node:zlib";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { readInputText } from "../../host/input-file.js";
import { MAX_INDEX_BYTES, type BinhostDestination, type HeldFile } from "./destination.js";
import { mergeIndexes, type PathConflict } from "./merge-index.js";
import { packagePath, packagesIndexText, parsePackagesIndex, type IndexBlock, type PackagesIndex } from "./packages-index.js";

/** How often the index is merged again when another publisher wrote it in between. */
const ATTEMPTS = 5;

export interface PublishRequest {
  /** The package directory (PKGDIR) whose `Packages` index Portage has just regenerated. */
  readonly packageDir: string;
  readonly destination: BinhostDestination;
  /** Told of each package's file as it goes up. */
  readonly progress?: (path: string, index: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Milliseconds since the epoch, for the index's TIMESTAMP; Date.now by default. */
  readonly clock?: () => number;
}

export interface PublishResult {
  /** Packages in the package directory's index. */
  readonly packages: number;
  /** Paths uploaded by this publish. */
  readonly uploaded: readonly string[];
  /** Packages the binhost already held, the same file. */
  readonly present: number;
  /** Packages not published: the binhost holds another file at their path. */
  readonly conflicts: readonly PathConflict[];
  /** Packages in the binhost's index now. */
  readonly indexed: number;
}

function notPublishable(message: string, hint: string): GpError {
  return new GpError(codes.binhostNotPublishable, message, { hint });
}

/** The package directory's index, each package's path checked and its file there with the size the index gives. */
function readLocalIndex(packageDir: string): { readonly index: PackagesIndex; readonly files: ReadonlyMap<string, { file: string; size: number; md5: string }> } {
  const indexPath = join(packageDir, "Packages");
  const size = lstatSync(indexPath, { throwIfNoEntry: false })?.size ?? 0;
  if (size > MAX_INDEX_BYTES) throw notPublishable(`${indexPath} is ${size} bytes, more than an index of binary packages holds.`, "The index is not one Portage wrote; run `gp bash -- emaint binhost --fix` to write it anew.");
  const read = readInputText(indexPath, { within: packageDir });
  if (!read.ok) throw notPublishable(`${indexPath} ${read.reason}.`, "Build the image first: its binary packages and their index are what gp publishes.");
  const parsed = parsePackagesIndex(read.text);
  if (!parsed.ok) throw notPublishable(`${indexPath}:${parsed.line}: ${parsed.problem}.`, "The index is not one Portage wrote; run `gp bash -- emaint binhost --fix` to write it anew.");
  const files = new Map<string, { file: string; size: number; md5: string }>();
  for (const block of parsed.index.packages) {
    const cpv = block.get("CPV") ?? "a package without CPV";
    const path = packagePath(block, parsed.index.header);
    if (path === undefined) throw notPublishable(`${indexPath}: ${cpv} has the path ${JSON.stringify(block.get("PATH") ?? "")}, which is not one of a package directory.`, "The index is not one Portage wrote; run `gp bash -- emaint binhost --fix` to write it anew.");
    const size = Number(block.get("SIZE"));
    const md5 = block.get("MD5") ?? "";
    if (!Number.isSafeInteger(size) || !/^[0-9a-f]{32}$/.test(md5)) throw notPublishable(`${indexPath}: ${cpv} has no SIZE or MD5; Portage refuses to fetch a package without them.`, "Run `gp bash -- emaint binhost --fix` to write the index anew.");
    const file = join(packageDir, path);
    const stats = lstatSync(file, { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile() || stats.size !== size) {
      const what = stats === undefined ? "is missing" : !stats.isFile() ? "is not a regular file" : `has ${stats.size} bytes, not the ${size} of the index`;
      throw notPublishable(`${file} ${what}.`, "The package directory changed while gp read it (another build?); publish again when it is done.");
    }
    files.set(path, { file, size, md5 });
  }
  return { index: parsed.index, files };
}

function readRemoteIndex(destination: BinhostDestination, held: HeldFile | undefined, local: PackagesIndex): PackagesIndex | undefined {
  if (held === undefined) return undefined;
  const parsed = parsePackagesIndex(held.data.toString("utf8"));
  if (!parsed.ok) {
    throw new GpError(codes.binhostDestinationRefused, `The Packages index at ${destination.description} is not one Portage reads (line ${parsed.line}: ${parsed.problem}); gp does not write over it.`, {
      hint: "Publish into a folder or prefix of its own, or remove the index there if it is yours.",
    });
  }
  const theirs = parsed.index.header.get("ARCH");
  const ours = local.header.get("ARCH");
  if (theirs !== undefined && ours !== undefined && theirs !== ours) {
    throw new GpError(codes.binhostDestinationRefused, `${destination.description} is a binhost of ${theirs} packages; these are ${ours} packages.`, {
      hint: "A binhost holds one arch's packages: publish each arch into a folder or prefix of its own, such as …/x86_64 and …/aarch64.",
    });
  }
  return parsed.index;
}

/**
 * The index's TIMESTAMP: now, in whole seconds. Portage keeps a copy of a binhost's index and
 * fetches it again only when TIMESTAMP differs, asking with If-Modified-Since, so it must not be
 * ahead of the clock (a server would answer "not modified" until then) and must differ from the
 * binhost's: when the binhost's is this second or the next few, gp waits for the next second. A
 * TIMESTAMP further ahead (a clock that is wrong, or a forged index) is not carried on.
 */
async function indexTimestamp(remote: PackagesIndex | undefined, clock: () => number): Promise<number> {
  const text = remote?.header.get("TIMESTAMP") ?? "";
  const theirs = /^\d{1,11}$/.test(text) ? Number(text) : undefined;
  let now = Math.floor(clock() / 1000);
  if (theirs !== undefined && theirs >= now && theirs - now < 5) {
    await sleep((theirs + 1) * 1000 - clock());
    now = Math.floor(clock() / 1000);
  }
  return now;
}

/** Makes `Packages.gz` the compressed copy of the `Packages` the binhost holds now, unless another publisher writes it meanwhile. */
async function writeCompressedIndex(destination: BinhostDestination): Promise<void> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const compressed = await destination.readIndexFile("Packages.gz");
    const current = await destination.readIndexFile("Packages");
    if (current === undefined) return;
    if (await destination.writeIndexFile("Packages.gz", gzipSync(current.data), compressed?.version)) return;
  }
  throw changedTooOften(destination, "Packages.gz");
}

function changedTooOften(destination: BinhostDestination, name: string): GpError {
  return new GpError(codes.binhostDestinationRefused, `The ${name} at ${destination.description} changed under gp ${ATTEMPTS} times: other publishers write it all the time.`, {
    hint: "Publish again; the packages already uploaded stay and are not sent twice.",
  });
}

function withoutPaths(index: PackagesIndex, paths: ReadonlySet<string>): PackagesIndex {
  if (paths.size === 0) return index;
  const packages = index.packages.filter((block: IndexBlock) => !paths.has(packagePath(block, index.header) ?? ""));
  const header = new Map(index.header);
  header.set("PACKAGES", String(packages.length));
  return { header, packages };
}

/**
 * Publishes a package directory to a binhost: the packages it lacks go up first, each only where
 * no file stands; then `Packages`, the binhost's index with this directory's packages merged in
 * (see {@link mergeIndexes}), written only over the index that was read, else read and merged
 * again; then `Packages.gz`, made from the `Packages` the binhost then holds. A reader never finds
 * an index naming a file that is not there yet. Packages are never replaced nor removed.
 */
export async function publishPackages(request: PublishRequest): Promise<PublishResult> {
  const local = readLocalIndex(request.packageDir);
  const cpvByPath = new Map<string, string>();
  for (const block of local.index.packages) cpvByPath.set(packagePath(block, local.index.header) ?? "", block.get("CPV") ?? "");
  const clock = request.clock ?? Date.now;
  const uploaded = new Set<string>();
  const occupied = new Set<string>();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const held = await request.destination.readIndexFile("Packages");
    const remote = readRemoteIndex(request.destination, held, local.index);
    const merged = mergeIndexes(local.index, remote, await indexTimestamp(remote, clock));
    let present = merged.present;
    const pending = merged.uploads.filter((path) => !uploaded.has(path) && !occupied.has(path));
    for (const [index, path] of pending.entries()) {
      request.signal?.throwIfAborted();
      request.progress?.(path, index + 1, pending.length);
      const facts = local.files.get(path) as { file: string; size: number; md5: string };
      const outcome = await request.destination.upload(path, facts.file, facts);
      if (outcome === "uploaded") uploaded.add(path);
      else if (outcome === "occupied") occupied.add(path);
      else present++;
    }
    const index = withoutPaths(merged.index, occupied);
    request.signal?.throwIfAborted();
    if (!(await request.destination.writeIndexFile("Packages", Buffer.from(packagesIndexText(index)), held?.version))) continue;
    await writeCompressedIndex(request.destination);
    const conflicts = [...merged.conflicts, ...[...occupied].map((path) => ({ path, cpv: cpvByPath.get(path) || path }))];
    return { packages: local.files.size, uploaded: [...uploaded].sort(), present, conflicts, indexed: index.packages.length };
  }
  throw changedTooOften(request.destination, "Packages index");
}
