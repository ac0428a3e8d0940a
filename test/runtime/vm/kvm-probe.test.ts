import { spawn } from "node:child_process";
import { accessSync, chmodSync, constants, existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultKvmCacheFile, multibootProbeKernel, probeExitStatus, probeKvm, summarizeQemuErrors } from "../../../runtime/vm/kvm-probe.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { QEMU, qemuSupport, requireQemu as requireQemuOf } from "./qemu-support.js";
import { skipFor } from "../../helpers/skip.js";

const qemu = qemuSupport();

/** Whether probeKvm gets as far as running QEMU here: an x86_64 host with a usable /dev/kvm. CI machines often have none. */
function kvmDeviceProblem(): string | undefined {
  if (process.arch !== "x64") return `the probe runs on x86_64 hosts only, and this one is ${process.arch}`;
  try {
    accessSync("/dev/kvm", constants.R_OK | constants.W_OK);
    return undefined;
  } catch {
    return "/dev/kvm is missing or not readable and writable";
  }
}
const deviceProblem = kvmDeviceProblem();
const kvmProblem = deviceProblem ?? (qemu.available ? undefined : qemu.reason);

function requireQemu(): void {
  requireQemuOf(qemu);
}

/** QEMU's exit status after booting `kernel` under TCG, or what stopped it. */
function bootUnderTcg(kernel: string, timeoutMs = 30_000): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      QEMU,
      ["-accel", "tcg", "-machine", "q35", "-cpu", "max", "-m", "64", "-nodefaults", "-display", "none", "-no-user-config", "-no-reboot", "-kernel", kernel, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

describe("the multiboot probe kernel", () => {
  const image = multibootProbeKernel(0x2a);
  const field = (index: number) => image.readUInt32LE(index * 4);
  const [magic, flags, checksum, headerAddr, loadAddr, loadEndAddr, bssEndAddr, entryAddr] = [0, 1, 2, 3, 4, 5, 6, 7].map(field) as [number, number, number, number, number, number, number, number];

  it("starts with a multiboot header whose checksum makes magic + flags + checksum 0 mod 2^32", () => {
    expect(magic).toBe(0x1badb002);
    expect((magic + flags + checksum) % 2 ** 32).toBe(0);
  });

  it("asks for the a.out kludge and gives addresses that agree with the file", () => {
    expect(flags & (1 << 16)).not.toBe(0);
    // No other requirement (page alignment, memory map, video mode) is asked of the loader.
    expect(flags & 0xffff).toBe(0);
    expect(loadAddr).toBe(0x100000);
    // The header is at file offset header_addr - load_addr, which is where it is: offset 0.
    expect(headerAddr - loadAddr).toBe(0);
    expect(loadEndAddr - loadAddr).toBe(image.length);
    expect(bssEndAddr).toBeGreaterThanOrEqual(loadEndAddr);
    expect(entryAddr).toBeGreaterThanOrEqual(loadAddr + 32);
    expect(entryAddr).toBeLessThan(loadEndAddr);
  });

  it("is a pure function of the exit value, which it carries as data", () => {
    expect(multibootProbeKernel(0x2a).equals(image)).toBe(true);
    const other = multibootProbeKernel(0x11);
    const differing = [...image.keys()].filter((offset) => image[offset] !== other[offset]);
    expect(differing).toHaveLength(1);
    expect(image[differing[0] ?? 0]).toBe(0x2a);
  });

  it("refuses an exit value that does not fit an exit status", () => {
    for (const value of [-1, 128, 1.5, Number.NaN]) expect(() => multibootProbeKernel(value)).toThrow(RangeError);
  });

  it("maps an exit value to QEMU's exit status as isa-debug-exit does", () => {
    expect(probeExitStatus(0x2a)).toBe(85);
    expect(probeExitStatus(0)).toBe(1);
  });
});

describe("the probe kernel under TCG", skipFor(qemu.skip ? qemu.reason : undefined), () => {
  it.each([0x2a, 0x11])("passes %i through the FPU and SSE to QEMU's exit status", async (value) => {
    requireQemu();
    const kernel = join(temporaryDirectory("gp-kvm-"), "probe.bin");
    writeFileSync(kernel, multibootProbeKernel(value));
    const { status, stderr } = await bootUnderTcg(kernel);
    expect(stderr).toBe("");
    expect(status).toBe((value << 1) | 1);
  });
});

describe("probeKvm", () => {
  it("returns a verdict with a reason on this host within the time limit and 2 s", async () => {
    const began = performance.now();
    const verdict = await probeKvm({ cacheFile: null, timeoutMs: 5000 });
    const seconds = (performance.now() - began) / 1000;
    expect(seconds).toBeLessThan(7);
    expect(verdict.reason).not.toBe("");
    expect(typeof verdict.usable).toBe("boolean");
    expect(verdict.seconds).toBeLessThanOrEqual(seconds);
  }, 20_000);

  it("answers, rather than throws, when QEMU is not there", async () => {
    const verdict = await probeKvm({ qemu: "/nonexistent/qemu-system-x86_64", cacheFile: null });
    expect(verdict.usable).toBe(false);
    expect(verdict.reason).not.toBe("");
  });

  it("caches its verdict, reuses it, and probes again when the key changes", { ...skipFor(kvmProblem), timeout: 30_000 }, async () => {
    const directory = temporaryDirectory("gp-kvm-");
    const runs = join(directory, "runs");
    // A QEMU that counts its runs, so a probe that really ran can be told from a cached one.
    const countingQemu = join(directory, "qemu");
    writeFileSync(countingQemu, `#!/bin/sh\necho run >> '${runs}'\nexec ${QEMU} "$@"\n`);
    chmodSync(countingQemu, 0o755);
    const runCount = () => (existsSync(runs) ? readFileSync(runs, "utf8").split("\n").filter((line) => line !== "").length : 0);
    const cacheFile = join(directory, "cache", "kvm-probe.json");
    const options = { qemu: countingQemu, cacheFile, timeoutMs: 3000 };

    const first = await probeKvm(options);
    expect(runCount()).toBe(1);
    const cached = JSON.parse(readFileSync(cacheFile, "utf8")) as { key: { bootId: string; qemu: { path: string } }; verdict: unknown };
    expect(cached.verdict).toEqual(first);
    expect(cached.key.qemu.path).toBe(countingQemu);
    expect(cached.key.bootId).toBe(readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim());

    const began = performance.now();
    const second = await probeKvm(options);
    expect(performance.now() - began).toBeLessThan(500);
    expect(second).toEqual(first);
    expect(runCount()).toBe(1);

    // Another QEMU binary (here: the same one, touched) is probed anew.
    utimesSync(countingQemu, new Date(), new Date(Date.now() - 3_600_000));
    await probeKvm(options);
    expect(runCount()).toBe(2);
    await probeKvm(options);
    expect(runCount()).toBe(2);

    // So is a verdict from another boot.
    writeFileSync(cacheFile, JSON.stringify({ ...cached, key: { ...cached.key, bootId: "another boot" } }));
    await probeKvm(options);
    expect(runCount()).toBe(3);
  });

  it("does not use the cache when told not to", { ...skipFor(kvmProblem), timeout: 30_000 }, async () => {
    const directory = temporaryDirectory("gp-kvm-");
    const runs = join(directory, "runs");
    const countingQemu = join(directory, "qemu");
    writeFileSync(countingQemu, `#!/bin/sh\necho run >> '${runs}'\nexec ${QEMU} "$@"\n`);
    chmodSync(countingQemu, 0o755);
    await probeKvm({ qemu: countingQemu, cacheFile: null, timeoutMs: 3000 });
    await probeKvm({ qemu: countingQemu, cacheFile: null, timeoutMs: 3000 });
    expect(readFileSync(runs, "utf8")).toBe("run\nrun\n");
  });
});

/**
 * The real QEMU behind a script that changes its command line, so that the probe meets, on any
 * host, what it meets on some: a guest that finishes (the probe's own guest, run under TCG), a
 * guest that never runs (`-S` keeps the machine paused), a QEMU that refuses its arguments. The
 * script records QEMU's pid (it execs QEMU) and the arguments the probe gave.
 */
function wrappedQemu(sed: string, extra: string): { readonly path: string; readonly pid: () => number; readonly args: () => string } {
  const directory = temporaryDirectory("gp-kvm-");
  const path = join(directory, "qemu");
  writeFileSync(
    path,
    `#!/bin/sh\necho "$@" > '${directory}/args'\necho $$ > '${directory}/pid'\n` +
      `set -- $(printf '%s\\n' "$@" | sed ${sed})\nexec ${QEMU} "$@" ${extra}\n`,
  );
  chmodSync(path, 0o755);
  return { path, pid: () => Number(readFileSync(join(directory, "pid"), "utf8")), args: () => readFileSync(join(directory, "args"), "utf8").trim() };
}

/** Runs the probe's guest under TCG instead of KVM. */
const UNDER_TCG = "-e 's/^kvm$/tcg/' -e 's/^host$/max/'";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("probeKvm's verdicts on what QEMU does", skipFor(deviceProblem ?? (qemu.skip ? qemu.reason : undefined)), () => {
  it("calls KVM usable when the guest exits with the expected status, after booting it as asked", async () => {
    requireQemu();
    const wrapped = wrappedQemu(UNDER_TCG, "");
    const verdict = await probeKvm({ qemu: wrapped.path, cacheFile: null });
    expect(verdict).toMatchObject({ usable: true, reason: expect.stringMatching(/^KVM ran a test guest in [\d.]+ s$/) });
    expect(wrapped.args()).toMatch(/^-accel kvm -machine q35 -cpu host -m 64 -nodefaults -display none -no-user-config .*-kernel \S+ -device isa-debug-exit,iobase=0xf4,iosize=0x04$/);
  });

  it("kills a QEMU whose guest does not finish in time, and says so", async () => {
    requireQemu();
    const wrapped = wrappedQemu(UNDER_TCG, "-S");
    const began = performance.now();
    const verdict = await probeKvm({ qemu: wrapped.path, cacheFile: null, timeoutMs: 1000 });
    expect(performance.now() - began).toBeLessThan(3000);
    expect(verdict.usable).toBe(false);
    expect(verdict.reason).toMatch(/^a test guest did not finish within 1 s under KVM/);
    expect(isAlive(wrapped.pid())).toBe(false);
  });

  it("reports another exit status with what QEMU said", async () => {
    requireQemu();
    const verdict = await probeKvm({ qemu: wrappedQemu(UNDER_TCG, "-gp-no-such-option").path, cacheFile: null });
    expect(verdict).toMatchObject({ usable: false, reason: expect.stringMatching(/^QEMU exited with status 1 instead of 85 running a test guest under KVM; QEMU said: .*-gp-no-such-option: invalid option/) });
  });

  it("stops the guest and rejects with the reason when cancelled", async () => {
    requireQemu();
    const wrapped = wrappedQemu(UNDER_TCG, "-S");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("cancelled by the test")), 500);
    await expect(probeKvm({ qemu: wrapped.path, cacheFile: null, signal: controller.signal })).rejects.toThrow("cancelled by the test");
    expect(isAlive(wrapped.pid())).toBe(false);
  });
});

describe("what the probe reports of QEMU's standard error", () => {
  it("keeps the error lines of a KVM internal error and drops the register dump", () => {
    const dump = [
      "KVM internal error. Suberror: 1",
      "extra data[0]: 0x0000000000000001",
      "emulation failure",
      "EAX=00000600 EBX=00009500 ECX=00100020 EDX=00000511",
      "Code=ff 83 c8 02 0f 22 c0 <db> 05 80 00 10 00",
    ].join("\n");
    expect(summarizeQemuErrors(dump)).toBe("KVM internal error. Suberror: 1 / emulation failure");
  });

  it("falls back to the first lines when none is an error", () => {
    expect(summarizeQemuErrors("one\n\ntwo\nthree\nfour\n")).toBe("one / two / three");
    expect(summarizeQemuErrors("")).toBe("");
  });
});

describe("where the verdict is cached", () => {
  it("is under /run for root, the runtime directory for others, else a private directory in the temporary one", () => {
    expect(defaultKvmCacheFile({ XDG_RUNTIME_DIR: "/run/user/0" }, 0, "/tmp")).toBe("/run/gp/kvm-probe.json");
    expect(defaultKvmCacheFile({ XDG_RUNTIME_DIR: "/run/user/1000" }, 1000, "/tmp")).toBe("/run/user/1000/gp/kvm-probe.json");
    expect(defaultKvmCacheFile({}, 1000, "/tmp")).toBe("/tmp/gp-1000/kvm-probe.json");
    expect(defaultKvmCacheFile({ XDG_RUNTIME_DIR: "relative" }, 1000, "/var/tmp")).toBe("/var/tmp/gp-1000/kvm-probe.json");
  });
});
