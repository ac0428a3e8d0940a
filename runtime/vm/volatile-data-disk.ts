import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../host/exec.js";

/**
 * A data disk for one run of a VM: a sparse file formatted as ext4 (the genpack initramfs mounts
 * /dev/vdb with `-t auto`), holding system.ini at its root when one is given, which is where
 * genpack-init looks for it. It lives in the temporary directory, not the runtime directory:
 * /run is usually a small tmpfs, and a guest writing gigabytes there would run the host out of
 * memory. The runtime directory's removal takes it along.
 */
export async function makeVolatileDataDisk(options: { readonly name: string; readonly bytes: number; readonly systemIni?: Uint8Array; readonly signal?: AbortSignal }): Promise<string> {
  const directory = join(tmpdir(), "gp-vm");
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, `${options.name}-${process.pid}-${Date.now()}.img`);
  const descriptor = openSync(path, "wx", 0o600);
  try {
    ftruncateSync(descriptor, options.bytes);
  } finally {
    closeSync(descriptor);
  }
  const contents = mkdtempSync(join(directory, ".contents-"));
  try {
    if (options.systemIni !== undefined) writeFileSync(join(contents, "system.ini"), options.systemIni);
    await run("mkfs.ext4", ["-q", "-F", "-L", "data", "-d", contents, path], { captureOnly: true, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } catch (problem) {
    rmSync(path, { force: true });
    throw problem;
  } finally {
    rmSync(contents, { recursive: true, force: true });
  }
  return path;
}
