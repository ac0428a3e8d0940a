import type { CodeEntry } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";

/**
 * Why an image is not signed, or not verified, as asked: a missing or unreadable signature, an
 * unusable key file, a signature that does not match or comes from another key. Raised before
 * anything is written or started; its code says which, its message names the files.
 */
export class SignatureProblem extends GpError {
  override name = "SignatureProblem";

  constructor(entry: CodeEntry, message: string, options: { readonly cause?: unknown; readonly details?: string } = {}) {
    super(entry, message, options);
  }
}
