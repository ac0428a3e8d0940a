/**
 * A reason a `gp vm` command cannot do what was asked: a bad option, a missing tool, a VM that
 * is not running, QEMU refusing to start. Its message is shown to the user as it is.
 */
export class VmProblem extends Error {
  override name = "VmProblem";
}
