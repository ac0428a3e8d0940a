import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, parseVmReport, type BootImage } from "../../fixtures/boot/index.js";
import { jsonLines, runGp, type GpRun } from "../../helpers/gp.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { skipFor } from "../../helpers/skip.js";
import { unusedPort } from "../../helpers/free-port.js";
import { BOOT_TIMEOUT_MS, testVmName, VM_ROOT, vmTracker, waitFor } from "../../helpers/test-vms.js";
import { codes } from "../../../errors/codes.js";

/**
 * `gp vm run --detach` as scripts use it, with real QEMU (software emulation) on the boot
 * fixture: --wait-ssh (the fixture runs no sshd, so its console starts busybox nc answering with
 * an SSH identification line on port 22 once the test has seen the wait still waiting),
 * --application-ini read back by the guest from fw_cfg, and gp vm show and gp vm cid on the
 * running VM. Each VM has a name of its own under the real runtime root.
 */
const support = bootSupport();

let work: string;
let image: BootImage;
const vms = vmTracker();

/** `gp vm run IMAGE --name NAME --detach --json …` started, not awaited: the run's end and whether it has ended yet. */
function startDetached(name: string, extra: readonly string[]): { ended: Promise<GpRun>; readonly hasEnded: () => boolean } {
  vms.track(name);
  let ended = false;
  const run = runGp(["vm", "run", image.path, "--name", name, "--memory", "512", "--accel", "tcg", "--detach", "--json", ...extra]).finally(() => (ended = true));
  return { ended: run, hasEnded: () => ended };
}

describe("gp vm run --detach", skipFor(support.available ? undefined : support.reason), () => {
  beforeAll(async () => {
    work = suiteDirectory("gp-vm-detached-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "vmfixture" });
  }, 300_000);

  afterAll(async () => {
    await vms.stopLeftovers();
  }, 60_000);

  it(
    "with --wait-ssh returns only once the guest answers SSH on the forwarded port; the guest reads --application-ini from fw_cfg; gp vm show describes the VM",
    async () => {
      const name = testVmName("ssh");
      const port = await unusedPort();
      const applicationIni = join(work, "application.ini");
      // Commas and a second line: QEMU's option syntax and the guest's reading must pass both unchanged.
      writeFileSync(applicationIni, "[app]\nmarker=GP-APPLICATION-INI,with,commas\n");
      const run = startDetached(name, ["--port-forward", `127.0.0.1:${port}:22`, "--vsock", "off", "--application-ini", applicationIni, "--wait-ssh=150"]);

      const consoleLog = join(VM_ROOT, name, "console.log");
      const ready = await waitFor("the guest to be ready", () => parseVmReport(existsSync(consoleLog) ? readFileSync(consoleLog, "utf8") : "").ready);
      expect(ready.name).toBe(name);
      // The forward accepted connections all along; with nothing listening in the guest gp must still wait.
      expect(run.hasEnded()).toBe(false);

      const typed = await runGp(["vm", "console", name, "--until", "GP-SSH-LISTENING", "--timeout", "60"], { input: "cat /sys/firmware/qemu_fw_cfg/by_name/opt/application.ini/raw\nnc -ll -p 22 -e echo SSH-2.0-gp-fixture &\necho GP-SSH-$((1+1))-LISTENING | sed s/-2-/-/\n" });
      expect(typed.exitCode).toBe(0);
      expect(typed.stdout.replaceAll("\r", "")).toContain("[app]\nmarker=GP-APPLICATION-INI,with,commas\n");

      const result = await run.ended;
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const lines = jsonLines(result.stdout);
      expect(lines.some((line) => line.type === "progress" && String(line.message).includes(`for the sshd of ${name} on 127.0.0.1:${port}`))).toBe(true);
      const summary = lines.find((line) => line.type === "result")!;
      expect(summary).toMatchObject({ ok: true, name, sshAnsweredSeconds: expect.any(Number) });

      const shown = await runGp(["vm", "show", name, "--json"]);
      expect(shown.exitCode).toBe(0);
      const [vm, ...others] = jsonLines(shown.stdout);
      expect(others).toEqual([]);
      expect(vm).toMatchObject({
        type: "vm",
        name,
        status: "running",
        pid: summary.pid,
        memoryMiB: 512,
        cpus: 1,
        accel: "tcg",
        image: image.path,
        qmp: join(VM_ROOT, name, "qmp.sock"),
        console: join(VM_ROOT, name, "console.sock"),
        consoleLog,
        ssh: { forwarded: { address: "127.0.0.1", port } },
      });
      expect(vm!.uptimeSeconds).toBeGreaterThanOrEqual(1);
      expect(existsSync(vm!.qmp as string) && existsSync(vm!.console as string)).toBe(true);
      expect(readFileSync(`/proc/${summary.pid}/cmdline`, "utf8")).toContain("opt/application.ini");

      const all = jsonLines((await runGp(["vm", "show", "--json"])).stdout);
      expect(all.map((line) => line.name)).toContain(name);
      const text = await runGp(["vm", "show", name]);
      expect(text.stdout).toContain(`running, QEMU pid ${summary.pid}`);
      expect(text.stdout).toContain(`ssh:      127.0.0.1:${port}`);

      // Started with --vsock off, it has no CID to give.
      const cid = await runGp(["vm", "cid", name]);
      expect(cid.exitCode).toBe(1);
      expect(cid.stderr).toContain(`gp vm cid: error ${codes.vsockUnavailable.code}: ${name} runs without vsock`);

      expect((await runGp(["vm", "stop", name, "--timeout", "60"])).exitCode).toBe(0);
      const gone = await runGp(["vm", "show", name]);
      expect(gone.exitCode).toBe(1);
      expect(gone.stderr).toContain(`gp vm show: error ${codes.noSuchVm.code}: no VM named ${name} is running`);
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it("with --wait-ssh gives up after the time given when no sshd answers, saying so, and leaves the VM running", async () => {
    const name = testVmName("nossh");
    const port = await unusedPort();
    const began = Date.now();
    const result = await startDetached(name, ["--port-forward", `127.0.0.1:${port}:22`, "--vsock", "off", "--wait-ssh=3"]).ended;
    expect(result.exitCode).toBe(1);
    expect(jsonLines(result.stdout).find((line) => line.type === "result")).toMatchObject({
      ok: false,
      code: codes.sshWaitTimedOut.code,
      failure: expect.stringContaining(`${name}'s sshd did not answer on 127.0.0.1:${port} within 3 s; the VM keeps running`),
    });
    expect(Date.now() - began).toBeLessThan(60_000);
    const shown = jsonLines((await runGp(["vm", "show", name, "--json"])).stdout);
    expect(shown).toMatchObject([{ name, status: "running" }]);
    expect((await runGp(["vm", "stop", "--force", name])).exitCode).toBe(0);
  }, 90_000);

  it("refuses --wait-ssh with no way to the guest's sshd and an --application-ini it cannot pass, before anything starts", async () => {
    const fifo = join(work, "application.fifo");
    spawn("mkfifo", [fifo]);
    await waitFor("the FIFO", () => (existsSync(fifo) ? true : undefined), 5000);
    const huge = join(work, "huge.ini");
    writeFileSync(huge, "");
    truncateSync(huge, 4 * 1024 ** 2 + 1);
    const cases: [readonly string[], string, string][] = [
      [["--detach", "--vsock", "off", "--wait-ssh"], codes.sshUnreachable.code, "--wait-ssh has no way to reach the guest's sshd: the VM gets no vsock"],
      [["--wait-ssh"], codes.vmOptionInvalid.code, "--wait-ssh goes with --detach"],
      [["--detach", "--wait-ssh=0"], codes.vmOptionInvalid.code, "--wait-ssh=0: give whole seconds"],
      [["--application-ini", fifo], codes.vmFileUnusable.code, `--application-ini ${fifo} is a FIFO, not a file`],
      [["--application-ini", huge], codes.vmFileUnusable.code, `--application-ini ${huge} is ${4 * 1024 ** 2 + 1} bytes; fw_cfg passes at most`],
      [["--application-ini", join(work, "missing.ini")], codes.vmFileUnusable.code, "missing.ini does not exist"],
    ];
    for (const [index, [extra, code, message]] of cases.entries()) {
      const name = testVmName(`bad${index}`);
      vms.track(name);
      const result = await runGp(["vm", "run", image.path, "--name", name, "--memory", "512", "--accel", "tcg", "--net", "user", ...extra]);
      expect(result.exitCode, extra.join(" ")).toBe(1);
      expect(result.stderr).toContain(`error ${code}: `);
      expect(result.stderr).toContain(message);
      expect(existsSync(join(VM_ROOT, name)), extra.join(" ")).toBe(false);
    }
  }, 120_000);
});

describe("gp vm cid", () => {
  it("prints the CID derived from the user and the name, the same on every call, as genpack's vm tool derives it", async () => {
    const name = testVmName("cid");
    const uid = process.getuid?.() ?? 0;
    const digest = createHash("sha256").update(`${uid}:${name}`).digest();
    const expected = (digest.readUInt32BE(0) % 4294967293) + 3;
    const [first, second] = [await runGp(["vm", "cid", name]), await runGp(["vm", "cid", name, "--json"])];
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(`${expected}\n`);
    expect(jsonLines(second.stdout)).toEqual([{ type: "result", ok: true, name, cid: expected, running: false }]);
    const invalid = await runGp(["vm", "cid", "../etc"]);
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toContain(`error ${codes.invalidVmName.code}`);
  });
});
