import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Cli } from "clipanion";
import { describe, expect, it } from "vitest";
import { BaseCommand, EXIT } from "../../cli/base-command.js";
import { bugReportJson, classifyFailure, formatBugReport, formatUserFailure } from "../../cli/failure.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "../../runtime/install/install-problem.js";
import { hasStackTrace, jsonLines, ROOT, runGp } from "../helpers/gp.js";
import { temporaryDirectory } from "../helpers/temp.js";

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; bugs: { url: string } };

/** A command whose run throws what it is given: the line between the user's failures and gp's bugs is BaseCommand's. */
function throwingCommand(thrown: unknown) {
  return class extends BaseCommand {
    static override paths = [["probe"]];
    async run(): Promise<number> {
      throw thrown;
    }
  };
}

async function runThrowing(thrown: unknown, args: string[] = []): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const cli = new Cli({ binaryName: "gp" });
  cli.register(throwingCommand(thrown));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: "", stderr: "" };
  stdout.on("data", (chunk: Buffer) => (chunks.stdout += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (chunks.stderr += chunk.toString()));
  const exitCode = await cli.run(["probe", ...args], { stdout, stderr });
  return { exitCode, ...chunks };
}

describe("telling the user's failures from gp's bugs", () => {
  it("classifies a plain Error as a bug, with its message, a few frames, the versions and where to report it", () => {
    const failure = classifyFailure(new TypeError("Cannot read properties of undefined (reading 'size')"));
    expect(failure.kind).toBe("bug");
    if (failure.kind !== "bug") return;
    expect(failure.report.message).toBe("TypeError: Cannot read properties of undefined (reading 'size')");
    expect(failure.report.frames.length).toBeGreaterThan(0);
    expect(failure.report.frames.length).toBeLessThanOrEqual(6);
    expect(failure.report.gpVersion).toBe(packageJson.version);
    expect(failure.report.nodeVersion).toBe(process.version);
    expect(failure.report.reportAt).toBe(packageJson.bugs.url);
    const text = formatBugReport("gp install", failure.report);
    expect(text.split("\n")[0]).toBe("gp install: gp hit a bug and stopped. TypeError: Cannot read properties of undefined (reading 'size')");
    expect(text).toContain(`gp ${packageJson.version}, Node ${process.version}`);
    expect(text).toContain(packageJson.bugs.url);
    expect(bugReportJson(failure.report)).toMatchObject({ type: "result", ok: false, bug: true, reportAt: packageJson.bugs.url });
  });

  it("classifies a GpError as the user's, printed with its code and without a stack", () => {
    const failure = classifyFailure(new InstallProblem(codes.targetInUse, "/dev/sdb is mounted at /mnt"));
    expect(failure.kind).toBe("user");
    if (failure.kind !== "user") return;
    expect(formatUserFailure("gp install", failure.error)).toBe(`gp install: error ${codes.targetInUse.code}: /dev/sdb is mounted at /mnt\n`);
  });

  it("reports something thrown that is not an Error as a bug too", () => {
    const failure = classifyFailure("a string");
    expect(failure).toMatchObject({ kind: "bug", report: { message: "a string was thrown: a string", frames: [] } });
  });

  it("makes an unexpected throw in a command a bug report with exit status 2, never a bare stack", async () => {
    const result = await runThrowing(new RangeError("Invalid array length"));
    expect(result.exitCode).toBe(EXIT.internalError);
    expect(result.stderr).toMatch(/^gp probe: gp hit a bug and stopped\. RangeError: Invalid array length\n/);
    expect(result.stderr).toContain(`Please report it at ${packageJson.bugs.url}`);
    const json = await runThrowing(new RangeError("Invalid array length"), ["--json"]);
    expect(json.exitCode).toBe(EXIT.internalError);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ type: "result", ok: false, bug: true, failure: "RangeError: Invalid array length", gpVersion: packageJson.version })]);
  });

  it("makes a GpError thrown in a command its code and message, with exit status 1", async () => {
    const result = await runThrowing(new InstallProblem(codes.notASystemImage, "the image is not a SquashFS"));
    expect(result).toEqual({ exitCode: EXIT.userError, stdout: "", stderr: `gp probe: error ${codes.notASystemImage.code}: the image is not a SquashFS\n` });
    const json = await runThrowing(new InstallProblem(codes.notASystemImage, "the image is not a SquashFS"), ["--json"]);
    expect(jsonLines(json.stdout)).toEqual([{ type: "result", ok: false, code: codes.notASystemImage.code, failure: "the image is not a SquashFS" }]);
  });

  it("prints a refusal of the runtime with its code and exits 1, in text and in JSON", async () => {
    const work = temporaryDirectory();
    const missing = join(work, "missing.squashfs");
    const text = await runGp(["install", missing, "--zip", join(work, "boot.zip")]);
    expect(text.exitCode).toBe(1);
    expect(text.stderr).toMatch(new RegExp(`^gp install: error ${codes.notASystemImage.code}: ${missing} cannot be read`));
    expect(hasStackTrace(text.stderr)).toBe(false);
    const json = await runGp(["install", missing, "--zip", join(work, "boot.zip"), "--json"]);
    expect(json.exitCode).toBe(1);
    expect(jsonLines(json.stdout).at(-1)).toMatchObject({ type: "result", ok: false, code: codes.notASystemImage.code });
  });
});
