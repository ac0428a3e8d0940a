import { closeSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError, isGpError } from "../../errors/gp-error.js";
import { inspectInputFile, readInputFile } from "../../host/input-file.js";
import { run, runForBytes } from "../../host/exec.js";
import { hashFile } from "../inputs/hash.js";
import { parseSquashfsHeader, SQUASHFS_HEADER_SIZE } from "../install/squashfs-header.js";
import { PACKAGES_METADATA_PATH } from "../upper/closure/genpack-metadata.js";
import { parseGroup, parsePasswd } from "./accounts.js";
import type { GroupAccount, ListedEntry, PackageRecord, UserAccount } from "./image-facts.js";
import { parseImageListing } from "./image-listing.js";
import { parsePackagesFile } from "./packages-file.js";
import { LARGEST_SBOM_BYTES, readSbom, SBOM_IMAGE_PATH, sbomBesideImage, SbomProblem, type SbomFacts } from "./sbom-document.js";

/** Account and package files larger than this are not an image's own; they are not read. */
const LARGEST_METADATA_BYTES = 16 * 1024 ** 2;

/** One image as gp diff reads it, before the two are compared. */
export interface ReadImage {
  readonly image: string;
  readonly size: number;
  readonly sha256: string;
  readonly entries: ReadonlyMap<string, ListedEntry>;
  /** From /.genpack/packages; undefined when the image has none. */
  readonly packages?: readonly PackageRecord[];
  readonly users: readonly UserAccount[];
  readonly groups: readonly GroupAccount[];
  /** The SBOM, beside the image or else inside it, checked against the image and each other. */
  readonly sbom?: SbomFacts & { readonly where: string };
}

/**
 * Reads what gp diff compares of an image: its listing, accounts, packages and SBOM. A file that
 * is not a SquashFS, one cut short, one unsquashfs cannot list, or an SBOM that does not match
 * the image is an error naming the file; nothing is compared from half an image.
 */
export async function readImage(image: string, signal?: AbortSignal): Promise<ReadImage> {
  const inspected = inspectInputFile(image);
  if (!inspected.ok) throw new GpError(codes.notASystemImage, `${image} ${inspected.reason}.`);
  const size = inspected.stats.size;
  const header = readHeader(image);
  const parsed = parseSquashfsHeader(header);
  if ("problem" in parsed) throw new GpError(codes.notASystemImage, `${image} is not a SquashFS image: ${parsed.problem}.`, { hint: "Name an image gp build made (*.squashfs), a blueprint, or an artifact directory." });
  if (size < parsed.bytesUsed) throw new GpError(codes.imageDamaged, `${image} is cut short: it has ${size} bytes of the ${parsed.bytesUsed} its superblock says it holds.`, { hint: "Copy or download the image again, or build it again with `gp build`." });
  let listing: string;
  try {
    listing = (await run("unsquashfs", ["-lln", "-d", "", image], { captureOnly: true, env: { TZ: "UTC" }, ...(signal === undefined ? {} : { signal }) })).stdout;
  } catch (error) {
    throw damaged(image, error);
  }
  const entries = parseImageListing(listing);
  if (!entries.has("/")) throw new GpError(codes.imageDamaged, `${image} cannot be listed: unsquashfs listed no root directory.`);
  const readText = async (path: string): Promise<string | undefined> => {
    const bytes = await readMember(image, entries, path, LARGEST_METADATA_BYTES, signal);
    return bytes?.toString("utf8");
  };
  const packagesText = await readText(PACKAGES_METADATA_PATH);
  let packages: PackageRecord[] | undefined;
  if (packagesText !== undefined) {
    const read = parsePackagesFile(packagesText);
    if ("badLine" in read) throw new GpError(codes.imageDamaged, `${image}: ${PACKAGES_METADATA_PATH} line ${read.badLine} is not of genpack's format: ${JSON.stringify(read.line.slice(0, 120))}.`);
    packages = read.packages;
  }
  const users = parsePasswd((await readText("/etc/passwd")) ?? "");
  const groups = parseGroup((await readText("/etc/group")) ?? "");
  const sha256 = await hashFile(image, "sha256", signal);
  const sbom = await readSboms(image, entries, sha256, signal);
  return { image, size, sha256, entries, ...(packages === undefined ? {} : { packages }), users, groups, ...(sbom === undefined ? {} : { sbom }) };
}

function readHeader(image: string): Buffer {
  const buffer = Buffer.alloc(SQUASHFS_HEADER_SIZE);
  const descriptor = openSync(image, "r");
  try {
    const read = readSync(descriptor, buffer, 0, SQUASHFS_HEADER_SIZE, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(descriptor);
  }
}

function damaged(image: string, error: unknown): GpError {
  if (!isGpError(error)) throw error;
  return new GpError(codes.imageDamaged, `${image} cannot be read: unsquashfs failed on it.`, { ...(error.details === undefined ? {} : { details: error.details }), hint: "Copy or download the image again, or build it again with `gp build`.", cause: error });
}

/** The bytes of a regular file of the image (links are not followed), or undefined when there is none. */
async function readMember(image: string, entries: ReadonlyMap<string, ListedEntry>, path: string, largest: number, signal?: AbortSignal): Promise<Buffer | undefined> {
  const entry = entries.get(path);
  if (entry === undefined || entry.type !== "file") return undefined;
  if (entry.size > largest) throw new GpError(codes.imageDamaged, `${image}: ${path} is ${entry.size} bytes long, more than the ${largest / 1024 ** 2} MiB gp diff reads of it.`);
  try {
    return await runForBytes("unsquashfs", ["-cat", image, path], { phase: "diff", ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    throw damaged(image, error);
  }
}

/**
 * The image's SBOM: the copy beside it (which must carry the image's SHA-256), else the one inside
 * it. When both are there they must agree in everything but that hash.
 */
async function readSboms(image: string, entries: ReadonlyMap<string, ListedEntry>, sha256: string, signal?: AbortSignal): Promise<(SbomFacts & { readonly where: string }) | undefined> {
  const besidePath = sbomBesideImage(image);
  let beside: SbomFacts | undefined;
  if (lstatSync(besidePath, { throwIfNoEntry: false }) !== undefined) {
    const unusable = (reason: string) => new GpError(codes.sbomUnusable, `${besidePath} ${reason}.`, { hint: "Build the image again with `gp build`, or remove the SBOM beside it." });
    const inspected = inspectInputFile(besidePath, { within: dirname(image), withinName: "the image's directory" });
    if (!inspected.ok) throw unusable(inspected.reason);
    if (statSync(besidePath).size > LARGEST_SBOM_BYTES) throw unusable(`is ${statSync(besidePath).size} bytes long, more than the ${LARGEST_SBOM_BYTES / 1024 ** 2} MiB an SBOM of gp may have`);
    const read = readInputFile(besidePath, { within: dirname(image), withinName: "the image's directory" });
    if (!read.ok) throw unusable(read.reason);
    beside = parseSbom(read.data, unusable);
    if (beside.imageSha256 === undefined) throw unusable("gives no SHA-256 of the image, which the SBOM beside an image carries");
    if (beside.imageSha256 !== sha256) {
      throw new GpError(codes.sbomMismatch, `${besidePath} does not describe ${image}: it records the image's SHA-256 as ${beside.imageSha256}, and the image's is ${sha256}.`, { hint: "The SBOM is stale or the image was replaced: rebuild the image with `gp build`, or remove the SBOM beside it." });
    }
  }
  const insideWhere = `${image}:${SBOM_IMAGE_PATH}`;
  let inside: SbomFacts | undefined;
  const entry = entries.get(SBOM_IMAGE_PATH);
  if (entry !== undefined) {
    const unusable = (reason: string) => new GpError(codes.sbomUnusable, `${insideWhere} ${reason}.`, { hint: "Build the image again with `gp build`." });
    if (entry.type !== "file") throw unusable(`is a ${entry.type}, not a file`);
    if (entry.size > LARGEST_SBOM_BYTES) throw unusable(`is ${entry.size} bytes long, more than the ${LARGEST_SBOM_BYTES / 1024 ** 2} MiB an SBOM of gp may have`);
    const bytes = await readMember(image, entries, SBOM_IMAGE_PATH, LARGEST_SBOM_BYTES, signal);
    if (bytes !== undefined) inside = parseSbom(bytes, unusable);
  }
  if (beside !== undefined && inside !== undefined && beside.comparable !== inside.comparable) {
    throw new GpError(codes.sbomMismatch, `${besidePath} and ${insideWhere} disagree: the SBOM beside the image and the one inside it differ in more than the image's hash.`, { hint: "One of them is stale or was edited: rebuild the image with `gp build`, or remove the SBOM beside it." });
  }
  if (beside !== undefined) return { ...beside, where: besidePath };
  if (inside !== undefined) return { ...inside, where: insideWhere };
  return undefined;
}

function parseSbom(bytes: Uint8Array, unusable: (reason: string) => GpError): SbomFacts {
  try {
    return readSbom(bytes);
  } catch (error) {
    if (error instanceof SbomProblem) throw unusable(error.message);
    throw error;
  }
}
