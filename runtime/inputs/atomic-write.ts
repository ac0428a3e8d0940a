import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes a file so that readers see either the old content or the new, never a mix: the data
 * goes to a temporary file in the same directory (so the rename cannot cross filesystems), is
 * flushed to disk, and is renamed over the target. With `replace: false` it is linked in under the
 * target's name instead, which fails with EEXIST when anything stands there, even something put
 * there a moment before: a file that must not be replaced never is.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { readonly replace?: boolean } = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  let created = false;
  try {
    // "wx": a file or link someone planted at the temporary name is an error, never followed,
    // and never removed: only what this call created is cleaned up.
    const handle = await open(temporary, "wx");
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.replace === false) {
      await link(temporary, file);
      await rm(temporary, { force: true });
    } else await rename(temporary, file);
  } catch (failure) {
    if (created) await rm(temporary, { force: true });
    throw failure;
  }
}
