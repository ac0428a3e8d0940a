import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Arch } from "../../dsl/index.js";

/** The arch of the machine gp runs on, in genpack's names, or undefined for one genpack does not build for. */
export function hostArch(): Arch | undefined {
  switch (process.arch) {
    case "x64":
      return "x86_64";
    case "arm64":
      return "aarch64";
    case "ia32":
      return "i686";
    case "riscv64":
      return "riscv64";
    default:
      return undefined;
  }
}

/** Whether building `arch` here runs its programs under emulation (an x86_64 host runs i686 natively). */
export function isEmulated(arch: Arch): boolean {
  const host = hostArch();
  return !(host === arch || (host === "x86_64" && arch === "i686"));
}

/** ELF e_machine values, as binfmt_misc magic carries them at bytes 18 and 19 (little-endian). */
const ELF_MACHINE: Readonly<Record<Arch, number>> = { x86_64: 0x3e, i686: 0x03, aarch64: 0xb7, riscv64: 0xf3 };

const QEMU_NAME: Readonly<Record<Arch, string>> = { x86_64: "x86_64", i686: "i386", aarch64: "aarch64", riscv64: "riscv64" };

/**
 * Why programs of `arch` cannot run here, or undefined when they can: an emulated build needs a
 * static qemu-user registered in binfmt_misc with the F (fix binary) flag, so the interpreter
 * works inside the container's root. The message says exactly what is missing.
 */
export function crossArchProblem(arch: Arch, binfmtDirectory = "/proc/sys/fs/binfmt_misc"): string | undefined {
  if (!isEmulated(arch)) return undefined;
  const qemu = QEMU_NAME[arch];
  const fix = `Install a static qemu-user (Debian: \`apt install qemu-user-static binfmt-support\`; Gentoo: app-emulation/qemu[static-user,qemu_user_targets_${qemu}]) and register it with the F flag, for example with systemd-binfmt.`;
  let entries: string[];
  try {
    entries = readdirSync(binfmtDirectory).filter((name) => name !== "register" && name !== "status");
  } catch {
    return `Building for ${arch} on this ${hostArch() ?? process.arch} machine needs binfmt_misc, which is not mounted at ${binfmtDirectory}. ${fix}`;
  }
  const expected = ELF_MACHINE[arch].toString(16).padStart(2, "0");
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
