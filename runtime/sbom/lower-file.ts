import { readInputFile } from "../../host/input-file.js";
import type { RootFs } from "../upper/closure/index.js";

/** A file of the lower read for the SBOM, or why it could not be: the fact is then left out with a warning. */
export type LowerFile = { readonly ok: true; readonly data: Buffer } | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/**
 * Reads a file of the lower as the image sees it: links resolve inside the lower, never on the
 * host, and what they lead to must still be inside it; a FIFO, device or directory planted in
 * a package's vdb entry is named, never opened for waiting.
 *
 * @param imagePath an absolute path inside the lower
 */
export function readLowerFile(fs: RootFs, imagePath: string): LowerFile {
  const read = readInputFile(fs.host(fs.realpath(imagePath)), { within: fs.base === "" ? "/" : fs.base, withinName: "the lower" });
  if (read.ok) return read;
  return { ok: false, missing: read.problem === "missing", reason: `${imagePath} ${read.reason}` };
}

/** {@link readLowerFile} as text; invalid UTF-8 becomes U+FFFD, as Portage reads its files. */
export function readLowerText(fs: RootFs, imagePath: string): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly reason: string } {
  const read = readLowerFile(fs, imagePath);
  return read.ok ? { ok: true, text: read.data.toString("utf8") } : read;
}
