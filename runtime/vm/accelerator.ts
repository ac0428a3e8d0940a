import { accessSync, constants } from "node:fs";
import { hostArch, runsNatively } from "../../genpack/arch.js";
import type { KvmVerdict } from "./kvm-probe.js";
import { codes } from "../../errors/codes.js";
import { VmProblem } from "./vm-problem.js";
import type { Accelerator, VmArch } from "./vm-spec.js";

export type AcceleratorChoice = "auto" | Accelerator;

export interface AcceleratorDecision {
  readonly accel: Accelerator;
  /** Why, in a phrase ("KVM ran a test guest in 0.3 s", "an aarch64 image on an x86_64 host"). */
  readonly reason: string;
  /** Set when the user gets software emulation without having asked for it. */
  readonly warning?: string;
}

/**
 * KVM when asked for or, with `auto`, when it works: only for an image of the host's arch, and
 * on x86 only after a test guest ran under it within a time limit, because /dev/kvm can exist,
 * open, and then hang the first guest that uses the FPU. Otherwise software emulation (TCG),
 * with a warning when the user may have expected KVM.
 */
export async function chooseAccelerator(
  requested: AcceleratorChoice,
  arch: VmArch,
  probe: () => Promise<KvmVerdict>,
  host: VmArch | undefined = hostArch(),
  kvmDevice = "/dev/kvm",
): Promise<AcceleratorDecision> {
  const sameArch = runsNatively(host, arch);
  if (requested === "tcg") return { accel: "tcg", reason: "--accel tcg" };
  if (requested === "kvm") {
    if (!sameArch) throw new VmProblem(codes.kvmUnavailable, `KVM runs guests of the host's arch (${host ?? process.arch}) only, and this image is for ${arch}; use --accel tcg (or auto)`);
    try {
      accessSync(kvmDevice, constants.R_OK | constants.W_OK);
    } catch {
      throw new VmProblem(codes.kvmUnavailable, `--accel kvm: ${kvmDevice} is missing or not readable and writable by this user (is the kvm module loaded, and are you in the kvm group?)`);
    }
    return { accel: "kvm", reason: "--accel kvm" };
  }
  if (!sameArch) return { accel: "tcg", reason: `an ${arch} image on an ${host ?? process.arch} host` };
  const verdict = await probe();
  if (verdict.usable) return { accel: "kvm", reason: verdict.reason };
  return { accel: "tcg", reason: verdict.reason, warning: `KVM is not usable here (${verdict.reason}); the VM runs under software emulation (TCG), many times slower` };
}
