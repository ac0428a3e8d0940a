import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRunning, processIdentity, type ProcessIdentity } from "../../../runtime/vm/process-identity.js";
import { claimRuntimeDirectory, removeIfStale } from "../../../runtime/vm/runtime-directory.js";
import { vmPaths } from "../../../runtime/vm/runtime-paths.js";
import { findVirtiofsd, startVirtiofsd, stopVirtiofsd } from "../../../runtime/vm/virtiofsd.js";
import { writeVmState, type VmState } from "../../../runtime/vm/vm-state.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** Whether the process ends within `timeoutMs`. */
async function endsWithin(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(identity)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe("virtiofsd", () => {
  it("is running with its socket open when startVirtiofsd returns, and stopVirtiofsd ends it", async (context) => {
    const daemon = await findVirtiofsd();
    if (daemon === undefined || process.getuid?.() !== 0) return context.skip("needs virtiofsd and root");
    const work = temporaryDirectory("gp-virtiofsd-");
    mkdirSync(join(work, "shared"));
    const socket = join(work, "fs0.sock");
    const started = await startVirtiofsd(daemon, { path: join(work, "shared"), tag: "shared" }, socket, join(work, "virtiofsd.log"));
    if (!started.ok) throw new Error(started.reason);
    expect(existsSync(socket)).toBe(true);
    expect(isRunning(started.identity)).toBe(true);
    stopVirtiofsd(started.identity);
    await started.program.ended;
    expect(await endsWithin(started.identity, 5000)).toBe(true);
  });

  it("says why a virtiofsd cannot run, in its own words, and leaves nothing running", async () => {
    const work = temporaryDirectory("gp-virtiofsd-");
    const program = join(work, "virtiofsd");
    writeFileSync(program, "#!/bin/sh\necho 'virtiofsd: sandbox: Operation not permitted' >&2\nexit 1\n");
    chmodSync(program, 0o755);
    const started = await startVirtiofsd({ program, syntax: "source-option" }, { path: work, tag: "w" }, join(work, "fs0.sock"), join(work, "virtiofsd.log"));
    expect(started).toEqual({ ok: false, reason: `${program} exited with status 1: virtiofsd: sandbox: Operation not permitted` });
    const missing = await startVirtiofsd({ program: join(work, "absent"), syntax: "source-option" }, { path: work, tag: "w" }, join(work, "fs1.sock"), join(work, "virtiofsd.log"));
    expect(missing).toEqual({ ok: false, reason: expect.stringContaining("does not exist") });
  });

  it("left behind by a VM whose QEMU is gone is stopped when the stale runtime directory is removed", async () => {
    const root = temporaryDirectory("gp-virtiofsd-root-");
    // Stands for a virtiofsd whose QEMU never connected: a process in a session of its own.
    const orphan = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    orphan.unref();
    const daemon = processIdentity(orphan.pid!)!;
    const gone = spawn("true");
    const goneIdentity = processIdentity(gone.pid!) ?? { pid: gone.pid!, startTicks: 0 };
    await new Promise((done) => gone.once("exit", done));
    const state: VmState = {
      version: 1, name: "shared", image: "/x.squashfs", arch: "x86_64", accel: "tcg", memoryMiB: 512, cpus: 1, uefi: false,
      networks: [], consoleLog: "/dev/null", starter: processIdentity(process.pid)!, startedAt: new Date().toISOString(),
    };
    const paths = claimRuntimeDirectory(root, "shared", state);
    writeVmState(paths.state, { ...state, qemu: goneIdentity, shares: [{ path: "/srv", tag: "srv", via: "virtiofs", virtiofsd: daemon }] });
    expect(removeIfStale(root, "shared")).toEqual({ name: "shared", reason: expect.stringContaining("QEMU") });
    expect(existsSync(vmPaths(root, "shared").directory)).toBe(false);
    expect(await endsWithin(daemon, 5000)).toBe(true);
  });
});
