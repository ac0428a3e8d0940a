import type { Arch } from "../../dsl/index.js";
import { LockfileError } from "./errors.js";
import { readLock } from "./lockfile.js";

/** The SHA-512 of each input of a build, as gp.lock pins them. */
export interface PinnedDigests {
  readonly stage3: { readonly sha512: string };
  readonly portage: { readonly sha512: string };
  readonly overlay: { readonly sha512: string };
}

/**
 * What gp.lock pins for a build of `arch`, read and checked as a build reads it, without
 * resolving or downloading anything: a lock that is missing, or pins no stage3 for the arch, no
 * Portage snapshot or no genpack-overlay, is a {@link LockfileError} that says how to pin them.
 */
export async function pinnedDigests(lockPath: string, arch: Arch): Promise<PinnedDigests> {
  const lock = await readLock(lockPath);
  const pin = `Run \`gp lock --arch ${arch}\` to pin the inputs of ${arch} builds, and commit gp.lock.`;
  if (lock === undefined) throw new LockfileError(lockPath, `${lockPath} does not exist, so no input of the build is pinned. ${pin}`);
  const stage3 = lock.stage3[arch];
  if (stage3 === undefined) throw new LockfileError(lockPath, `${lockPath} pins no stage3 for ${arch}. ${pin}`, `stage3.${arch}`);
  if (lock.portage === undefined) throw new LockfileError(lockPath, `${lockPath} pins no Portage snapshot. ${pin}`, "portage");
  if (lock.overlay === undefined) throw new LockfileError(lockPath, `${lockPath} pins no genpack-overlay. ${pin}`, "overlay");
  return { stage3: { sha512: stage3.sha512 }, portage: { sha512: lock.portage.sha512 }, overlay: { sha512: lock.overlay.sha512 } };
}
