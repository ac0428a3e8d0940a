import { existsSync } from "node:fs";
import { ARCH_FACTS, type UefiFirmware } from "../../genpack/arch.js";
import type { VmArch } from "./vm-spec.js";

export type { UefiFirmware };

/** The first installed UEFI firmware for `arch`, or undefined with the paths looked at. */
export function findUefiFirmware(arch: VmArch, exists: (path: string) => boolean = existsSync): { found?: UefiFirmware; looked: readonly string[] } {
  const candidates = ARCH_FACTS[arch].uefiFirmware?.builds ?? [];
  const found = candidates.find((candidate) => exists(candidate.code) && exists(candidate.vars));
  return { ...(found === undefined ? {} : { found }), looked: candidates.map((candidate) => candidate.code) };
}
