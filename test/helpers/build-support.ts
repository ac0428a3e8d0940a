import { hasCommand } from "../../host/exec.js";
import { containerSupport } from "../fixtures/gentoo/index.js";

/**
 * Whether this machine can build a fixture image: containers, and each of `commands`. The
 * reason when it cannot; in CI, where every tool must be installed, an error instead.
 */
export function fixtureBuildSupport(commands: readonly string[]): { available: boolean; reason: string } {
  const containers = containerSupport();
  const missing = commands.filter((command) => !hasCommand(command));
  const reasons = [...(containers.available ? [] : [containers.reason]), ...missing.map((command) => `${command} is not installed`)];
  if (reasons.length > 0 && process.env["CI"] === "true") throw new Error(`CI must be able to build the fixture image, but ${reasons.join("; ")}`);
  return { available: reasons.length === 0, reason: reasons.join("; ") };
}
