/**
 * A reason the installer refuses to go on: bad input, an unsafe target, a missing tool. It is
 * raised before anything is written, or after what was written has been taken back, and its
 * message is shown to the user as it is.
 */
export class InstallProblem extends Error {
  override name = "InstallProblem";
}
