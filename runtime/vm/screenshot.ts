import { existsSync, lstatSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { codes } from "../../errors/codes.js";
import { writeFileAtomic } from "../inputs/atomic-write.js";
import { encodePng, pngSize, readPpm } from "./png.js";
import { QmpClient, QmpError } from "./qmp-client.js";
import { vmStatus } from "./runtime-directory.js";
import { vmPaths } from "./runtime-paths.js";
import { VmProblem } from "./vm-problem.js";

export interface Screenshot {
  readonly name: string;
  /** The PNG written, absolute. */
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** What QEMU wrote: PNG itself, or PPM that gp converted. */
  readonly from: "png" | "ppm";
}

/** How long QEMU gets to draw and write the picture; it takes milliseconds. */
const SCREENDUMP_TIMEOUT_MS = 30_000;

/** The output must be a PNG file path in a directory that exists; whatever is there is replaced only if it is a file. */
function checkedOutput(output: string): string {
  const path = resolve(output);
  if (!path.toLowerCase().endsWith(".png")) throw new VmProblem(codes.screenshotFailed, `-o ${output}: the screenshot is a PNG picture; give a file name ending in .png`);
  const directory = dirname(path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new VmProblem(codes.screenshotFailed, `-o ${output}: the directory ${dirname(output)} does not exist`);
  if (existsSync(path) && !lstatSync(path).isFile()) throw new VmProblem(codes.screenshotFailed, `-o ${output} is there and is not a regular file; gp replaces only a file`);
  return path;
}

/** Why a screendump failed, in the user's terms: a VM without a graphics card is the usual reason. */
function screendumpProblem(name: string, error: unknown): VmProblem {
  const message = (error as Error).message;
  if (/no (qemu)?console|no screen|not a graphic/i.test(message)) {
    return new VmProblem(codes.screenshotFailed, `${name} has no screen to take a picture of: start it with one (gp vm run IMAGE --display none --vnc unix)`);
  }
  return new VmProblem(codes.screenshotFailed, `QEMU could not take a screenshot of ${name}: ${message}`);
}

/**
 * Asks QEMU for a picture of the VM's screen (QMP `screendump`) and writes it to `output` as
 * PNG, atomically: a reader sees the old file or the whole new one. PNG is asked of QEMU first
 * (its `format` argument, QEMU 7.1 and later, built with libpng); a QEMU that refuses writes
 * PPM, which gp converts. QEMU writes the picture into the VM's runtime directory, which only
 * this user can write, and gp reads it from there and checks it before anything is written.
 */
export async function takeScreenshot(root: string, name: string, output: string, signal?: AbortSignal): Promise<Screenshot> {
  const paths = vmPaths(root, name);
  if (!existsSync(paths.directory)) throw new VmProblem(codes.noSuchVm, `no VM named ${name} is running (gp vm list shows those that are)`);
  const status = vmStatus(paths);
  if (status.kind !== "running") throw new VmProblem(codes.noSuchVm, status.kind === "starting" ? `${name} is still being started; take its screenshot once it runs` : `no VM named ${name} is running: ${status.reason}`);
  const target = checkedOutput(output);
  const dump = join(paths.directory, `screendump-${process.pid}`);
  rmSync(dump, { force: true });
  let client: QmpClient;
  try {
    client = await QmpClient.connect(paths.qmp, { timeoutMs: 5000, ...(signal === undefined ? {} : { signal }) });
  } catch (problem) {
    throw new VmProblem(codes.screenshotFailed, `cannot reach ${name}'s QEMU: ${(problem as Error).message}`);
  }
  try {
    let from: Screenshot["from"] = "png";
    try {
      await client.execute("screendump", { filename: dump, format: "png" }, { timeoutMs: SCREENDUMP_TIMEOUT_MS });
    } catch (refused) {
      if (!(refused instanceof QmpError) || refused.qmpClass === undefined) throw screendumpProblem(name, refused);
      // An older QEMU does not know `format`, or one without libpng cannot write PNG: PPM it is.
      from = "ppm";
      try {
        await client.execute("screendump", { filename: dump }, { timeoutMs: SCREENDUMP_TIMEOUT_MS });
      } catch (failed) {
        throw screendumpProblem(name, failed);
      }
    }
    const bytes = existsSync(dump) ? readFileSync(dump) : undefined;
    if (bytes === undefined) throw new VmProblem(codes.screenshotFailed, `QEMU said it took a screenshot of ${name} but wrote no file`);
    let png: Uint8Array;
    let size: { width: number; height: number };
    if (from === "png") {
      const read = pngSize(bytes);
      if ("problem" in read) throw new VmProblem(codes.screenshotFailed, `what QEMU wrote for ${name}'s screenshot is unusable: ${read.problem}`);
      png = bytes;
      size = read.value;
    } else {
      const read = readPpm(bytes);
      if ("problem" in read) throw new VmProblem(codes.screenshotFailed, `what QEMU wrote for ${name}'s screenshot is unusable: ${read.problem}`);
      png = encodePng(read.value);
      size = read.value;
    }
    try {
      await writeFileAtomic(target, png);
    } catch (problem) {
      throw new VmProblem(codes.screenshotFailed, `cannot write ${basename(target)} in ${dirname(target)}: ${(problem as Error).message}`);
    }
    return { name, path: target, width: size.width, height: size.height, from };
  } finally {
    client.close();
    rmSync(dump, { force: true });
  }
}
