import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, parseVmReport, type BootImage, type VmReport } from "../../fixtures/boot/index.js";
import { GP_BIN, hasStackTrace, jsonLines, runGp } from "../../helpers/gp.js";
import { suiteDirectory, temporaryDirectory } from "../../helpers/temp.js";
import { makeSigningKeys, signingToolsMissing } from "../../helpers/signing-keys.js";
import { codes, type CodeEntry } from "../../../errors/codes.js";
import { processIdentity } from "../../../runtime/vm/process-identity.js";
import { skipFor } from "../../helpers/skip.js";
import { BOOT_TIMEOUT_MS, testVmName, VM_ROOT, vmTracker, waitFor } from "../../helpers/test-vms.js";
import { unusedPort } from "../../helpers/free-port.js";

/**
 * `gp vm` with real QEMU (software emulation) on the boot fixture's image, whose initramfs in VM
 * mode reports what the guest was given (fw_cfg, disks, data disk's system.ini) on the serial
 * console, serves HTTP on port 80, runs a shell on the console and powers off on the ACPI power
 * button. Each VM gets a name of its own under the real runtime root, so tests in other files
 * and VMs a developer runs are not disturbed.
 */
const support = bootSupport();

let work: string;
let image: BootImage;
const vms = vmTracker();

function report(log: string): VmReport {
  return parseVmReport(existsSync(log) ? readFileSync(log, "utf8") : "");
}

/** Starts a VM with --detach and --json; returns gp's result object. */
async function runDetached(name: string, extra: readonly string[] = []): Promise<Record<string, unknown>> {
  return runDetachedImage(image.path, name, extra);
}

/** {@link runDetached} with another image than the suite's. */
async function runDetachedImage(path: string, name: string, extra: readonly string[] = []): Promise<Record<string, unknown>> {
  vms.track(name);
  const result = await runGp(["vm", "run", path, "--name", name, "--memory", "512", "--detach", "--json", ...extra]);
  expect(result.stderr).toBe("");
  expect(result.exitCode).toBe(0);
  const lines = jsonLines(result.stdout);
  return lines.find((line) => line.type === "result") as Record<string, unknown>;
}

describe("gp vm", skipFor(support.available ? undefined : support.reason), () => {
  beforeAll(async () => {
    work = suiteDirectory("gp-vm-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "vmfixture", marker: "vm" });
  }, 300_000);

  afterAll(async () => {
    // Whatever a failed test left running goes now.
    await vms.stopLeftovers();
  }, 60_000);

  it(
    "runs a detached VM whose serial log shows what the guest got, lists it, serves its console and stops it with the power button",
    async () => {
      const name = testVmName("a");
      const port = await unusedPort();
      const log = join(work, `${name}.log`);
      const ini = join(work, "system.ini");
      writeFileSync(ini, "hostname=from-system-ini\n");
      const began = Date.now();
      const result = await runDetached(name, ["--port-forward", `${port}:80`, "--data-disk", "64M", "--system-ini", ini, "--serial-log", log, "--accel", "auto"]);
      expect(result).toMatchObject({ ok: true, name, accel: "tcg", consoleLog: log, memoryMiB: 512, cpus: 1 });
      expect(existsSync(join(VM_ROOT, name, "kernel"))).toBe(false);

      const ready = await waitFor("GP-VM-READY", () => report(log).ready);
      const markerSeconds = (Date.now() - began) / 1000;
      console.log(`gp vm run --detach to the guest's marker: ${markerSeconds.toFixed(1)} s`);
      const seen = report(log);
      expect(ready).toEqual({ name, image: "vmfixture", hostname: "from-system-ini", marker: "vm" });
      expect(seen.fwcfg).toMatchObject({ name, systemIni: "from-system-ini" });
      expect(seen.disks.map((disk) => [disk.name, disk.serial, disk.readOnly])).toEqual([
        ["vda", "system", true],
        ["vdb", "data", false],
      ]);
      expect(seen.cmdline).toContain(`systemd.hostname=${name}`);

      const http = await fetchWithRetry(`http://127.0.0.1:${port}/`);
      expect(http).toContain(`GP-VM-HTTP name=${name}`);

      const list = await runGp(["vm", "list", "--json"]);
      expect(list.exitCode).toBe(0);
      const listed = jsonLines(list.stdout).find((line) => line.name === name);
      expect(listed).toMatchObject({ type: "vm", status: "running", pid: result.pid, accel: "tcg", memoryMiB: 512, image: image.path });
      const table = await runGp(["vm", "list"]);
      expect(table.stdout).toMatch(new RegExp(`^${name}\\s+running\\s+${result.pid}\\s+tcg\\s+512M\\s+1\\s+\\S+\\s+${port}->80\\s`, "m"));

      const console_ = await runGp(["vm", "console", name, "--until", "GP-2", "--timeout", "60"], { input: "echo GP-$((1+1))\n" });
      expect(console_.exitCode).toBe(0);
      expect(console_.stdout).toContain("GP-2");
      const replayed = await runGp(["vm", "console", name, "--replay", "--until", "GP-VM-READY", "--timeout", "10"], { input: "" });
      expect(replayed.exitCode).toBe(0);
      expect(replayed.stdout).toContain("GP-VM-CMDLINE");
      const missing = await runGp(["vm", "console", name, "--until", "NEVER-PRINTED", "--timeout", "1"], { input: "" });
      expect(missing.exitCode).toBe(1);
      expect(missing.stderr).toContain(`gp vm console: error ${codes.consoleWaitFailed.code}: "NEVER-PRINTED" did not appear within 1 s`);

      // On a terminal the console is raw (the guest's shell echoes what is typed) and Ctrl-] leaves it.
      const onTerminal = await inTerminal(["vm", "console", name], [["leaves it", "echo GP-$((3+4))\r"], ["GP-7", "\x1d"]]);
      expect(onTerminal.exitCode).toBe(0);
      expect(onTerminal.output).toContain("GP-7");
      expect(onTerminal.output).toContain(`left ${name}'s console; it keeps running`);

      const stopBegan = Date.now();
      const stop = await runGp(["vm", "stop", name, "--timeout", "60", "--json"]);
      const stopSeconds = (Date.now() - stopBegan) / 1000;
      console.log(`gp vm stop (power button) until QEMU was gone: ${stopSeconds.toFixed(1)} s`);
      expect(stop.exitCode).toBe(0);
      expect(jsonLines(stop.stdout).find((line) => line.type === "result")).toMatchObject({ ok: true, name, stoppedBy: "powerdown" });
      expect(stopSeconds).toBeLessThan(60);
      expect(report(log).poweredDown).toBe(true);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
      expect((await runGp(["vm", "list", "--json"])).stdout).not.toContain(`"name":"${name}"`);
      // The data disk made for the run is gone with it.
      const data = (result.data as { path: string }).path;
      expect(existsSync(data)).toBe(false);
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it(
    "runs two VMs at once under different names, each with its own identity, one under UEFI, and stops both",
    async () => {
      const [first, second] = [testVmName("b"), testVmName("c")];
      const [one, two] = await Promise.all([runDetached(first, ["--net", "none"]), runDetached(second, ["--net", "none", "--uefi"])]);
      expect(one.pid).not.toBe(two.pid);
      const listed = jsonLines((await runGp(["vm", "list", "--json"])).stdout);
      expect(listed.find((line) => line.name === first)).toMatchObject({ status: "running", uefi: false });
      expect(listed.find((line) => line.name === second)).toMatchObject({ status: "running", uefi: true });
      const readyFirst = await waitFor("the first guest", () => report(one.consoleLog as string).ready);
      const readySecond = await waitFor("the second guest", () => report(two.consoleLog as string).ready);
      expect([readyFirst.name, readySecond.name]).toEqual([first, second]);
      const stop = await runGp(["vm", "stop", first, second, "--timeout", "60"]);
      expect(stop.exitCode).toBe(0);
      expect(stop.stdout).toMatch(new RegExp(`${first} stopped \\(the guest powered off\\)`));
      expect(stop.stdout).toMatch(new RegExp(`${second} stopped \\(the guest powered off\\)`));
      expect(existsSync(join(VM_ROOT, first)) || existsSync(join(VM_ROOT, second))).toBe(false);
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it("detects the runtime files of a QEMU killed with SIGKILL, cleans them up and lets the name be used again", async () => {
    const name = testVmName("d");
    const result = await runDetached(name, ["--net", "none"]);
    process.kill(result.pid as number, "SIGKILL");
    await waitFor("QEMU to die", () => (processIdentity(result.pid as number) === undefined ? true : undefined), 10_000);
    expect(existsSync(join(VM_ROOT, name))).toBe(true);
    const list = await runGp(["vm", "list"]);
    expect(list.stderr).toContain(`removed the runtime files of ${name}: its QEMU (pid ${result.pid}) is gone`);
    expect(list.stdout).not.toContain(name);
    expect(existsSync(join(VM_ROOT, name))).toBe(false);
    const again = await runDetached(name, ["--net", "none"]);
    const stop = await runGp(["vm", "stop", name, "--force", "--json"]);
    expect(jsonLines(stop.stdout).find((line) => line.type === "result")).toMatchObject({ stoppedBy: "quit" });
    expect(processIdentity(again.pid as number)).toBeUndefined();
  }, 60_000);

  it("escalates to SIGTERM and SIGKILL when QMP does not answer, within the step timeouts", async () => {
    const name = testVmName("e");
    const result = await runDetached(name, ["--net", "none"]);
    const pid = result.pid as number;
    process.kill(pid, "SIGSTOP");
    const began = Date.now();
    const stop = await runGp(["vm", "stop", name, "--timeout", "2", "--json"]);
    const seconds = (Date.now() - began) / 1000;
    expect(stop.exitCode).toBe(0);
    const lines = jsonLines(stop.stdout);
    expect(lines.find((line) => line.type === "result")).toMatchObject({ stoppedBy: "kill" });
    expect(lines.map((line) => line.message).join("\n")).toMatch(/QMP does not answer[\s\S]*sent QEMU SIGTERM[\s\S]*killed QEMU \(SIGKILL\)/);
    // 5 s for QMP's greeting, 10 s after SIGTERM, then SIGKILL.
    expect(seconds).toBeLessThan(25);
    expect(processIdentity(pid)).toBeUndefined();
    expect(existsSync(join(VM_ROOT, name))).toBe(false);
  }, 60_000);

  it(
    "in the foreground without a terminal, copies the console to stdout and ends with the guest",
    async () => {
      const name = testVmName("f");
      vms.track(name);
      const child = spawn(process.execPath, [GP_BIN, "vm", "run", image.path, "--name", name, "--memory", "512", "--net", "none"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const exited = new Promise<number | null>((done) => child.on("exit", done));
      await waitFor("GP-VM-READY on gp's stdout", () => parseVmReport(stdout).ready);
      expect(existsSync(join(VM_ROOT, name))).toBe(true);
      child.stdin.write("echo GP-$((20+2)); poweroff -f\n");
      expect(await withTimeout(exited, 60_000)).toBe(0);
      expect(stdout).toContain("GP-22");
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    },
    BOOT_TIMEOUT_MS * 2,
  );

  it(
    "in the foreground on a terminal, leaves the VM running when Ctrl-] detaches",
    async () => {
      const name = testVmName("k");
      vms.track(name);
      const run = await inTerminal(["vm", "run", image.path, "--name", name, "--memory", "512", "--net", "none"], [["Ctrl-] detaches", "\x1d"]]);
      expect(run.exitCode).toBe(0);
      expect(run.output).toContain(`detached; ${name} keeps running`);
      const listed = jsonLines((await runGp(["vm", "list", "--json"])).stdout).find((line) => line.name === name);
      expect(listed).toMatchObject({ status: "running" });
      const stop = await runGp(["vm", "stop", name, "--force"]);
      expect(stop.exitCode).toBe(0);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    },
    60_000,
  );

  it(
    "as a service, restarts a VM whose QEMU was killed, and stops it for good on SIGTERM",
    async () => {
      const name = testVmName("g");
      vms.track(name);
      const ini = join(work, `${name}.ini`);
      writeFileSync(ini, [`image = ${image.path}`, `name = ${name}`, "memory = 512", "net = none", "[service]", "restart = on-failure", "restart-delay = 0", "stop-timeout = 2"].join("\n"));
      const service = spawn(process.execPath, [GP_BIN, "vm", "service", ini], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      service.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      service.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((done) => service.on("exit", done));
      const firstPid = await waitFor("the first run", () => /is running \(QEMU pid (\d+)/.exec(output)?.[1]);
      process.kill(Number(firstPid), "SIGKILL");
      const secondPid = await waitFor("the restart", () => [...output.matchAll(/is running \(QEMU pid (\d+)/g)][1]?.[1], 30_000);
      expect(output).toMatch(/QEMU was killed by SIGKILL/);
      expect(output).toMatch(/restarting .* in 0 s/);
      expect(secondPid).not.toBe(firstPid);
      const listed = jsonLines((await runGp(["vm", "list", "--json"])).stdout).find((line) => line.name === name);
      expect(listed).toMatchObject({ pid: Number(secondPid) });
      service.kill("SIGTERM");
      expect(await withTimeout(exited, 30_000)).toBe(0);
      expect(output).toMatch(new RegExp(`${name} stopped \\((powerdown|quit)\\)`));
      expect(processIdentity(Number(secondPid))).toBeUndefined();
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    },
    BOOT_TIMEOUT_MS,
  );

  it("as a service, ends without a restart when the VM is stopped with gp vm stop", async () => {
    const name = testVmName("l");
    vms.track(name);
    const ini = join(work, `${name}.ini`);
    writeFileSync(ini, [`image = ${image.path}`, `name = ${name}`, "memory = 512", "net = none", "[service]", "restart = always", "restart-delay = 0"].join("\n"));
    const service = spawn(process.execPath, [GP_BIN, "vm", "service", ini], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    service.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    service.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => service.on("exit", done));
    await waitFor("the service's VM", () => /is running \(QEMU pid (\d+)/.exec(output)?.[1]);
    const stop = await runGp(["vm", "stop", name, "--force"]);
    expect(stop.exitCode).toBe(0);
    expect(await withTimeout(exited, 30_000)).toBe(0);
    expect(output).toContain(`${name} was stopped with gp vm stop; the service ends`);
    expect(output).not.toMatch(/restarting/);
    expect(existsSync(join(VM_ROOT, name))).toBe(false);
  }, 60_000);

  it("refuses bad input clearly with the code of its kind, with no runtime files left behind", async () => {
    const name = testVmName("h");
    const misspelled = join(work, "misspelled.ini");
    writeFileSync(misspelled, "hostnme=typo\n");
    const cases: [string[], CodeEntry, RegExp][] = [
      [["vm", "run", image.path, "--name", name, "--data-disk", "64M", "--system-ini", misspelled], codes.iniRefused, /misspelled\.ini has an error against the settings of .*gp vm run wrote nothing[\s\S]*misspelled\.ini:1:1 - error GP8107[\s\S]*Did you mean `hostname`\?/],
      [["vm", "run", join(work, "missing.squashfs"), "--name", name], codes.vmFileUnusable, /the image .*missing\.squashfs cannot be read/],
      [["vm", "run", GP_BIN, "--name", name], codes.notASystemImage, /is not a system image/],
      [["vm", "run", image.path, "--name", name, "--port-forward", "80"], codes.vmOptionInvalid, /--port-forward: "80" is not a port forward/],
      [["vm", "run", image.path, "--name", name, "--net", "bridge:gpnobridge0"], codes.vmOptionInvalid, /the host has no bridge named gpnobridge0/],
      [["vm", "run", image.path, "--name", "bad_name"], codes.invalidVmName, /"bad_name" cannot be a VM name/],
      [["vm", "run", image.path, "--name", name, "--port-forward", "1:22", "--net", "none"], codes.vmOptionInvalid, /--port-forward needs user networking/],
      [["vm", "run", image.path, "--name", name, "--memory", "64M"], codes.vmOptionInvalid, /--memory 64: a VM needs at least 128 MiB/],
      [["vm", "run", image.path, "--name", name, "--serial-log", join(work, "absent", "serial.log")], codes.vmFileUnusable, /--serial-log .*: the directory .*absent does not exist/],
      [["vm", "stop", name], codes.noSuchVm, new RegExp(`no VM named ${name} is running`)],
      [["vm", "console", name], codes.noSuchVm, new RegExp(`no VM named ${name} is running`)],
      [["vm", "ssh", name], codes.noSuchVm, new RegExp(`no VM named ${name} is running`)],
      [["vm", "stop", "--all", name], codes.vmOptionInvalid, /give VM names or --all, not both/],
      [["vm", "run", image.path, "--name", name, "--accel", "fast"], codes.vmOptionInvalid, /--accel fast: give auto, kvm or tcg/],
      [["vm", "run", image.path, "--name", name, "--data-disk", "1M"], codes.vmOptionInvalid, /--data-disk: 1M is too small/],
      ...(existsSync("/dev/vhost-vsock") ? [] : [[["vm", "run", image.path, "--name", name, "--vsock", "on"], codes.vsockUnavailable, /--vsock on: \/dev\/vhost-vsock is missing/] as [string[], CodeEntry, RegExp]]),
    ];
    for (const [args, code, message] of cases) {
      const result = await runGp(args);
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr, args.join(" ")).toContain(`error ${code.code}: `);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
    expect(existsSync(join(VM_ROOT, name))).toBe(false);
  }, 60_000);

  it("with --signed-by, refuses an image not signed by the key before QEMU starts, and starts one that is", { ...skipFor(signingToolsMissing()), timeout: 120_000 }, async () => {
    const keys = makeSigningKeys(temporaryDirectory("gp-keys-"));
    const signed = join(temporaryDirectory("gp-signed-vm-"), "system.squashfs");
    copyFileSync(image.path, signed);
    expect((await runGp(["sign", signed, "--ssh-key", keys.ssh.release])).exitCode).toBe(0);
    const name = testVmName("s");
    const cases: [string[], CodeEntry, RegExp][] = [
      [["--signed-by", `${keys.ssh.other}.pub`], codes.signedByOtherKey, /which .*other_ed25519\.pub does not hold/],
      [["--signed-by", keys.openpgp.release], codes.signatureKindMismatch, /is an SSH signature, but .*release\.asc holds OpenPGP keys/],
      [["--signed-by", `${keys.ssh.release}.pub`, "--signature", join(work, "absent.sig")], codes.signatureMissing, /absent\.sig does not exist/],
    ];
    for (const [args, code, message] of cases) {
      const result = await runGp(["vm", "run", signed, "--name", name, "--detach", ...args]);
      expect(result.exitCode, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr, args.join(" ")).toContain(`error ${code.code}: `);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
      // No QEMU was started for it: its name is on the command line of every QEMU gp starts.
      expect(spawnSync("pgrep", ["-f", name]).status, `a process names ${name}`).toBe(1);
    }
    const result = await runDetachedImage(signed, name, ["--signed-by", `${keys.ssh.release}.pub`]);
    expect(result).toMatchObject({ ok: true, name });
    const stop = await runGp(["vm", "stop", name, "--force"]);
    expect(stop.exitCode, stop.stderr).toBe(0);
  });

  it("shows QEMU's own words when QEMU cannot start, and leaves nothing behind", async () => {
    const name = testVmName("i");
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, "127.0.0.1", () => done()));
    const port = (busy.address() as { port: number }).port;
    try {
      const result = await runGp(["vm", "run", image.path, "--name", name, "--detach", "--port-forward", `127.0.0.1:${port}:80`]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/QEMU exited with status 1 before the VM started:\n.*(host forwarding|hostfwd)/i);
      expect(result.stderr).toContain(`error ${codes.qemuDidNotStart.code}: `);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    } finally {
      busy.close();
    }
  }, 60_000);

  it("says how to reach a VM with ssh when it has neither vsock nor a forwarded port 22", async () => {
    const name = testVmName("j");
    await runDetached(name, ["--net", "none", "--vsock", existsSync("/dev/vhost-vsock") ? "off" : "auto"]);
    const ssh = await runGp(["vm", "ssh", name]);
    expect(ssh.exitCode).toBe(1);
    expect(ssh.stderr).toMatch(/cannot reach .* with ssh: it was started without vsock .* --port-forward 2222:22/);
    expect(ssh.stderr).toContain(`error ${codes.sshUnreachable.code}: `);
    await runGp(["vm", "stop", name, "--force"]);
  }, 60_000);
});

async function fetchWithRetry(url: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      return await response.text();
    } catch (problem) {
      if (Date.now() > deadline) throw problem;
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}

/**
 * Runs gp on a pseudo-terminal (util-linux's script) and types each reply once the output so
 * far holds its cue, in order.
 */
function inTerminal(args: readonly string[], script: readonly (readonly [cue: string, reply: string])[]): Promise<{ exitCode: number | null; output: string }> {
  const command = [process.execPath, GP_BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qefc", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let output = "";
  let step = 0;
  const advance = () => {
    while (step < script.length && output.includes(script[step]![0])) {
      child.stdin.write(script[step]![1]);
      step += 1;
    }
  };
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    advance();
  });
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return withTimeout(new Promise<{ exitCode: number | null; output: string }>((done) => child.on("exit", (exitCode) => done({ exitCode, output }))), 60_000).finally(() => child.kill("SIGKILL"));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, failed) => setTimeout(() => failed(new Error(`not within ${ms} ms`)), ms))]);
}
