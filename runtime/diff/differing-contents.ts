import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError, isGpError } from "../../errors/gp-error.js";
import { run } from "../../host/exec.js";

/** A regular file of equal size in both images, whose bytes must be compared. */
export interface ContentCandidate {
  readonly path: string;
  readonly size: number;
}

/** How many bytes of files one round unpacks from each image, at most (one larger file is a round of its own). */
export const ROUND_BYTES = 256 * 1024 ** 2;

/**
 * Which candidates differ in content.
 *
 * The files are unpacked from each image (`unsquashfs -ef` naming just them, wildcards off) into a
 * private temporary directory and hashed pairwise, in rounds of at most ROUND_BYTES per image, so
 * the scratch space stays bounded however large the images are. That is exact and costs two
 * unsquashfs runs per round; reading each file with `unsquashfs -cat` would start a process per
 * file, and comparing the images' compressed blocks would not be exact (two compressions of the
 * same bytes can differ, and one fragment block holds the tails of several files).
 */
export async function differingContents(oldImage: string, newImage: string, candidates: readonly ContentCandidate[], signal?: AbortSignal): Promise<Set<string>> {
  // A name with a line break cannot be written in an extract file; the listing cannot carry one either.
  const wanted = candidates.filter((candidate) => !candidate.path.includes("\n"));
  const differing = new Set<string>();
  if (wanted.length === 0) return differing;
  const scratch = await mkdtemp(join(tmpdir(), "gp-diff-"));
  try {
    for (const round of rounds(wanted)) {
      const list = join(scratch, "paths");
      await writeFile(list, `${round.map((candidate) => candidate.path.replace(/^\/+/, "")).join("\n")}\n`, { mode: 0o600 });
      await unpack(oldImage, join(scratch, "old"), list, signal);
      await unpack(newImage, join(scratch, "new"), list, signal);
      for (const { path } of round) {
        const [before, after] = await Promise.all([hash(join(scratch, "old", path)), hash(join(scratch, "new", path))]);
        if (before !== after) differing.add(path);
      }
      await Promise.all([rm(join(scratch, "old"), { recursive: true, force: true }), rm(join(scratch, "new"), { recursive: true, force: true })]);
    }
    return differing;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The candidates cut into rounds of at most ROUND_BYTES, in order. */
export function rounds(candidates: readonly ContentCandidate[]): ContentCandidate[][] {
  const cut: ContentCandidate[][] = [];
  let current: ContentCandidate[] = [];
  let bytes = 0;
  for (const candidate of candidates) {
    if (current.length > 0 && bytes + candidate.size > ROUND_BYTES) {
      cut.push(current);
      current = [];
      bytes = 0;
    }
    current.push(candidate);
    bytes += candidate.size;
  }
  if (current.length > 0) cut.push(current);
  return cut;
}

async function unpack(image: string, into: string, list: string, signal?: AbortSignal): Promise<void> {
  try {
    await run("unsquashfs", ["-no-xattrs", "-no-wildcards", "-quiet", "-no-progress", "-d", into, "-ef", list, image], { captureOnly: true, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (!isGpError(error) || signal?.aborted === true) throw error;
    throw new GpError(codes.imageDamaged, `${image} cannot be read: unsquashfs failed to unpack its files.`, { ...(error.details === undefined ? {} : { details: error.details }), hint: "Copy or download the image again, or build it again with `gp build`.", cause: error });
  }
}

async function hash(file: string): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest("hex");
}
