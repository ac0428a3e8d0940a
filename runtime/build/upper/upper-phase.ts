import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { readInputFile } from "../../../host/input-file.js";
import { containerCommand, inMountNamespace, type Bind, type OverlayMount } from "../../container/nspawn.js";
import { quoteForDisplay, run } from "../../../host/exec.js";
import { collectCopyUpList, computeRuntimeClosure, listPackageScripts, renderPackagesFile, EXTRA_TOPLEVEL_PATHS, NoMatchError } from "../../upper/closure/index.js";
import type { PhaseContext } from "../build-context.js";
import { isEmulated } from "../host-arch.js";
import { changedInputs, digestTree, digestValue, phaseKey, type PhaseInputs } from "../phase-key.js";
import { forgetRecord, readRecord, writeRecord } from "../phase-state.js";
import { installedPackagesDigest } from "../lower/installed-packages.js";
import { buildScriptSteps } from "./build-scripts.js";
import { writeContentsRecord, UpperObserver, type ContentsRule } from "../../contents/index.js";

/** Bumped when the upper procedure changes in a way that must redo existing uppers. */
const UPPER_PROCEDURE = "2";

/** A problem with what the artifact asks the upper phase to do, found before it runs. */
export class UpperProblem extends GpError {
  constructor(message: string) {
    super(codes.upperNotBuildable, message);
  }
}

/** The environment genpack gives every upper step, plus the time reproducible tools read. */
function upperEnvironment(context: PhaseContext, sourceDateEpoch: number): Record<string, string> {
  const { resolution } = context.target;
  const env: Record<string, string> = { ARTIFACT: resolution.name, SOURCE_DATE_EPOCH: String(sourceDateEpoch) };
  if (resolution.profile !== null) env["PROFILE"] = resolution.profile;
  if (context.target.variant !== null) env["VARIANT"] = context.target.variant;
  if (isEmulated(context.target.arch)) env["FEATURES"] = "-pid-sandbox";
  return env;
}

/** Everything that changes what the upper holds. */
export function upperInputs(context: PhaseContext, lowerKey: string, sourceDateEpoch: number): PhaseInputs {
  const { resolution } = context.target;
  return {
    "gp upper procedure": UPPER_PROCEDURE,
    lower: lowerKey,
    "packages installed in the lower": installedPackagesDigest(context.layout.lower),
    users: digestValue(resolution.useraddCommands),
    groups: digestValue(resolution.groupaddCommands),
    services: digestValue(resolution.services),
    "setup commands": digestValue(resolution.setupCommands),
    "files/": digestTree(join(context.target.artifactDir, "files")),
    environment: digestValue(upperEnvironment(context, sourceDateEpoch)),
  };
}

/** A shell script that runs each command and stops at the first failure, echoing what it runs. */
function script(commands: readonly (readonly string[])[]): string {
  return ["set -e", ...commands.map((command) => `echo '>>> ${command.map(quoteForDisplay).join(" ").replace(/'/g, "'\\''")}'\n${command.map(quoteForDisplay).join(" ")}`)].join("\n");
}

export interface UpperOutcome {
  readonly key: string;
  readonly ran: boolean;
  readonly reason: string;
}

/**
 * The upper phase, in genpack's order (genpack-builder.md §5.1): package scripts and the
 * /.genpack metadata, groups, users, files/ with the build scripts and `touch /usr`, setup
 * commands, services; then every file of the runtime closure is copied up, /dev is copied, and
 * what overlayfs itself left behind is stripped. The upper is built beside the old one and
 * swapped in when complete.
 */
export async function upperPhase(context: PhaseContext, lowerKey: string, sourceDateEpoch: number, force = false): Promise<UpperOutcome> {
  const inputs = upperInputs(context, lowerKey, sourceDateEpoch);
  const key = phaseKey(inputs);
  const record = readRecord(context.layout.upperState);
  if (record?.key === key && existsSync(context.layout.upper) && !force) return { key, ran: false, reason: "nothing it depends on changed" };
  const reason = force ? "it was asked for (gp upper)" : record === undefined ? "there is no upper yet" : `changed: ${changedInputs(record.inputs, inputs).join(", ")}`;
  context.report.info(`building the upper layer: ${reason}`);
  forgetRecord(context.layout.upperState);
  forgetRecord(context.layout.contents);

  const lower = context.layout.lower;
  const building = `${context.layout.upperDir}.gp-new`;
  rmSync(building, { recursive: true, force: true });
  const overlay: OverlayMount = { upper: join(building, "upper"), work: join(building, "work"), mountPoint: join(building, "merged") };
  for (const path of [overlay.upper, overlay.work, overlay.mountPoint]) mkdirSync(path, { recursive: true });

  const observer = new UpperObserver(overlay.upper);
  const env = upperEnvironment(context, sourceDateEpoch);
  mkdirSync(context.cache.buildDownloads, { recursive: true });
  const downloads: Bind = { host: context.cache.buildDownloads, container: "/var/cache/download" };
  const inContainer = async (command: readonly string[], binds: readonly Bind[] = [downloads]) => {
    const { command: program, args } = containerCommand({ root: lower, overlay, binds, env, hostname: context.target.resolution.name }, command);
    await run(program, args, { log: context.log, report: context.report, signal: context.signal });
  };

  context.report.step("computing the runtime closure");
  let closure;
  try {
    closure = computeRuntimeClosure(lower);
  } catch (problem) {
    if (problem instanceof NoMatchError) throw new UpperProblem(`The runtime closure cannot be computed: ${problem.message}. Is it in the lower? Check the lower phase's log.`);
    throw problem;
  }
  const scripts = listPackageScripts(lower, closure);
  if (scripts.length > 0) {
    context.report.step(`running ${scripts.length} package script${scripts.length === 1 ? "" : "s"}`);
    await inContainer(["sh", "-c", script(scripts.map((entry) => [entry.path]))]);
    observer.observe({ kind: "package-scripts" });
  }
  writeGenpackMetadata(context, overlay.upper, renderPackagesFile(closure));
  observer.observe({ kind: "genpack-metadata" });

  const accounts = [...context.target.resolution.groupaddCommands, ...context.target.resolution.useraddCommands];
  if (accounts.length > 0) {
    context.report.step("adding groups and users");
    await inContainer(["sh", "-c", script(accounts)]);
    observer.observe({ kind: "accounts" });
  }

  const files = join(context.target.artifactDir, "files");
  context.report.step("copying files/ and running build scripts");
  const filesBinds = existsSync(files) ? [downloads, { host: files, container: "/mnt/files", readOnly: true }] : [downloads];
  if (existsSync(files)) {
    await inContainer(["sh", "-c", "set -e\ncp -rd /mnt/files/. /"], filesBinds);
    observer.observe((path): ContentsRule => (lstatOrUndefined(join(files, path)) === undefined ? { kind: "files" } : { kind: "files", file: `files${path}` }));
  }
  // Each script runs on its own, so that what it changes is told apart from what the others do.
  for (const step of buildScriptSteps(files)) {
    await inContainer(["sh", "-c", `set -e\n${step.lines}`], filesBinds);
    observer.observe({ kind: "build-script", file: `files${step.script}` });
  }
  await inContainer(["sh", "-c", "touch /usr"], filesBinds);
  observer.observe({ kind: "touch-usr" });

  const setup = context.target.resolution.setupCommands;
  if (setup.length > 0) {
    context.report.step("running setup commands");
    await inContainer(["sh", "-c", script(setup.map((command) => ["sh", "-c", command]))]);
    observer.observe({ kind: "setup-commands" });
  }
  const services = context.target.resolution.services;
  if (services.length > 0) {
    context.report.step("enabling services");
    await inContainer(["systemctl", "enable", ...services]);
    observer.observe({ kind: "services" });
  }

  context.report.step("copying up the runtime closure");
  const list = collectCopyUpList(lower, closure);
  context.report.info(`${closure.packages.length} packages, ${list.paths.length} paths in the image`);
  const touch = inMountNamespace(lower, overlay, ["sh", "-c", `cd ${quoteForDisplay(overlay.mountPoint)} && xargs -0 -r touch -a -h -c --`]);
  await run(touch.command, touch.args, { log: context.log, report: context.report, signal: context.signal, input: list.paths.map((path) => `.${path}\0`).join("") });
  // A path the copy-up brought that no package owns is an extra top-level path or a parent
  // directory overlayfs made for an owned path.
  observer.observe((path) => (list.owners.has(path) ? undefined : EXTRA_TOPLEVEL_PATHS.includes(path) ? { kind: "extra-toplevel" } : { kind: "copy-up" }));
  // Device nodes cannot be copied up through the container; genpack copies them on the host too.
  if (existsSync(join(lower, "dev"))) {
    mkdirSync(join(overlay.upper, "dev"), { recursive: true });
    await run("cp", ["-a", `${join(lower, "dev")}/.`, `${join(overlay.upper, "dev")}/`], { log: context.log, report: context.report, signal: context.signal });
    observer.observe({ kind: "dev" });
  }

  context.report.step("removing overlayfs's extended attributes");
  await stripOverlayAttributes(context, overlay.upper);

  const retired = `${context.layout.upperDir}.gp-old`;
  rmSync(retired, { recursive: true, force: true });
  if (existsSync(context.layout.upperDir)) renameSync(context.layout.upperDir, retired);
  renameSync(building, context.layout.upperDir);
  rmSync(retired, { recursive: true, force: true });
  await writeContentsRecord(context.layout.contents, { upperKey: key, closure, paths: observer.paths(list.owners) });
  writeRecord(context.layout.upperState, { key, inputs, finished: new Date().toISOString(), facts: { packages: closure.packages.length, paths: list.paths.length } });
  return { key, ran: true, reason };
}

/**
 * /.genpack/, which genpack-install, vm and GRUB read: arch, profile, artifact, variant, the
 * Portage snapshot's commit and the package list. `arch` is the target arch, not what the
 * container reports, so an i686 image built on x86_64 says i686.
 */
function writeGenpackMetadata(context: PhaseContext, upper: string, packages: string): void {
  const directory = join(upper, ".genpack");
  mkdirSync(directory, { recursive: true });
  const { resolution } = context.target;
  writeFileSync(join(directory, "arch"), `${context.target.arch}\n`);
  writeFileSync(join(directory, "artifact"), `${resolution.name}\n`);
  if (resolution.profile !== null) writeFileSync(join(directory, "profile"), `${resolution.profile}\n`);
  if (context.target.variant !== null) writeFileSync(join(directory, "variant"), `${context.target.variant}\n`);
  const timestamp = readInputFile(join(context.layout.lower, "var/db/repos/gentoo/metadata/timestamp.commit"), { within: context.layout.lower });
  if (timestamp.ok) writeFileSync(join(directory, "timestamp.commit"), timestamp.data);
  writeFileSync(join(directory, "packages"), packages);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Removes `trusted.overlay.*` attributes (file handles of the lower) with the lower's Python, which has xattr calls. */
async function stripOverlayAttributes(context: PhaseContext, upper: string): Promise<void> {
  const program = [
    "import os",
    "def strip(path):",
    "    for name in os.listxattr(path, follow_symlinks=False):",
    "        if name.startswith('trusted.overlay.'):",
    "            os.removexattr(path, name, follow_symlinks=False)",
    "strip('/mnt/upper')",
    "for directory, directories, files in os.walk('/mnt/upper'):",
    "    for name in directories + files:",
    "        strip(os.path.join(directory, name))",
  ].join("\n");
  const { command, args } = containerCommand({ root: context.layout.lower, binds: [{ host: upper, container: "/mnt/upper" }] }, ["python3", "-c", program]);
  await run(command, args, { log: context.log, report: context.report, signal: context.signal });
}

/** Whether the upper holds anything but empty directories; used by `gp upper-bash` to refuse an empty one. */
export function hasUpper(context: PhaseContext): boolean {
  try {
    return lstatSync(context.layout.upper).isDirectory() && readdirSync(context.layout.upper).length > 0;
  } catch {
    return false;
  }
}
