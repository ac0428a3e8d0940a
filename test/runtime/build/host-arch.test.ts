import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostArch } from "../../../genpack/arch.js";
import { crossArchProblem } from "../../../runtime/build/host-arch.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** A binfmt_misc entry as the kernel shows it, for an ELF machine number. */
function entry(machine: number, flags: string): string {
  const magic = `7f454c460201010000000000000000000200${machine.toString(16).padStart(2, "0")}00`;
  return `enabled\ninterpreter /usr/libexec/qemu-binfmt/x-binfmt-P\nflags: ${flags}\noffset 0\nmagic ${magic}\nmask ffffffffffffff00fffffffffffffffffeffffff\n`;
}

const other = hostArch() === "aarch64" ? "x86_64" : "aarch64";
const otherMachine = other === "aarch64" ? 0xb7 : 0x3e;

describe("cross-arch builds", () => {
  it("need nothing for the machine's own arch", () => {
    const native = hostArch();
    if (native !== undefined) expect(crossArchProblem(native, "/nonexistent")).toBeUndefined();
  });

  it("say exactly what is missing: binfmt_misc, an entry for the arch, or its F flag", () => {
    expect(crossArchProblem(other, "/nonexistent")).toMatch(/needs binfmt_misc, which is not mounted/);
    const directory = temporaryDirectory();
    mkdirSync(directory, { recursive: true });
    expect(crossArchProblem(other, directory)).toMatch(new RegExp(`No binfmt_misc entry runs ${other} programs`));
    writeFileSync(join(directory, "qemu-test"), entry(otherMachine, "PO"));
    expect(crossArchProblem(other, directory)).toMatch(/lacks the F flag/);
    writeFileSync(join(directory, "qemu-test"), entry(otherMachine, "POCF"));
    expect(crossArchProblem(other, directory)).toBeUndefined();
  });
});
