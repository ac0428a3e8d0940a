import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { outfileProblem } from "../../../compiler/validate/checks.js";
import { run } from "../../../host/exec.js";
import { readInputText } from "../../../host/input-file.js";
import { hashFile } from "../../inputs/hash.js";
import { writeFileAtomic } from "../../inputs/atomic-write.js";
import { SQUASHFS_COMPRESSIONS, type SquashfsCompression } from "../../../dsl/compression.js";
import type { BuildTarget, PhaseContext } from "../build-context.js";
import { MKSQUASHFS_OPTIONS } from "../../squashfs-compression.js";
import { changedInputs, phaseKey, type PhaseInputs } from "../phase-key.js";
import { forgetRecord, readRecord, writeRecord } from "../phase-state.js";
import { quote } from "../../../errors/quote.js";
import { SCHEMA_IMAGE_PATH, schemaBesideImage } from "../../../genpack/system-ini/schema-document.js";
import { imageSchema, writePseudoDefinitions } from "./image-system-ini.js";
import { loadArtifactSchema } from "../../system-ini/load-schema.js";
import { GP_VERSION } from "../../../compiler/index.js";
import { readLock } from "../../inputs/lockfile.js";
import { REPOSITORY_LOCATIONS } from "../lower/configure.js";
import { imageSbom, lockedInputs, sbomBesideImage, SBOM_IMAGE_PATH, type SbomDocuments } from "../../sbom/index.js";
import { artifactDigest, provenanceBesideImage, provenanceStatement } from "../../provenance/index.js";
import type { InputLock } from "../../inputs/lockfile.js";

/** Bumped when the pack procedure changes in a way that gives other bytes. */
const PACK_PROCEDURE = "3";

/** What genpack-create-image leaves out of every image: build scripts, logs, temporary files. */
const EXCLUDED = ["build", "build.d", "build.d/*", "var/log/*.log", "var/tmp/*"];

/** FAT32 cannot hold a file of 4 GiB. */
const SUPERFLOPPY_LIMIT = 4 * 1024 ** 3;
const MIB = 1024 ** 2;

/** The compression of this build: the option, else genpack.json5's, else gzip. */
export function compressionOf(context: PhaseContext): SquashfsCompression {
  const chosen = context.options.compression ?? context.target.resolution.compression;
  if (!(SQUASHFS_COMPRESSIONS as readonly string[]).includes(chosen)) {
    throw new Error(`${quote(chosen)} is not a compression gp offers; use ${SQUASHFS_COMPRESSIONS.slice(0, -1).join(", ")} or ${SQUASHFS_COMPRESSIONS.at(-1)}.`);
  }
  return chosen as SquashfsCompression;
}

/**
 * Where the image goes: genpack appends .squashfs to an outfile that lacks it. The outfile, made
 * from the image and variant names where genpack.json5 sets none, is held to the rule that
 * checked genpack.json5 once more, so that no path is ever built from a name that could leave
 * the artifact directory.
 */
export function imagePath(context: PhaseContext): string {
  return imageOfTarget(context.target);
}

/** Where the image of a target is (or will be) written: {@link imagePath} of a build of it. */
export function imageOfTarget(target: BuildTarget): string {
  const outfile = target.resolution.outfile;
  const problem = outfileProblem(outfile);
  if (problem !== undefined) throw new Error(`The image's output file was not checked: ${problem}.`);
  return join(target.artifactDir, outfile.endsWith(".squashfs") ? outfile : `${outfile}.squashfs`);
}

/** Overlay whiteouts (character devices 0:0): deletions of lower files, which mean nothing in an image of the upper layer alone. */
function whiteouts(upper: string): string[] {
  const found: string[] = [];
  const walk = (directory: string, prefix: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(directory, entry.name), `${relative}/`);
      else if (entry.isCharacterDevice() && lstatSync(join(directory, entry.name)).rdev === 0) found.push(relative);
    }
  };
  walk(upper, "");
  return found.sort();
}

/** An exclude-file line for mksquashfs -wildcards: wildcard characters taken literally. */
function literalPattern(path: string): string {
  return path.replace(/[\\*?[\]]/g, (char) => `\\${char}`);
}

async function mksquashfsVersion(context: PhaseContext): Promise<string> {
  const result = await run("mksquashfs", ["-version"], { captureOnly: true, signal: context.signal });
  return result.stdout.split("\n")[0]?.trim() ?? "unknown";
}

export interface PackOutcome {
  readonly ran: boolean;
  readonly reason: string;
  readonly image: string;
  readonly sha256: string;
  readonly size: number;
  readonly superfloppy?: string;
  /** The SBOM beside the image. */
  readonly sbom: string;
  /** The provenance statement beside the image. */
  readonly provenance: string;
}

/** What the provenance statement says of the build beyond the pack phase. */
export interface BuildRecord {
  /** When the build started. */
  readonly startedOn: Date;
  /** gp.lock of the build. */
  readonly lockPath: string;
  /** The blueprint or artifact directory built, relative to the project (gp.lock's folder). */
  readonly blueprint: string;
  readonly lowerKey: string;
}

/** gp.lock, or undefined with a warning when it cannot be read: the SBOM and provenance then name no inputs. */
async function lockOf(context: PhaseContext, lockPath: string): Promise<InputLock | undefined> {
  try {
    return await readLock(lockPath);
  } catch (problem) {
    context.report.warn(`the SBOM and provenance name no build inputs: ${(problem as Error).message}`);
    return undefined;
  }
}

/** The SBOM of the image about to be packed, timed, since it is read from the whole lower. */
function makeSbom(context: PhaseContext, lock: InputLock | undefined): SbomDocuments {
  const started = performance.now();
  const { resolution } = context.target;
  const documents = imageSbom({
    lower: context.layout.lower,
    image: { name: resolution.name, arch: context.target.arch, variant: context.target.variant, profile: resolution.profile },
    imageRepositoryLocation: `/${REPOSITORY_LOCATIONS["genpack-local-overlay"] as string}`,
    lock,
    gpVersion: GP_VERSION,
    warn: (message) => context.report.warn(message),
  });
  context.report.info(`SBOM: ${Buffer.byteLength(documents.inside)} bytes, made in ${Math.round(performance.now() - started)} ms`);
  return documents;
}

/** Writes the provenance statement beside the image. */
async function writeProvenance(context: PhaseContext, record: BuildRecord, facts: { image: string; sha256: string; sbomText: string; upperKey: string; packKey: string; lock: InputLock | undefined }): Promise<void> {
  const sbomPath = sbomBesideImage(facts.image);
  await writeFileAtomic(
    provenanceBesideImage(facts.image),
    provenanceStatement({
      image: { name: basename(facts.image), sha256: facts.sha256 },
      sbom: { name: basename(sbomPath), sha256: createHash("sha256").update(facts.sbomText).digest("hex") },
      blueprint: record.blueprint,
      artifactSha256: artifactDigest(context.target.artifactDir),
      arch: context.target.arch,
      variant: context.target.variant,
      phaseKeys: { lower: record.lowerKey, upper: facts.upperKey, pack: facts.packKey },
      inputs: lockedInputs(facts.lock, context.target.arch),
      gpVersion: GP_VERSION,
      startedOn: record.startedOn,
      finishedOn: new Date(),
    }),
  );
}

/**
 * The pack phase: mksquashfs of the upper layer with genpack's exclusions and compression
 * options, made reproducible: every timestamp set to SOURCE_DATE_EPOCH, directory entries in
 * mksquashfs's sorted order, overlay whiteouts left out (the upper phase already stripped
 * overlayfs's own extended attributes). Written beside the target and renamed over it.
 */
export async function packPhase(context: PhaseContext, upperKey: string, sourceDateEpoch: number, record: BuildRecord, force = false): Promise<PackOutcome> {
  const compression = compressionOf(context);
  const image = imagePath(context);
  const schema = imageSchema(loadArtifactSchema(context.target.artifactDir, context.target.resolution.name).schema, context.layout.upper);
  const schemaText = `${JSON.stringify(schema, null, 2)}\n`;
  const lock = await lockOf(context, record.lockPath);
  const sbom = makeSbom(context, lock);
  const sbomPath = sbomBesideImage(image);
  const provenancePath = provenanceBesideImage(image);
  const inputs: PhaseInputs = {
    "gp pack procedure": PACK_PROCEDURE,
    "system.ini schema": createHash("sha256").update(schemaText).digest("hex"),
    SBOM: createHash("sha256").update(sbom.inside).digest("hex"),
    upper: upperKey,
    compression,
    "image file": image,
    mksquashfs: await mksquashfsVersion(context),
    SOURCE_DATE_EPOCH: String(sourceDateEpoch),
  };
  const key = phaseKey(inputs);
  const previous = readRecord(context.layout.packState);
  const recorded = previous?.facts as { sha256?: string; size?: number; mtimeMs?: number; superfloppy?: string } | undefined;
  if (previous?.key === key && existsSync(image) && !force) {
    const stats = statSync(image);
    if (stats.size === recorded?.size && stats.mtimeMs === recorded.mtimeMs && recorded.sha256 !== undefined) {
      // What belongs beside the image is written again when missing, the SBOM also when it was
      // changed; a provenance statement that is there stays as it is: it tells of the build that made the image.
      if (!existsSync(schemaBesideImage(image))) await writeFileAtomic(schemaBesideImage(image), schemaText);
      const besideText = sbom.beside(recorded.sha256);
      const current = readInputText(sbomPath, { within: dirname(sbomPath) });
      if (!current.ok || current.text !== besideText) await writeFileAtomic(sbomPath, besideText);
      if (!existsSync(provenancePath)) await writeProvenance(context, record, { image, sha256: recorded.sha256, sbomText: besideText, upperKey, packKey: key, lock });
      return { ran: false, reason: "nothing it depends on changed", image, sha256: recorded.sha256, size: stats.size, ...(recorded.superfloppy === undefined ? {} : { superfloppy: recorded.superfloppy }), sbom: sbomPath, provenance: provenancePath };
    }
  }
  const reason = force
    ? "it was asked for (gp pack)"
    : previous === undefined
      ? existsSync(image) ? "there is no record of the image's inputs" : "there is no image yet"
      : previous.key === key
        ? "the image file was changed or removed"
        : `changed: ${changedInputs(previous.inputs, inputs).join(", ")}`;
  context.report.info(`packing: ${reason}`);
  forgetRecord(context.layout.packState);

  mkdirSync(dirname(image), { recursive: true });
  const temporary = `${image}.gp-tmp-${process.pid}`;
  const excludeFile = join(context.layout.upperDir, "pack-excludes");
  // The image's own schema and SBOM replace any file the upper brings at their paths.
  writeFileSync(excludeFile, [...whiteouts(context.layout.upper), SCHEMA_IMAGE_PATH.slice(1), SBOM_IMAGE_PATH.slice(1)].map((path) => `${literalPattern(path)}\n`).join(""));
  const schemaFile = join(context.layout.upperDir, "system-ini.json");
  const sbomFile = join(context.layout.upperDir, "sbom.cdx.json");
  const pseudoFile = join(context.layout.upperDir, "pack-pseudo");
  writeFileSync(schemaFile, schemaText);
  writeFileSync(sbomFile, sbom.inside);
  writePseudoDefinitions(context.layout.upper, [{ imagePath: SCHEMA_IMAGE_PATH, source: schemaFile }, { imagePath: SBOM_IMAGE_PATH, source: sbomFile }], pseudoFile);
  rmSync(temporary, { force: true });
  context.report.step(`mksquashfs (${compression})`);
  const epoch = String(sourceDateEpoch);
  await run(
    "mksquashfs",
    [context.layout.upper, temporary, "-noappend", "-no-exports", "-no-progress", "-reproducible", "-mkfs-time", epoch, "-all-time", epoch, ...MKSQUASHFS_OPTIONS[compression], "-pf", pseudoFile, "-wildcards", "-ef", excludeFile, "-e", ...EXCLUDED],
    // mksquashfs refuses -mkfs-time and -all-time when SOURCE_DATE_EPOCH is set, even to the same value.
    { log: context.log, report: context.report, signal: context.signal, env: { SOURCE_DATE_EPOCH: undefined } },
  );
  renameSync(temporary, image);
  await writeFileAtomic(schemaBesideImage(image), schemaText);
  const stats = statSync(image);
  const sha256 = await hashFile(image, "sha256");
  const superfloppy = await makeSuperfloppy(context, image, stats.size, sha256, sourceDateEpoch);
  const besideText = sbom.beside(sha256);
  await writeFileAtomic(sbomPath, besideText);
  await writeProvenance(context, record, { image, sha256, sbomText: besideText, upperKey, packKey: key, lock });
  writeRecord(context.layout.packState, {
    key,
    inputs,
    finished: new Date().toISOString(),
    facts: { sha256, size: stats.size, mtimeMs: stats.mtimeMs, ...(superfloppy === undefined ? {} : { superfloppy }) },
  });
  return { ran: true, reason, image, sha256, size: stats.size, ...(superfloppy === undefined ? {} : { superfloppy }), sbom: sbomPath, provenance: provenancePath };
}

/**
 * The EFI "superfloppy" genpack makes beside images of the systemimg family (those whose lower
 * holds /usr/lib/genpack-install/*.efi): a FAT32 file system with EFI/BOOT/*.efi and the image as
 * system.img, 100 MiB larger than the image. Dates and the volume serial number are fixed, so it
 * is reproducible too.
 */
async function makeSuperfloppy(context: PhaseContext, image: string, size: number, imageSha256: string, sourceDateEpoch: number): Promise<string | undefined> {
  const efiDirectory = join(context.layout.lower, "usr/lib/genpack-install");
  const efiFiles = existsSync(efiDirectory) ? readdirSync(efiDirectory).filter((name) => name.endsWith(".efi")).sort() : [];
  const target = image.replace(/\.squashfs$/, ".img");
  if (efiFiles.length === 0) return undefined;
  if (size >= SUPERFLOPPY_LIMIT) {
    context.report.warn(`the image is ${(size / 1024 ** 3).toFixed(1)} GiB, too large for the FAT32 system.img; no ${target} is made.`);
    return undefined;
  }
  context.report.step("making the EFI superfloppy");
  const temporary = `${target}.gp-tmp-${process.pid}`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, "");
  truncateSync(temporary, Math.ceil((size + 100 * MIB) / MIB) * MIB);
  const env = { SOURCE_DATE_EPOCH: String(sourceDateEpoch), MTOOLS_SKIP_CHECK: "1" };
  const options = { log: context.log, report: context.report, signal: context.signal, env };
  const serial = createHash("sha256").update(imageSha256).digest("hex").slice(0, 8);
  await run("mformat", ["-i", temporary, "-F", "-h", "255", "-t", "4096", "-n", "32", "-N", serial, "::"], options);
  await run("mmd", ["-i", temporary, "::/EFI", "::/EFI/BOOT"], options);
  for (const file of efiFiles) await run("mcopy", ["-i", temporary, join(efiDirectory, file), "::/EFI/BOOT/"], options);
  await run("mcopy", ["-i", temporary, image, "::/system.img"], options);
  renameSync(temporary, target);
  return target;
}
