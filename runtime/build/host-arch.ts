import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "../../dsl/index.js";
import { ARCH_FACTS, hostArch, runsNatively } from "../../genpack/arch.js";

/** Whether building `arch` here runs its programs under emulation (an x86_64 host runs i686 natively). */
export function isEmulated(arch: Arch): boolean {
  return !runsNatively(hostArch(), arch);
}

/**
 * Why programs of `arch` cannot run here, or undefined when they can: an emulated build needs a
 * static qemu-user registered in binfmt_misc with the F (fix binary) flag, so the interpreter
 * works inside the container's root. The message says exactly what is missing.
 */
export function crossArchProblem(arch: Arch, binfmtDirectory = "/proc/sys/fs/binfmt_misc"): string | undefined {
  if (!isEmulated(arch)) return undefined;
  const qemu = ARCH_FACTS[arch].qemu.user;
  const fix = `Install a static qemu-user (Debian: \`apt install qemu-user-static binfmt-support\`; Gentoo: app-emulation/qemu[static-user,qemu_user_targets_${qemu}]) and register it with the F flag, for example with systemd-binfmt.`;
  let entries: string[];
  try {
    entries = readdirSync(binfmtDirectory).filter((name) => name !== "register" && name !== "status");
  } catch {
    return `Building for ${arch} on this ${hostArch() ?? process.arch} machine needs binfmt_misc, which is not mounted at ${binfmtDirectory}. ${fix}`;
  }
  // binfmt_misc's magic carries e_machine at bytes 18 and 19, little-endian.
  const expected = ARCH_FACTS[arch].elfMachine.toString(16).padStart(2, "0");
  let withoutFix: string | undefined;
  for (const name of entries) {
    let text: string;
    try {
      text = readFileSync(join(binfmtDirectory, name), "utf8");
    } catch {
      continue;
    }
    if (!text.split("\n").includes("enabled")) continue;
    const magic = /^magic ([0-9a-f]+)$/m.exec(text)?.[1] ?? "";
    if (!magic.startsWith("7f454c46") || magic.length < 40 || magic.slice(36, 38) !== expected) continue;
    const flags = /^flags: ?([A-Z]*)$/m.exec(text)?.[1] ?? "";
    if (flags.includes("F")) return undefined;
    withoutFix = name;
  }
  if (withoutFix !== undefined) {
    return `binfmt_misc entry ${withoutFix} runs ${arch} programs but lacks the F flag, so its interpreter is not found inside the build root. Re-register it with flags F (for systemd-binfmt: add F to the flags field of its .conf file).`;
  }
  return `No binfmt_misc entry runs ${arch} programs on this ${hostArch() ?? process.arch} machine. ${fix}`;
}
