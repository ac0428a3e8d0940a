import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, startProgram, type ProgramNotStarted } from "../../host/exec.js";
import { codes } from "../../errors/codes.js";
import { InstallProblem } from "./install-problem.js";

/** mtools refuses FAT geometries it finds odd unless told to trust the file system. */
const ENV = { MTOOLS_SKIP_CHECK: "1", MTOOLS_NO_VFAT: "" };

/**
 * A FAT file system on a device or partition, written and read with mtools from user space. The
 * installer uses it instead of a mount: it works where the host kernel has no vfat (containers,
 * minimal kernels), needs no mount point, and leaves nothing mounted behind if gp is stopped.
 * Paths are absolute inside the file system (`/efi/boot/bootx64.efi`).
 */
export class FatVolume {
  constructor(
    readonly device: string,
    private readonly signal?: AbortSignal,
  ) {}

  private get options() {
    return { captureOnly: true, env: ENV, ...(this.signal === undefined ? {} : { signal: this.signal }) };
  }

  async makeDirectories(paths: readonly string[]): Promise<void> {
    for (const path of paths) await run("mmd", ["-i", this.device, `::${path}`], this.options);
  }

  /** Copies a host file in, replacing what is there. */
  async copyIn(file: string, path: string): Promise<void> {
    await run("mcopy", ["-o", "-i", this.device, file, `::${path}`], this.options);
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    const scratch = mkdtempSync(join(tmpdir(), "gp-fat-"));
    try {
      const file = join(scratch, "content");
      writeFileSync(file, content);
      await this.copyIn(file, path);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** The names in a directory, as mtools lists them (long names where there are some). */
  async list(path: string): Promise<string[]> {
    const { stdout } = await run("mdir", ["-b", "-i", this.device, `::${path}`], this.options);
    return stdout
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line) => line.replace(/\/$/, "").split("/").pop() ?? line);
  }

  /** The SHA-256 of a file in the volume, streamed out of it. */
  sha256(path: string): Promise<string> {
    const hash = createHash("sha256");
    const mcopy = startProgram("mcopy", ["-n", "-i", this.device, `::${path}`, "-"], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    mcopy.child.stdout?.on("data", (chunk: Buffer) => hash.update(chunk));
    return mcopy.ended.then(
      (end) => {
        if (end.code === 0) return hash.digest("hex");
        throw new InstallProblem(codes.readBackMismatch, `${path} cannot be read back from ${this.device}: ${end.stderrTail.trim()}`);
      },
      (problem: ProgramNotStarted) => {
        throw new InstallProblem(codes.installToolMissing, problem.reason);
      },
    );
  }
}
