import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * A reason a `gp vm` command cannot do what was asked: a bad option, a missing tool, a VM that
 * is not running, QEMU refusing to start. Its message is shown to the user as it is.
 */
export class VmProblem extends GpError {
  override name = "VmProblem";

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(codes.vmRefused, message, options);
  }
}
