import { describe, expect, it } from "vitest";
import { codes } from "../../errors/codes.js";
import { asUserError, describeUserError, GpError, isGpError } from "../../errors/gp-error.js";
import { CommandFailed } from "../../host/exec.js";
import { LockfileError } from "../../runtime/inputs/errors.js";
import { InstallProblem } from "../../runtime/install/install-problem.js";
import { VmProblem } from "../../runtime/vm/vm-problem.js";

describe("GpError, the failures a user can act on", () => {
  it("gives the runtime's failures their codes from the register", () => {
    expect(new InstallProblem(codes.targetInUse, "the disk is mounted").code).toBe(codes.targetInUse.code);
    expect(new VmProblem(codes.noSuchVm, "no VM named x is running").code).toBe(codes.noSuchVm.code);
    expect(new LockfileError("gp.lock", "gp.lock is not valid JSON", "stage3.x86_64").code).toBe(codes.lockfileInvalid.code);
    expect(new CommandFailed("lower", ["emerge", "x"], 1, undefined, [], false).code).toBe(codes.commandFailed.code);
  });

  it("makes every install or VM refusal name its kind: a message alone does not type-check", () => {
    // Checked by the type-check of the tests (tsc -p tsconfig.json): each line must be an error.
    const messageOnly = () => [
      // @ts-expect-error an InstallProblem takes the code of its kind first
      new InstallProblem("--disk goes with no other target"),
      // @ts-expect-error a VmProblem takes the code of its kind first
      new VmProblem("--accel fast: give auto, kvm or tcg"),
    ];
    expect(messageOnly).toBeTypeOf("function");
  });

  it("keeps the key path of a gp.lock problem as its location", () => {
    expect(new LockfileError("/p/gp.lock", "m", "stage3.x86_64.sha512").location).toEqual({ file: "/p/gp.lock", keyPath: "stage3.x86_64.sha512" });
  });

  it("shows a failed command's last non-blank lines under its message", () => {
    const failed = new CommandFailed("lower", ["emerge", "x"], 1, "/w/lower.log", ["first", "", "second"], false);
    expect(describeUserError(failed)).toBe("lower: `emerge x` exited with code 1; the log is /w/lower.log\nIts last lines:\n  first\n  second");
  });

  it("tells a GpError by its brand, even one whose prototype is another copy's", () => {
    const foreign = Object.setPrototypeOf(new GpError(codes.vmRefused, "m"), Error.prototype) as unknown;
    expect(foreign instanceof GpError).toBe(false);
    expect(isGpError(foreign)).toBe(true);
  });

  it("counts the system refusing a file operation as the user's to fix, and any other error as a bug", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    expect(asUserError(full)).toMatchObject({ code: codes.fileSystemRefused.code, message: full.message, cause: full });
    expect(asUserError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(asUserError(Object.assign(new Error("spawn E2BIG"), { code: "E2BIG" }))).toBeUndefined();
    expect(asUserError("a string")).toBeUndefined();
  });
});
