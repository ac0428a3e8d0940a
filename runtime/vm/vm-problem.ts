import type { CodeEntry } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * A reason a `gp vm` command cannot do what was asked: a bad option, a missing tool, a VM that
 * is not running, QEMU refusing to start. Its message is shown to the user as it is; its code
 * names the kind of problem, so that the reference can say what causes it and what to do.
 */
export class VmProblem extends GpError {
  override name = "VmProblem";

  constructor(entry: CodeEntry, message: string, options: { readonly cause?: unknown } = {}) {
    super(entry, message, options);
  }
}
