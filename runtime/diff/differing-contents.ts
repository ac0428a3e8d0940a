import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError, isGpError } from "../../errors/gp-error.js";
import { run } from "../../host/exec.js";

/**
 * Which of `paths` (regular files of equal size in both images) differ in content.
 *
 * Each image is unpacked once, only those paths (`unsquashfs -ef` with wildcards off), into a
 * private temporary directory, and the files are hashed pairwise. That is exact and costs one
 * unsquashfs per image; reading each file with `unsquashfs -cat` would start a process per file,
 * and comparing the images' compressed blocks would not be exact (two compressions of the same
 * bytes can differ, and one block may hold the tails of several files).
 */
export async function differingContents(oldImage: string, newImage: string, paths: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  // A name with a line break cannot be written in an extract file; the listing cannot carry one either.
  const wanted = paths.filter((path) => !path.includes("\n"));
  if (wanted.length === 0) return new Set();
  const scratch = await mkdtemp(join(tmpdir(), "gp-diff-"));
  try {
    const list = join(scratch, "paths");
    await writeFile(list, `${wanted.map((path) => path.replace(/^\/+/, "")).join("\n")}\n`, { mode: 0o600 });
    const unpack = async (image: string, into: string) => {
      try {
        await run("unsquashfs", ["-no-xattrs", "-no-wildcards", "-quiet", "-no-progress", "-d", into, "-ef", list, image], { captureOnly: true, ...(signal === undefined ? {} : { signal }) });
      } catch (error) {
        if (!isGpError(error) || signal?.aborted === true) throw error;
        throw new GpError(codes.imageDamaged, `${image} cannot be read: unsquashfs failed to unpack its files.`, { ...(error.details === undefined ? {} : { details: error.details }), hint: "Copy or download the image again, or build it again with `gp build`.", cause: error });
      }
    };
    await unpack(oldImage, join(scratch, "old"));
    await unpack(newImage, join(scratch, "new"));
    const differing = new Set<string>();
    for (const path of wanted) {
      const [before, after] = await Promise.all([hash(join(scratch, "old", path)), hash(join(scratch, "new", path))]);
      if (before !== after) differing.add(path);
    }
    return differing;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function hash(file: string): Promise<string> {
  const digest = createHash("sha256");
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest("hex");
}
