import type { EvaluateOptions } from "../../../compiler/evaluate.js";
import type { Arch } from "../../../dsl/index.js";
import { hostArch } from "../../../genpack/arch.js";

/** What a tool on a build's work directory opens: a blueprint or artifact directory, for one arch and variant. */
export interface TargetRequest {
  /** A blueprint or artifact directory; none: the current directory's artifact, or its one blueprint. */
  readonly target: string | undefined;
  readonly cwd: string;
  /** None: this machine's. */
  readonly arch?: Arch;
  /** null: no variant; none: the default one. */
  readonly variant?: string | null;
  readonly evaluation: EvaluateOptions;
}

/** The arch a request means: the one asked for, else this machine's (x86_64 when gp builds for none of its kind). */
export function requestedArch(request: { readonly arch?: Arch }): Arch {
  return request.arch ?? hostArch() ?? "x86_64";
}
