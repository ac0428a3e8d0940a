import { resolve } from "node:path";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import type { Arch } from "../../../dsl/index.js";
import { pinnedDigests } from "../../inputs/pinned-inputs.js";
import type { BuildOptions } from "../build-context.js";
import { lowerInputs } from "../lower/lower-phase.js";
import { openTarget } from "../open-target.js";
import { phaseKey } from "../phase-key.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

export interface KeysRequest extends TargetRequest {
  /** The lock file; none: gp.lock beside the blueprint, or in the artifact directory. */
  readonly lockPath?: string;
  /** The options of the build whose keys are asked for that change what it holds. */
  readonly options?: Pick<BuildOptions, "independentBinpkgs" | "overlayOverride">;
}

export type KeysResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly ok: true;
      /** The lower phase key `gp build` records for these inputs (work/<arch>/lower[-<variant>].json). */
      readonly lower: string;
      readonly arch: Arch;
      readonly variant: string | null;
      readonly lockPath: string;
      readonly artifactDir: string;
      readonly diagnostics: readonly Diagnostic[];
    };

/**
 * `gp build keys`: the phase keys a build of the target would have, from the blueprint compiled
 * and written as `gp build` does and the inputs gp.lock pins, with nothing downloaded or built,
 * so that a CI cache can be keyed by them before the build starts. The key is the lower phase's
 * own ({@link lowerInputs}, {@link phaseKey}), so it equals what the build records. A lock that
 * does not pin the arch's inputs throws a LockfileError.
 */
export async function phaseKeys(request: KeysRequest): Promise<KeysResult> {
  const arch = requestedArch(request);
  const opened = await openTarget(request.target, {
    cwd: request.cwd,
    arch,
    ...(request.variant === undefined ? {} : { variant: request.variant }),
    compile: true,
    evaluation: request.evaluation,
  });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const lockPath = request.lockPath === undefined ? opened.lockPath : resolve(request.cwd, request.lockPath);
  const inputs = await pinnedDigests(lockPath, arch);
  const lower = phaseKey(lowerInputs({ target: opened.target, options: request.options ?? {}, inputs }));
  return { ok: true, lower, arch, variant: opened.target.variant, lockPath, artifactDir: opened.artifactDir, diagnostics: opened.diagnostics };
}
