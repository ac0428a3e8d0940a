import { lstatSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { readInputText } from "../../host/input-file.js";
import { MAX_INDEX_BYTES, type BinhostDestination, type HeldIndex } from "./destination.js";
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
  /** Seconds since the epoch, for the index's TIMESTAMP; now by default. */
  readonly now?: number;
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

function readRemoteIndex(destination: BinhostDestination, held: HeldIndex | undefined): PackagesIndex | undefined {
  if (held === undefined) return undefined;
  const parsed = parsePackagesIndex(held.text);
  if (!parsed.ok) {
    throw new GpError(codes.binhostDestinationRefused, `The Packages index at ${destination.description} is not one Portage reads (line ${parsed.line}: ${parsed.problem}); gp does not write over it.`, {
      hint: "Publish into a folder or prefix of its own, or remove the index there if it is yours.",
    });
  }
  return parsed.index;
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
 * no file stands; then `Packages.gz` and `Packages`, the binhost's index with this directory's
 * packages merged in (see {@link mergeIndexes}), so a reader never finds an index naming a file
 * that is not there yet. When another publisher wrote the index in between, it is read and
 * merged again. Packages are never replaced nor removed.
 */
export async function publishPackages(request: PublishRequest): Promise<PublishResult> {
  const local = readLocalIndex(request.packageDir);
  const uploaded = new Set<string>();
  const occupied = new Set<string>();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const held = await request.destination.readIndex();
    const remote = readRemoteIndex(request.destination, held);
    const merged = mergeIndexes(local.index, remote, request.now ?? Math.floor(Date.now() / 1000));
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
    const text = packagesIndexText(index);
    request.signal?.throwIfAborted();
    await request.destination.writeCompressedIndex(gzipSync(text));
    if (await request.destination.writeIndex(text, held)) {
      const conflicts = [...merged.conflicts, ...[...occupied].map((path) => ({ path, cpv: local.index.packages.find((block) => packagePath(block, local.index.header) === path)?.get("CPV") ?? path }))];
      return { packages: local.files.size, uploaded: [...uploaded].sort(), present, conflicts, indexed: index.packages.length };
    }
  }
  throw new GpError(codes.binhostDestinationRefused, `The Packages index at ${request.destination.description} changed under gp ${ATTEMPTS} times: other publishers write it all the time.`, {
    hint: "Publish again; the packages already uploaded stay and are not sent twice.",
  });
}
