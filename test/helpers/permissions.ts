import { spawnSync } from "node:child_process";

/**
 * How to run a program so that file permissions stop it, for tests of unreadable files. Root
 * reads any file, so as root the program runs under setpriv without the two capabilities that
 * let it ignore permission bits; others need nothing.
 */
export function permissionsEnforced(): { readonly available: boolean; readonly reason: string; readonly wrapper: readonly string[] } {
  if (process.getuid?.() !== 0) return { available: true, reason: "", wrapper: [] };
  const wrapper = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"];
  const probe = spawnSync(wrapper[0] as string, [...wrapper.slice(1), "true"], { encoding: "utf8" });
  if (probe.status !== 0) return { available: false, reason: `root cannot drop CAP_DAC_OVERRIDE with setpriv here: ${probe.error?.message ?? probe.stderr.trim()}`, wrapper };
  return { available: true, reason: "", wrapper };
}
