import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import { acquirePidLock, releasePidLock } from "../../../host/pid-lock.js";
import { openTarget } from "../open-target.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

export type CleanResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly problem?: string }
  /** `removed`: the paths removed, relative to the current directory; none when nothing was there. */
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly removed: readonly string[] };

/**
 * Removes a build's work directory state for one arch and variant (`all`: all of work/), under
 * the build's lock, so that no running build loses its root underneath it.
 */
export async function cleanWork(request: TargetRequest & { readonly all: boolean }): Promise<CleanResult> {
  const { cwd, variant, evaluation } = request;
  const opened = await openTarget(request.target, { cwd, arch: requestedArch(request), ...(variant === undefined ? {} : { variant }), compile: false, evaluation });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const { layout, diagnostics } = opened;
  if (!existsSync(layout.workDir)) return { ok: true, diagnostics, removed: [] };
  const lock = acquirePidLock(layout.lock);
  if (!("descriptor" in lock)) {
    return { ok: false, diagnostics, problem: "problem" in lock ? `the build's lock ${lock.problem}.` : `another gp (process ${lock.heldBy}) is building in ${layout.workDir}.` };
  }
  const removed: string[] = [];
  try {
    const paths = request.all
      ? [layout.workDir]
      : [layout.lower, layout.lowerState, layout.upperDir, layout.upperState, layout.contents, layout.packState, `${layout.lower}.gp-new`, `${layout.lower}.gp-old`, `${layout.upperDir}.gp-new`, `${layout.upperDir}.gp-old`, layout.log("lower"), layout.log("upper"), layout.log("pack")];
    for (const path of paths) {
      if (!existsSync(path)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(relative(cwd, path) || ".");
    }
  } finally {
    releasePidLock(lock);
  }
  return { ok: true, diagnostics, removed };
}
