import type { CodeEntry } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * A reason the installer refuses to go on: bad input, an unsafe target, a missing tool. It is
 * raised before anything is written, or after what was written has been taken back, and its
 * message is shown to the user as it is. Its code names the kind of problem (a disk in use, a
 * damaged image), so that the reference can say what causes it and what to do.
 */
export class InstallProblem extends GpError {
  override name = "InstallProblem";

  constructor(entry: CodeEntry, message: string, options: { readonly cause?: unknown } = {}) {
    super(entry, message, options);
  }
}
