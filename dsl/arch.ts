/** A target architecture, as genpack's `--arch` names it (the kernel's `uname -m`). */
export type Arch = "x86_64" | "aarch64" | "i686" | "riscv64";

/** Every target architecture genpack knows, in genpack's order. */
export const ARCHES: readonly Arch[] = ["x86_64", "aarch64", "i686", "riscv64"];

/**
 * One arch, or several joined by `|` in any order, such as `"x86_64|aarch64"`.
 * genpack splits the key on `|` and applies the block when the target arch is among the parts.
 */
export type ArchKey = ArchCombination<Arch>;

/** Every key of one arch or several joined by `|`, drawn from the arches `Remaining`. */
export type ArchCombination<Remaining extends string, Each extends string = Remaining> = Each extends string
  ? Each | `${Each}|${ArchCombination<Exclude<Remaining, Each>>}`
  : never;
