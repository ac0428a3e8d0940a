import { describe, expect, it } from "vitest";
import { ARCHES } from "../../dsl/index.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import { hasStackTrace, jsonLines, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

/**
 * What the command line refuses before any work starts is printed like every failure the user
 * can act on: `gp COMMAND: error GPnnnn: message`, exit status 1, and with --json a result line
 * carrying the code.
 */
async function expectRefusal(args: readonly string[], code: CodeEntry, message: string, wrapper: readonly string[] = []): Promise<void> {
  const cwd = temporaryDirectory();
  const command = ["gp", ...args.filter((arg) => /^[a-z]+$/.test(arg)).slice(0, args[0] === "vm" ? 2 : 1)].join(" ");
  const text = await runGp(args, { cwd, wrapper });
  expect(text.exitCode, args.join(" ")).toBe(1);
  expect(text.stderr, args.join(" ")).toBe(`${command}: error ${code.code}: ${message}\n`);
  expect(hasStackTrace(text.stderr)).toBe(false);
  const json = await runGp([...args, "--json"], { cwd, wrapper });
  expect(json.exitCode, args.join(" ")).toBe(1);
  expect(jsonLines(json.stdout), args.join(" ")).toEqual([{ type: "result", ok: false, code: code.code, failure: message }]);
}

describe("the command line's own refusals", () => {
  it("refuses an arch gp lock cannot pin with the code of an arch the image does not exist for", async () => {
    await expectRefusal(["lock", "--offline", "--arch", "sparc"], codes.archNotSupported, `sparc is not an arch genpack builds for; use ${ARCHES.join(", ")}.`);
    await expectRefusal(["lock", "--offline", "--arch", "x86_64", "--arch", "sparc", "--arch", "mips"], codes.archNotSupported, `sparc, mips are not arches genpack builds for; use ${ARCHES.join(", ")}.`);
  });

  it.each([
    [["install", "system.squashfs"], "say where to install: --disk DEVICE|FILE, --iso FILE or --zip FILE, or --self-update."],
    [["install", "system.squashfs", "--self-update", "--iso", "x.iso"], "--self-update updates an installed system; it does not go with --disk, --iso or --zip."],
    [["install", "system.squashfs", "--iso", "x.iso", "--boot-dir", "/boot"], "--boot-dir goes with --self-update only."],
    [["install", "system.squashfs", "--self-update", "--sha256", "xyz"], "--sha256 xyz is not a SHA-256 (64 hexadecimal digits)."],
    [["install", "system.squashfs", "--iso", "x.iso", "--data-partition=lots"], "--data-partition=lots is not a size; write it as 8G, 512M or 1T."],
  ])("refuses gp install options that do not fit together with their code: %j", async (args, message) => {
    await expectRefusal(args, codes.installRefused, message);
  });

  it("refuses to write a disk without root with a code of its own", async () => {
    // As root, gp runs as nobody; a test run by another user is not root already.
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : [];
    await expectRefusal(["install", "system.squashfs", "--disk", "disk.raw"], codes.installNeedsRoot, "writing a disk needs root (partitioning, loop devices).", asUser);
  });

  it.each([
    [["vm", "stop", "--timeout", "soon", "x"], "--timeout soon: give whole seconds"],
    [["vm", "stop"], "name the VM to stop (gp vm list shows the running ones), or give --all"],
    [["vm", "console", "x", "--timeout", "soon"], "--timeout soon: give seconds"],
  ])("refuses gp vm options that cannot work with the code of an invalid option: %j", async (args, message) => {
    await expectRefusal(args, codes.vmOptionInvalid, message);
  });
});
