import type { Arch } from "../../../dsl/index.js";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import { lockInputs, type LockedInputs, type LockInputsOptions } from "../../inputs/resolve-inputs.js";
import { openTarget } from "../open-target.js";
import { cacheLayout } from "../work-layout.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

export interface LockTargetRequest extends Omit<TargetRequest, "arch" | "variant">, Pick<LockInputsOptions, "overrides" | "sources" | "offline" | "update" | "openpgpKey" | "onNote" | "onRetry"> {
  /** The arches whose stage3 to pin; none: this machine's. */
  readonly arches?: readonly Arch[];
  /** The lock file; none: gp.lock beside the blueprint, or in the artifact directory. */
  readonly lockPath?: string;
}

/** What `gp lock` did: the target could not be opened (its diagnostics say why), or the lock it wrote or found unchanged. */
export type LockTargetResult = { readonly ok: false; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: true; readonly lockPath: string; readonly locked: LockedInputs };

/** Resolves, downloads and verifies a target's inputs and pins them in its gp.lock. */
export async function lockTarget(request: LockTargetRequest): Promise<LockTargetResult> {
  const { cwd, evaluation, lockPath: given, arches: asked, target, ...inputs } = request;
  const arches = asked ?? [requestedArch({})];
  const opened = await openTarget(target, { cwd, arch: arches[0] as Arch, variant: null, compile: false, evaluation });
  const lockPath = given ?? (opened.ok ? opened.lockPath : undefined);
  if (lockPath === undefined) return { ok: false, diagnostics: opened.diagnostics };
  const locked = await lockInputs({ ...inputs, arches, lockPath, cacheDir: cacheLayout().downloads, cwd });
  return { ok: true, lockPath, locked };
}
