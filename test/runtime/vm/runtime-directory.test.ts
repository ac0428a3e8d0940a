import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { parseProcStat, processIdentity } from "../../../runtime/vm/process-identity.js";
import { claimRuntimeDirectory, removeIfStale, runtimeDirectoryNames, vmStatus } from "../../../runtime/vm/runtime-directory.js";
import { runtimeRoot, vmPaths } from "../../../runtime/vm/runtime-paths.js";
import { readVmState, type VmState } from "../../../runtime/vm/vm-state.js";
import { listVms, formatUptime } from "../../../runtime/vm/list-vms.js";
import { temporaryDirectory } from "../../helpers/temp.js";

function stateFor(name: string, starter = processIdentity(process.pid)!, qemu?: { pid: number; startTicks: number }): VmState {
  return {
    version: 1, name, image: "/x.squashfs", arch: "x86_64", accel: "tcg", memoryMiB: 512, cpus: 1, uefi: false,
    networks: [], consoleLog: "/dev/null", starter, ...(qemu === undefined ? {} : { qemu }), startedAt: new Date().toISOString(),
  };
}

/** A process that has exited: its identity names nothing any more. */
async function goneProcess(): Promise<{ pid: number; startTicks: number }> {
  const child = spawn("sleep", ["30"]);
  const identity = processIdentity(child.pid!)!;
  child.kill("SIGKILL");
  await new Promise((done) => child.once("exit", done));
  return identity;
}

describe("runtime directories", () => {
  it("lives in /run/gp/vm for root and in the user's runtime directory otherwise", () => {
    expect(runtimeRoot({ uid: 0, env: {} })).toBe("/run/gp/vm");
    expect(runtimeRoot({ uid: 1000, env: { XDG_RUNTIME_DIR: "/run/user/1000" } })).toBe("/run/user/1000/gp/vm");
    expect(runtimeRoot({ uid: 1000, env: {} })).toBe("/run/user/1000/gp/vm");
    expect(runtimeRoot({ uid: 0, env: { GP_VM_RUNTIME_DIR: "/tmp/vms" } })).toBe("/tmp/vms");
  });

  it("reads a process's state and start time even when its name holds parentheses and spaces", () => {
    const fields = Array.from({ length: 50 }, (_, index) => String(index + 3));
    fields[0] = "S";
    expect(parseProcStat(`123 (a) b (c) ${fields.join(" ")}`)).toEqual({ state: "S", startTicks: 22 });
  });

  it("lets one gp claim a name while its VM runs or starts, and refuses the next as the name being taken", () => {
    const root = temporaryDirectory();
    const paths = claimRuntimeDirectory(root, "one", stateFor("one"));
    expect(readVmState(paths.state)?.name).toBe("one");
    expect(vmStatus(paths).kind).toBe("starting");
    expect(() => claimRuntimeDirectory(root, "one", stateFor("one"))).toThrow(expect.objectContaining({ code: codes.vmNameTaken.code, message: expect.stringMatching(/a VM named one is being started/) }));
    const running = stateFor("one", processIdentity(process.pid)!, processIdentity(process.pid)!);
    writeFileSync(paths.state, JSON.stringify(running));
    expect(() => claimRuntimeDirectory(root, "one", stateFor("one"))).toThrow(expect.objectContaining({ code: codes.vmNameTaken.code, message: expect.stringMatching(/a VM named one is already running \(QEMU pid \d+\); stop it with gp vm stop one/) }));
  });

  it("detects the files of a killed QEMU as stale, removes them, and lets the name be claimed again", async () => {
    const root = temporaryDirectory();
    const gone = await goneProcess();
    const paths = claimRuntimeDirectory(root, "dead", stateFor("dead", gone, gone));
    writeFileSync(paths.qemuLog, "x");
    expect(vmStatus(paths)).toMatchObject({ kind: "stale", reason: `its QEMU (pid ${gone.pid}) is gone` });
    const removed: string[] = [];
    claimRuntimeDirectory(root, "dead", stateFor("dead"), (stale) => removed.push(stale.reason));
    expect(removed).toEqual([`its QEMU (pid ${gone.pid}) is gone`]);
    expect(existsSync(paths.qemuLog)).toBe(false);
  });

  it("lists running VMs and removes stale ones on the way, including a directory without a state file", async () => {
    const root = temporaryDirectory();
    const me = processIdentity(process.pid)!;
    claimRuntimeDirectory(root, "alive", stateFor("alive", me, me));
    const gone = await goneProcess();
    claimRuntimeDirectory(root, "dead", stateFor("dead", gone, gone));
    mkdirSync(join(root, "empty"));
    mkdirSync(join(root, ".scratch"));
    const { vms, removed } = listVms(root);
    expect(vms.map((vm) => [vm.name, vm.status, vm.pid])).toEqual([["alive", "running", process.pid]]);
    expect(removed.map((stale) => stale.name).sort()).toEqual(["dead", "empty"]);
    expect(runtimeDirectoryNames(root)).toEqual(["alive"]);
    expect(removeIfStale(root, "alive")).toBeUndefined();
  });

  it("refuses a name whose socket paths would not fit a unix socket address", () => {
    const root = join(temporaryDirectory(), "x".repeat(80));
    expect(() => claimRuntimeDirectory(root, "name", stateFor("name"))).toThrow(expect.objectContaining({ code: codes.socketPathTooLong.code, message: expect.stringMatching(/longer than the 107 bytes/) }));
    expect(vmPaths("/r", "n").console).toBe("/r/n/console.sock");
  });

  it("prints uptimes as the reference does", () => {
    expect(formatUptime(42)).toBe("42s");
    expect(formatUptime(312)).toBe("5m12s");
    expect(formatUptime(93_784)).toBe("1d2h3m");
  });
});
