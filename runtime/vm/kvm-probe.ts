import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { ARCH_FACTS, hostArch } from "../../genpack/arch.js";
import { startProgram, type ProgramNotStarted } from "../../host/exec.js";

/**
 * Whether QEMU can use KVM on this host. `/dev/kvm` existing and opening is not enough: on some
 * nested hosts a guest stops at its first FPU or SSE instruction ("KVM internal error …
 * emulation failure") and QEMU then waits forever, while firmware, which uses neither, runs
 * fine. So the probe boots a tiny guest that computes with the FPU and SSE and reports the
 * result through QEMU's exit status, under a time limit. A hang costs the whole limit, so the
 * verdict is cached until the next boot or until QEMU or /dev/kvm change.
 */

export interface KvmVerdict {
  readonly usable: boolean;
  /** Why, in words for a user: "no /dev/kvm", "KVM ran a test guest in 0.3 s", … */
  readonly reason: string;
  /** How long the test guest ran (when the verdict was made, for one read from the cache), or 0 when none was needed. */
  readonly seconds: number;
}

export interface KvmProbeOptions {
  /** @default the x86_64 system emulator (looked up on PATH) */
  readonly qemu?: string;
  /** How long the test guest may take under KVM. @default 5000 */
  readonly timeoutMs?: number;
  /** Where the verdict is cached; null disables the cache. @default {@link defaultKvmCacheFile} */
  readonly cacheFile?: string | null;
  readonly signal?: AbortSignal;
}

const DEFAULT_QEMU = ARCH_FACTS.x86_64.qemu.system;
const DEFAULT_TIMEOUT_MS = 5000;
const KVM_DEVICE = "/dev/kvm";
const BOOT_ID = "/proc/sys/kernel/random/boot_id";

/** The port of `-device isa-debug-exit`; a write of V makes QEMU exit with status (V << 1) | 1. */
const DEBUG_EXIT_PORT = 0xf4;
/** What the test guest writes to the debug-exit port when it has finished. */
const PROBE_EXIT_VALUE = 0x2a;

export async function probeKvm(options: KvmProbeOptions = {}): Promise<KvmVerdict> {
  const quick = quickRejection();
  if (quick !== undefined) return { usable: false, reason: quick, seconds: 0 };
  const qemu = findExecutable(options.qemu ?? DEFAULT_QEMU);
  if (qemu === undefined) return { usable: false, reason: `${options.qemu ?? DEFAULT_QEMU} is not installed (not found on PATH)`, seconds: 0 };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cacheFile = options.cacheFile === undefined ? defaultKvmCacheFile() : options.cacheFile;
  const key = cacheFile === null ? undefined : cacheKey(qemu, timeoutMs);
  if (cacheFile !== null && key !== undefined) {
    const cached = readCachedVerdict(cacheFile, key);
    if (cached !== undefined) return cached;
  }
  const outcome = await runProbeGuest(qemu, timeoutMs, options.signal);
  const verdict = verdictFrom(outcome, timeoutMs);
  // A QEMU that could not even be started says nothing about KVM; anything else it did with
  // the guest is as true on the next run as on this one, until the key changes.
  if (cacheFile !== null && key !== undefined && outcome.kind !== "not-started") writeCachedVerdict(cacheFile, key, verdict);
  return verdict;
}

/** A reason KVM cannot work that needs no guest to find, or undefined. */
function quickRejection(): string | undefined {
  // The test guest is x86 code; other hosts are judged by their callers.
  if (hostArch() !== "x86_64") return `the KVM probe runs only on x86_64 hosts, and this one is ${process.arch}`;
  try {
    statSync(KVM_DEVICE);
  } catch {
    return `no ${KVM_DEVICE}`;
  }
  try {
    accessSync(KVM_DEVICE, constants.R_OK | constants.W_OK);
  } catch {
    return `${KVM_DEVICE} is not readable and writable by this user`;
  }
  return undefined;
}

/** The resolved path of a program named bare (searched on PATH) or by path, if it is executable. */
function findExecutable(command: string): string | undefined {
  const path = (process.env["PATH"] ?? "").split(delimiter).filter((entry) => entry !== "");
  const candidates = command.includes("/") ? [command] : path.map((entry) => join(entry, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return realpathSync(candidate);
    } catch {
      // not this one
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The test guest

/** Where the kernel is loaded: the 1 MiB mark, the usual place for a multiboot kernel. */
const LOAD_ADDRESS = 0x100000;
const MULTIBOOT_MAGIC = 0x1badb002;
/** Bit 16: the header carries the load addresses, so the file need not be an ELF (the "a.out kludge"). */
const MULTIBOOT_AOUT_KLUDGE = 1 << 16;
/** magic, flags, checksum and the five address fields. */
const HEADER_BYTES = 32;

/**
 * A multiboot (v1) kernel, as a flat binary for `qemu -kernel`, that turns on the FPU and SSE,
 * passes `exitValue` through both and writes it to the debug-exit port, so that QEMU exits with
 * status `(exitValue << 1) | 1` only if the guest really ran them. It then halts forever.
 */
export function multibootProbeKernel(exitValue: number): Buffer {
  if (!Number.isInteger(exitValue) || exitValue < 0 || exitValue > 0x7f) {
    throw new RangeError(`the probe's exit value must be an integer from 0 to 127 (an exit status is 8 bits), not ${exitValue}`);
  }
  // The data follows the code, 16-byte aligned because movaps needs it.
  const dataOffset = 128;
  const input = LOAD_ADDRESS + dataOffset; // the exit value, read by fild
  const fromFpu = input + 4; // written by fistp, read by movss
  const fromSse = input + 16; // written by movaps, 16-byte aligned
  const code: number[] = [
    ...[0xfa], //                            cli
    ...[0x0f, 0x20, 0xc0], //                mov eax, cr0
    ...[0x25, ...u32(~0x4 >>> 0)], //        and eax, ~4          clear CR0.EM: FPU instructions run instead of trapping
    ...[0x83, 0xc8, 0x02], //                or eax, 2            set CR0.MP: WAIT honours CR0.TS
    ...[0x0f, 0x22, 0xc0], //                mov cr0, eax
    ...[0x0f, 0x20, 0xe0], //                mov eax, cr4
    ...[0x0d, ...u32(0x600)], //             or eax, 0x600        CR4.OSFXSR (bit 9) | CR4.OSXMMEXCPT (bit 10): SSE enabled
    ...[0x0f, 0x22, 0xe0], //                mov cr4, eax
    ...[0xdb, 0xe3], //                      fninit
    ...[0xdb, 0x05, ...u32(input)], //       fild dword [input]
    ...[0xd9, 0xe8], //                      fld1
    ...[0xde, 0xc9], //                      fmulp st1, st0       value × 1.0
    ...[0xdb, 0x1d, ...u32(fromFpu)], //     fistp dword [fromFpu]
    ...[0x0f, 0x57, 0xc9], //                xorps xmm1, xmm1
    ...[0xf3, 0x0f, 0x10, 0x05, ...u32(fromFpu)], // movss xmm0, [fromFpu]
    ...[0x0f, 0x56, 0xc8], //                orps xmm1, xmm0
    ...[0x0f, 0x29, 0x0d, ...u32(fromSse)], // movaps [fromSse], xmm1
    ...[0xa1, ...u32(fromSse)], //           mov eax, [fromSse]
    ...[0xe6, DEBUG_EXIT_PORT], //           out 0xf4, al         QEMU exits here
    ...[0xf4], //                            halt: hlt            only if there is no debug-exit device
    ...[0xeb, 0xfd], //                      jmp halt
  ];
  if (HEADER_BYTES + code.length > dataOffset) throw new Error("the probe's code overlaps its data");
  const image = Buffer.alloc(dataOffset + 32);
  const loadEnd = LOAD_ADDRESS + image.length;
  const flags = MULTIBOOT_AOUT_KLUDGE;
  const header = [
    MULTIBOOT_MAGIC,
    flags,
    -(MULTIBOOT_MAGIC + flags) >>> 0, // checksum: the three fields sum to 0 mod 2^32
    LOAD_ADDRESS, // header_addr: the header is the file's first bytes
    LOAD_ADDRESS, // load_addr: load from the start of the file
    loadEnd, //      load_end_addr: load the whole file
    loadEnd, //      bss_end_addr: no bss
    LOAD_ADDRESS + HEADER_BYTES, // entry_addr: the code right after the header
  ];
  header.forEach((value, index) => image.writeUInt32LE(value >>> 0, index * 4));
  Buffer.from(code).copy(image, HEADER_BYTES);
  image.writeUInt32LE(exitValue, dataOffset);
  return image;
}

function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

/** QEMU's exit status when the probe kernel wrote `exitValue` to the debug-exit port. */
export function probeExitStatus(exitValue: number): number {
  return ((exitValue << 1) | 1) & 0xff;
}

/**
 * The QEMU arguments that boot the probe kernel under KVM, with the machine and CPU model gp's
 * VMs use: a QEMU that cannot set up `-cpu host` on this host fails here as it would there.
 */
function probeQemuArgs(kernel: string): string[] {
  return [
    ...["-accel", "kvm", "-machine", "q35", "-cpu", "host", "-m", "64"],
    ...["-nodefaults", "-display", "none", "-no-user-config"],
    // A guest that crashes (a triple fault) makes QEMU exit instead of rebooting in a loop.
    "-no-reboot",
    ...["-kernel", kernel, "-device", `isa-debug-exit,iobase=0x${DEBUG_EXIT_PORT.toString(16)},iosize=0x04`],
  ];
}

type ProbeOutcome =
  | { readonly kind: "exited"; readonly status: number; readonly seconds: number; readonly stderr: string }
  | { readonly kind: "killed"; readonly signal: string; readonly seconds: number; readonly stderr: string }
  | { readonly kind: "internal-error"; readonly seconds: number; readonly stderr: string }
  | { readonly kind: "timed-out"; readonly seconds: number; readonly stderr: string }
  | { readonly kind: "not-started"; readonly message: string; readonly seconds: number; readonly stderr: string };

/** Enough of QEMU's standard error for a message; a KVM register dump is about 2 KiB. */
const STDERR_KEPT = 16 * 1024;
/** QEMU prints its register dump right after the first line of a KVM internal error. */
const DUMP_GRACE_MS = 200;

/**
 * Boots the probe kernel under KVM. A guest that KVM cannot run leaves QEMU paused rather than
 * exiting, so QEMU is killed (SIGKILL: a paused QEMU need not be asked) when it reports a KVM
 * internal error, when the time limit passes, or when the caller cancels.
 */
async function runProbeGuest(qemu: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<ProbeOutcome> {
  signal?.throwIfAborted();
  const directory = mkdtempSync(join(tmpdir(), "gp-kvm-probe-"));
  try {
    const kernel = join(directory, "probe.bin");
    writeFileSync(kernel, multibootProbeKernel(PROBE_EXIT_VALUE));
    return await new Promise<ProbeOutcome>((resolve, reject) => {
      const started = performance.now();
      const elapsed = () => roundSeconds((performance.now() - started) / 1000);
      const program = startProgram(qemu, probeQemuArgs(kernel), { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      let stoppedFor: "internal-error" | "timed-out" | "cancelled" | undefined;
      let settled = false;
      const stop = (why: NonNullable<typeof stoppedFor>) => {
        if (stoppedFor !== undefined) return;
        stoppedFor = why;
        program.kill("SIGKILL");
      };
      const deadline = setTimeout(() => stop("timed-out"), timeoutMs);
      let grace: NodeJS.Timeout | undefined;
      const onAbort = () => stop("cancelled");
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = (outcome: ProbeOutcome | { readonly error: unknown }) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(grace);
        signal?.removeEventListener("abort", onAbort);
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome);
      };
      program.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        if (stderr.length < STDERR_KEPT) stderr += chunk;
        if (grace === undefined && stderr.includes("KVM internal error")) grace = setTimeout(() => stop("internal-error"), DUMP_GRACE_MS);
      });
      program.ended.then(
        ({ code, signal: killedBy }) => {
          const seconds = elapsed();
          if (stoppedFor === "cancelled") settle({ error: signal?.reason });
          else if (stoppedFor !== undefined) settle({ kind: stoppedFor, seconds, stderr });
          else if (code !== null) settle({ kind: "exited", status: code, seconds, stderr });
          else settle({ kind: "killed", signal: killedBy ?? "a signal", seconds, stderr });
        },
        // Starting failed (no such file, not executable).
        (problem: ProgramNotStarted) => settle({ kind: "not-started", message: problem.reason, seconds: elapsed(), stderr }),
      );
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function verdictFrom(outcome: ProbeOutcome, timeoutMs: number): KvmVerdict {
  const summary = summarizeQemuErrors(outcome.stderr);
  const said = summary === "" ? "" : `; QEMU said: ${summary}`;
  const { seconds } = outcome;
  switch (outcome.kind) {
    case "timed-out": {
      const limit = formatSeconds(timeoutMs / 1000);
      return { usable: false, reason: `a test guest did not finish within ${limit} s under KVM (it uses the FPU and SSE, which stop guests on some nested KVM hosts${said})`, seconds };
    }
    case "internal-error": {
      const after = formatSeconds(seconds);
      return { usable: false, reason: `KVM stopped a test guest with an internal error after ${after} s (it uses the FPU and SSE, which some nested KVM hosts cannot run${said})`, seconds };
    }
    case "exited": {
      const expected = probeExitStatus(PROBE_EXIT_VALUE);
      if (outcome.status === expected) return { usable: true, reason: `KVM ran a test guest in ${formatSeconds(seconds)} s`, seconds };
      return { usable: false, reason: `QEMU exited with status ${outcome.status} instead of ${expected} running a test guest under KVM${said}`, seconds };
    }
    case "killed":
      return { usable: false, reason: `QEMU ended with ${outcome.signal} running a test guest under KVM${said}`, seconds };
    case "not-started":
      return { usable: false, reason: `QEMU could not be started to test KVM: ${outcome.message}`, seconds };
  }
}

/**
 * The lines of QEMU's standard error worth showing: its error and warning lines, without the
 * register dump it prints after a KVM internal error. The first three lines if none stand out.
 */
export function summarizeQemuErrors(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const notable = lines.filter((line) => /error|fail|warning|assertion|could not|cannot/i.test(line));
  return (notable.length > 0 ? notable : lines)
    .slice(0, 3)
    .map((line) => (line.length > 200 ? `${line.slice(0, 199)}…` : line))
    .join(" / ");
}

function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** 5 → "5", 0.25 → "0.3", 0.054 → "0.05", 12.04 → "12" */
function formatSeconds(seconds: number): string {
  return String(Number(seconds.toFixed(seconds >= 10 ? 0 : seconds >= 1 ? 1 : 2)));
}

// ---------------------------------------------------------------------------------------------
// The cache

/**
 * What a cached verdict depends on: the boot (the kernel and its KVM module), the QEMU binary,
 * the KVM device, and the time limit the hang was judged by.
 */
export interface KvmCacheKey {
  readonly bootId: string;
  readonly qemu: { readonly path: string; readonly mtimeMs: number; readonly size: number };
  readonly kvmRdev: number;
  readonly timeoutMs: number;
}

function cacheKey(qemu: string, timeoutMs: number): KvmCacheKey | undefined {
  try {
    const bootId = readFileSync(BOOT_ID, "utf8").trim();
    const binary = statSync(qemu);
    if (bootId === "") return undefined;
    return { bootId, qemu: { path: qemu, mtimeMs: binary.mtimeMs, size: binary.size }, kvmRdev: statSync(KVM_DEVICE).rdev, timeoutMs };
  } catch {
    // Without a boot id a verdict could outlive a reboot into another kernel: do not cache.
    return undefined;
  }
}

/**
 * Where the verdict is cached: under /run for root, else in the user's runtime directory, else
 * in a private directory under the temporary directory. All of them are emptied at boot.
 */
export function defaultKvmCacheFile(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? -1, temporary: string = tmpdir()): string {
  if (uid === 0) return "/run/gp/kvm-probe.json";
  const runtime = env["XDG_RUNTIME_DIR"];
  if (runtime !== undefined && runtime.startsWith("/")) return join(runtime, "gp", "kvm-probe.json");
  return join(temporary, `gp-${uid}`, "kvm-probe.json");
}

interface CacheFile {
  readonly key: KvmCacheKey;
  readonly verdict: KvmVerdict;
}

function readCachedVerdict(file: string, key: KvmCacheKey): KvmVerdict | undefined {
  if (!isTrustedDirectory(dirname(file))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  if (!isCacheFile(parsed) || JSON.stringify(parsed.key) !== JSON.stringify(key)) return undefined;
  return { usable: parsed.verdict.usable, reason: parsed.verdict.reason, seconds: parsed.verdict.seconds };
}

function isCacheFile(value: unknown): value is CacheFile {
  if (typeof value !== "object" || value === null) return false;
  const verdict = (value as { verdict?: unknown }).verdict;
  if (typeof verdict !== "object" || verdict === null) return false;
  const { usable, reason, seconds } = verdict as Record<string, unknown>;
  return typeof usable === "boolean" && typeof reason === "string" && typeof seconds === "number" && typeof (value as { key?: unknown }).key === "object";
}

/** Written whole or not at all (a temporary file renamed over it), and never an error: it is only a cache. */
function writeCachedVerdict(file: string, key: KvmCacheKey, verdict: KvmVerdict): void {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!isTrustedDirectory(dirname(file))) return;
    const content: CacheFile = { key, verdict };
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/**
 * Whether only this user (or root) can put files in `directory`. The fallback location is in
 * the shared temporary directory, where another user could have made it first and planted a
 * verdict.
 */
function isTrustedDirectory(directory: string): boolean {
  try {
    const status = statSync(directory);
    const uid = process.getuid?.();
    return status.isDirectory() && (uid === undefined || status.uid === uid || status.uid === 0) && (status.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
