import { spawnSync } from "node:child_process";

export const QEMU = "qemu-system-x86_64";

/**
 * Whether QEMU is here, for tests that need it and no more (no guest image). Off CI its absence
 * skips them with the reason; in CI (`CI=true`) they run and fail, as `requireQemu` throws.
 */
export function qemuSupport(): { readonly available: boolean; readonly reason: string; readonly skip: boolean } {
  const available = spawnSync("sh", ["-c", 'command -v "$1"', "sh", QEMU], { stdio: "ignore" }).status === 0;
  const reason = available ? "" : `${QEMU} is not installed (Debian package qemu-system-x86)`;
  return { available, reason, skip: !available && process.env["CI"] !== "true" };
}

/** Fails the running test when QEMU is missing (only reached in CI, where it is not skipped). */
export function requireQemu(support: { readonly available: boolean; readonly reason: string }): void {
  if (!support.available) throw new Error(`CI must be able to run this: ${support.reason}`);
}
