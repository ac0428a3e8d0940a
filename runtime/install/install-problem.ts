import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * A reason the installer refuses to go on: bad input, an unsafe target, a missing tool. It is
 * raised before anything is written, or after what was written has been taken back, and its
 * message is shown to the user as it is.
 */
export class InstallProblem extends GpError {
  override name = "InstallProblem";

  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(codes.installRefused, message, options);
  }
}
