import { realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Arch } from "../../dsl/index.js";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { openTarget } from "../build/open-target.js";
import { imageOfTarget } from "../build/pack/pack-phase.js";
import { requestedArch } from "../build/tools/target-request.js";
import { compareImages, contentCandidates, type ImageDiff } from "./compare-images.js";
import { differingContents } from "./differing-contents.js";
import type { ImageFacts } from "./image-facts.js";
import { readImage, type ReadImage } from "./read-image.js";

export interface DiffRequest {
  /** Each an image file, a blueprint or an artifact directory. */
  readonly old: string;
  readonly new: string;
  readonly cwd: string;
  /** For a blueprint or artifact directory: whose image. None: this machine's arch, the default variant. */
  readonly arch?: Arch;
  readonly variant?: string | null;
  readonly evaluation: EvaluateOptions;
  readonly signal?: AbortSignal;
}

/** One side as it was read: the image file, its digest and where its packages came from. */
export interface DiffSide {
  readonly image: string;
  readonly sha256: string;
  readonly size: number;
  /** The SBOM read: the file beside the image, or `<image>:/.genpack/sbom.cdx.json`. */
  readonly sbom?: string;
}

export type DiffResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly old: DiffSide; readonly new: DiffSide; readonly diff: ImageDiff; readonly notes: readonly string[] };

/** A name that is an image file rather than a blueprint or artifact directory. */
function isImageName(path: string): boolean {
  if (path.endsWith(".squashfs")) return true;
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats !== undefined && !stats.isDirectory() && !/\.(?:[cm]?ts|tsx|[cm]?js)$/.test(path);
}

/** The image a name means: the file itself, or the image of a blueprint's or artifact's build. */
async function imageOf(named: string, request: DiffRequest): Promise<{ readonly ok: true; readonly image: string; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }> {
  const path = resolve(request.cwd, named);
  if (isImageName(path)) return { ok: true, image: named, diagnostics: [] };
  const opened = await openTarget(named, { cwd: request.cwd, arch: requestedArch(request), ...(request.variant === undefined ? {} : { variant: request.variant }), compile: false, evaluation: request.evaluation });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const image = imageOfTarget(opened.target);
  if (statSync(image, { throwIfNoEntry: false }) === undefined) {
    throw new GpError(codes.notASystemImage, `${named} has no image yet: ${image} does not exist.`, { hint: "Build it first with `gp build`, or name the image file." });
  }
  return { ok: true, image, diagnostics: opened.diagnostics };
}

/**
 * What changed between two images (`gp diff OLD NEW`): packages, accounts, enabled services and
 * files. Packages and file owners come from the SBOMs when both images carry one, else from each
 * image's /.genpack/packages, with files not grouped by package.
 */
export async function diffImages(request: DiffRequest): Promise<DiffResult> {
  const diagnostics: Diagnostic[] = [];
  const images: string[] = [];
  for (const named of [request.old, request.new]) {
    const found = await imageOf(named, request);
    diagnostics.push(...found.diagnostics);
    if (!found.ok) return { ok: false, diagnostics };
    images.push(found.image);
  }
  const [oldImage = "", newImage = ""] = images;
  const old = await readImage(oldImage, request.signal);
  const now = await readImage(newImage, request.signal);
  const bySbom = old.sbom !== undefined && now.sbom !== undefined;
  const notes: string[] = [];
  if (!bySbom) {
    const without = [old, now].filter((side) => side.sbom === undefined).map((side) => side.image);
    notes.push(`${without.join(" and ")} ${without.length === 1 ? "has" : "have"} no SBOM: packages are read from /.genpack/packages, and files are not grouped by package.`);
    for (const side of [old, now]) if (side.packages === undefined) notes.push(`${side.image} has no /.genpack/packages: its packages are unknown.`);
  }
  const facts = (side: ReadImage): ImageFacts => ({
    image: side.image,
    imageSize: side.size,
    packages: bySbom ? (side.sbom?.packages ?? []) : (side.packages ?? []),
    ...(bySbom && side.sbom !== undefined ? { owners: side.sbom.owners } : {}),
    entries: side.entries,
    users: side.users,
    groups: side.groups,
  });
  // The same bytes on both sides differ in nothing: no need to unpack them.
  const same = old.sha256 === now.sha256 || realpathSync(oldImage) === realpathSync(newImage);
  const contentDiffers = same ? new Set<string>() : await differingContents(oldImage, newImage, contentCandidates(old.entries, now.entries), request.signal);
  const diff = compareImages(facts(old), facts(now), contentDiffers);
  const side = (read: ReadImage): DiffSide => ({ image: read.image, sha256: read.sha256, size: read.size, ...(bySbom && read.sbom !== undefined ? { sbom: read.sbom.where } : {}) });
  return { ok: true, diagnostics, old: side(old), new: side(now), diff, notes };
}
