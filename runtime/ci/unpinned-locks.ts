import { existsSync } from "node:fs";
import { join } from "node:path";
import { codes } from "../../errors/codes.js";
import { warning, type Diagnostic } from "../../errors/diagnostics.js";
import { LockfileError } from "../inputs/errors.js";
import { pinnedDigests } from "../inputs/pinned-inputs.js";
import type { BuildCell } from "./build-matrix.js";

/**
 * A warning for each gp.lock of the matrix that does not pin the inputs of every arch its jobs
 * build: such a job resolves the newest stage3, snapshot and overlay on every run, so its images
 * are not reproducible and its cache is not reused, and on GitHub it stops at `gp build keys`,
 * which keys the cache. The file is still written: pinning is one `gp lock` away.
 */
export async function unpinnedLocks(root: string, cells: readonly BuildCell[]): Promise<Diagnostic[]> {
  const byLock = new Map<string, { blueprint: string; arches: Set<BuildCell["arch"]> }>();
  for (const cell of cells) {
    const entry = byLock.get(cell.lock) ?? { blueprint: cell.blueprint, arches: new Set() };
    entry.arches.add(cell.arch);
    byLock.set(cell.lock, entry);
  }
  const warnings: Diagnostic[] = [];
  for (const [lock, { blueprint, arches }] of byLock) {
    const file = join(root, lock);
    const unpinned: string[] = [];
    for (const arch of arches) {
      try {
        await pinnedDigests(file, arch);
      } catch (problem) {
        if (!(problem instanceof LockfileError)) throw problem;
        unpinned.push(arch);
      }
    }
    if (unpinned.length === 0) continue;
    const what = existsSync(file) ? `${lock} does not pin the inputs of ${unpinned.join(", ")}` : `${lock} does not exist`;
    warnings.push(
      warning(codes.lockUnpinnedForCi, `${what}: the ${unpinned.join(", ")} jobs of ${blueprint} would build from the newest inputs on each run, and on GitHub stop at gp build keys.`, {
        location: { file },
        hint: `Run \`gp lock ${blueprint} ${unpinned.map((arch) => `--arch ${arch}`).join(" ")}\` and commit gp.lock.`,
      }),
    );
  }
  return warnings;
}
