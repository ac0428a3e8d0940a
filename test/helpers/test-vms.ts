import { existsSync } from "node:fs";
import { join } from "node:path";
import { runtimeRoot } from "../../runtime/vm/runtime-paths.js";
import { runGp } from "./gp.js";

/**
 * Tests run their VMs under the real runtime root, as users do, so each VM's name carries this
 * run's suffix: VMs of other test files, other runs and a developer's own are left alone.
 */
export const VM_ROOT = runtimeRoot({ uid: process.getuid?.() ?? 0, env: process.env });

/** Enough for a TCG boot to the marker on a loaded two-core machine. */
export const BOOT_TIMEOUT_MS = 120_000;

const runSuffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

/** `gp-test-<role>-<suffix>`: a VM name no other test run uses. */
export function testVmName(role: string): string {
  return `gp-test-${role}-${runSuffix}`;
}

/** Polls `probe` every 200 ms until it returns something; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = BOOT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * The VMs a suite starts: `track(name)` before each start, `stopLeftovers()` in afterAll stops
 * whichever of them a failed test left running (`gp vm stop --force`).
 */
export function vmTracker(): { track(name: string): string; stopLeftovers(): Promise<void> } {
  const started: string[] = [];
  return {
    track(name) {
      started.push(name);
      return name;
    },
    async stopLeftovers() {
      const running = started.filter((name) => existsSync(join(VM_ROOT, name)));
      if (running.length > 0) await runGp(["vm", "stop", "--force", ...running]).catch(() => {});
    },
  };
}
