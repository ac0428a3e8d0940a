import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureOutput, captureOutputSync, CommandFailed, ProgramNotStarted, startProgram } from "../../host/exec.js";
import { temporaryDirectory } from "../helpers/temp.js";

const MISSING = "gp-test-no-such-program";

/** Whether a process still runs (a zombie waiting to be reaped does not). */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 20));
  }
  return true;
}

/** The first line a started program writes to its piped standard output. */
function firstLine(program: ReturnType<typeof startProgram>): Promise<string> {
  return new Promise((resolveLine) => {
    let text = "";
    program.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      if (text.includes("\n")) resolveLine(text.split("\n")[0] as string);
    });
  });
}

describe("starting a program that runs beside gp", () => {
  it("names a program that is not installed, in the error of both its start and its end", async () => {
    const program = startProgram(MISSING, ["--flag"], { phase: "vm" });
    const problem = await program.started.catch((failure: unknown) => failure);
    expect(problem).toBeInstanceOf(ProgramNotStarted);
    expect(problem).toBeInstanceOf(CommandFailed);
    expect((problem as ProgramNotStarted).message).toBe(`vm: ${MISSING} is not installed (not found on PATH)`);
    expect((problem as ProgramNotStarted).errno).toBe("ENOENT");
    await expect(program.ended).rejects.toBe(problem);
    expect(program.hasEnded).toBe(true);
  });

  it("says which of a path that does not exist, a file that is not executable and a missing working directory kept a program from starting", async () => {
    const directory = temporaryDirectory();
    const script = join(directory, "not-executable");
    writeFileSync(script, "#!/bin/sh\n");
    chmodSync(script, 0o644);
    const reason = (command: string, cwd?: string) =>
      startProgram(command, [], cwd === undefined ? {} : { cwd }).started.then(
        () => "started",
        (problem: ProgramNotStarted) => problem.reason,
      );
    expect(await reason(join(directory, "absent"))).toBe(`${join(directory, "absent")} cannot be run: it does not exist`);
    if (process.getuid?.() !== 0) expect(await reason(script)).toMatch(/^.*not-executable cannot be run: permission denied/);
    expect(await reason("/bin/true", join(directory, "gone"))).toBe(`/bin/true cannot be run in ${join(directory, "gone")}: the directory does not exist`);
  });

  it("refuses a program name that cannot be handed to the system, naming the problem instead of throwing a TypeError", () => {
    expect(() => startProgram("sh\0-c", [])).toThrow(ProgramNotStarted);
  });

  it("leaves no unhandled failure behind when nobody watches a program that could not start", async () => {
    // Vitest fails the run on an unhandled rejection; a notification fired and forgotten must not cause one.
    const program = startProgram(MISSING, []);
    await new Promise((done) => program.child.once("close", done));
    await new Promise((done) => setTimeout(done, 10));
    expect(program.hasEnded).toBe(true);
  });

  it("passes on the exit status and keeps the end of standard error to explain it", async () => {
    const program = startProgram("sh", ["-c", "echo starting; echo 'disk full' >&2; exit 7"], { stdio: ["ignore", "ignore", "pipe"] });
    await program.started;
    expect(await program.ended).toEqual({ code: 7, signal: null, stderrTail: "disk full\n", aborted: false });
    expect(program.hasEnded).toBe(true);
  });

  it("keeps only the last characters of a standard error that goes on and on", async () => {
    const program = startProgram("sh", ["-c", "i=0; while [ $i -lt 2000 ]; do echo line-$i >&2; i=$((i+1)); done"]);
    const end = await program.ended;
    expect(end.stderrTail.length).toBe(8192);
    expect(end.stderrTail.endsWith("line-1999\n")).toBe(true);
  });

  it("passes the arguments as they are, with no shell to read them", async () => {
    const program = startProgram("printf", ["%s|", "$HOME", "a b", "; echo no"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    program.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    await program.ended;
    expect(output).toBe("$HOME|a b|; echo no|");
  });

  it("gives the program only the environment it is given when it is not to inherit gp's", async () => {
    process.env["GP_TEST_SECRET"] = "token";
    try {
      const inherited = await captureOutput("/bin/sh", ["-c", 'echo "$GP_TEST_SECRET|$GIVEN"'], { env: { GIVEN: "yes" } });
      expect(inherited.stdout).toBe("token|yes\n");
      const clean = await captureOutput("/bin/sh", ["-c", 'echo "$GP_TEST_SECRET|$GIVEN"'], { env: { GIVEN: "yes" }, inheritEnv: false });
      expect(clean.stdout).toBe("|yes\n");
      const removed = await captureOutput("/bin/sh", ["-c", 'echo "${GP_TEST_SECRET-unset}"'], { env: { GP_TEST_SECRET: undefined } });
      expect(removed.stdout).toBe("unset\n");
    } finally {
      delete process.env["GP_TEST_SECRET"];
    }
  });

  it("kills the whole process group of a program in its own session when the start is aborted", async () => {
    const abort = new AbortController();
    const program = startProgram("sh", ["-c", "sleep 300 & echo $!; wait"], { stdio: ["ignore", "pipe", "pipe"], ownSession: true, signal: abort.signal });
    const grandchild = Number(await firstLine(program));
    expect(isRunning(grandchild)).toBe(true);
    abort.abort();
    const end = await program.ended;
    expect(end).toMatchObject({ signal: "SIGTERM", aborted: true });
    // The shell's own child got the signal too: it was in the group, not only the shell.
    expect(await waitUntil(() => !isRunning(grandchild))).toBe(true);
  });

  it("kills with SIGKILL a program that ignores the stop signal, once the grace time has passed", async () => {
    const abort = new AbortController();
    const program = startProgram("sh", ["-c", "trap '' TERM; echo ready; sleep 300 & wait; wait"], { stdio: ["ignore", "pipe", "pipe"], ownSession: true, signal: abort.signal, forceKillAfterMs: 200 });
    await firstLine(program);
    const began = Date.now();
    abort.abort();
    expect(await program.ended).toMatchObject({ signal: "SIGKILL", aborted: true });
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
  });

  it("stops a program at once when its signal was aborted before it started", async () => {
    const program = startProgram("sleep", ["300"], { signal: AbortSignal.abort() });
    expect(await program.ended).toMatchObject({ signal: "SIGTERM", aborted: true });
  });

  it("kills on request, and does nothing once the program has ended", async () => {
    const program = startProgram("sleep", ["300"]);
    await program.started;
    program.kill("SIGKILL");
    expect(await program.ended).toMatchObject({ signal: "SIGKILL", aborted: false });
    expect(() => program.kill("SIGKILL")).not.toThrow();
  });

  it("carries structured messages to and from a Node program over IPC", async () => {
    const program = startProgram(process.execPath, ["-e", "process.on('message', (m) => { process.send({ back: m.n * 2 }); process.disconnect(); })"], { ipc: true });
    await program.started;
    const answer = new Promise((resolveAnswer) => program.child.once("message", resolveAnswer));
    program.child.send({ n: 21 });
    expect(await answer).toEqual({ back: 42 });
    expect((await program.ended).code).toBe(0);
  });
});

describe("capturing what a program says", () => {
  it("returns standard output, standard error and the exit status, whatever it is", async () => {
    expect(await captureOutput("sh", ["-c", "echo out; echo err >&2; exit 3"])).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("rejects with the program named when it is not installed", async () => {
    await expect(captureOutput(MISSING, [])).rejects.toMatchObject({ errno: "ENOENT", reason: `${MISSING} is not installed (not found on PATH)` });
  });

  it("runs a program to its end synchronously, fed its standard input, and kills it at the time limit", () => {
    expect(captureOutputSync("sh", ["-c", "read line; echo \"got $line\"; exit 2"], { input: "hello\n", timeoutMs: 10_000 })).toEqual({ exitCode: 2, stdout: "got hello\n", stderr: "" });
    expect(captureOutputSync("sleep", ["300"], { timeoutMs: 100 }).exitCode).toBeNull();
    expect(() => captureOutputSync(MISSING, [], { timeoutMs: 1000 })).toThrow(`gp: ${MISSING} is not installed (not found on PATH)`);
  });
});

