import { existsSync, mkdirSync } from "node:fs";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import { basename, dirname, join, relative } from "node:path";
import type { Arch } from "../../dsl/index.js";
import type { Diagnostic } from "../../compiler/index.js";
import { codes } from "../../errors/codes.js";
import { asUserError, describeUserError, GpError } from "../../errors/gp-error.js";
import { readInputText } from "../../host/input-file.js";
import { acquirePidLock, releasePidLock } from "../../host/pid-lock.js";
import { hasCommand, LogFile } from "../../host/exec.js";
import { describeRetry } from "../inputs/download.js";
import { resolveInputs, type InputOverrides, type InputSources } from "../inputs/resolve-inputs.js";
import { PhaseReport, type Reporter } from "../report/reporter.js";
import type { BuildContext, BuildInputs, BuildOptions, PhaseContext } from "./build-context.js";
import { hostArch } from "../../genpack/arch.js";
import { crossArchProblem } from "./host-arch.js";
import { ConfigurationProblem } from "./lower/configure.js";
import { lowerPhase } from "./lower/lower-phase.js";
import { packPhase, type PackOutcome } from "./pack/pack-phase.js";
import { readRecord } from "./phase-state.js";
import { upperPhase } from "./upper/upper-phase.js";
import { openTarget } from "./open-target.js";
import { cacheLayout, type CacheLayout } from "./work-layout.js";
import { sourceDateEpochOf } from "../source-date-epoch.js";

export type PhaseName = "lower" | "upper" | "pack";

/** How the inputs are found: the lock, overrides, mirrors, offline. */
export interface InputRequest {
  readonly lockPath?: string;
  readonly overrides?: InputOverrides;
  readonly sources?: InputSources;
  readonly offline?: boolean;
  readonly update?: boolean;
  readonly openpgpKey?: string;
}

export interface BuildRequest {
  /** A blueprint file or an artifact directory; undefined for the artifact or the one blueprint in `cwd`. */
  readonly target: string | undefined;
  readonly cwd?: string;
  readonly arch?: Arch;
  /** A variant; undefined takes the default variant; null builds none. */
  readonly variant?: string | null;
  /** The phases to run, in order; `gp build` runs all three. */
  readonly phases: readonly PhaseName[];
  readonly options?: BuildOptions;
  readonly inputs?: InputRequest;
  readonly reporter: Reporter;
  readonly signal: AbortSignal;
  readonly cache?: CacheLayout;
  /** How a blueprint target is run. */
  readonly evaluation?: EvaluateOptions;
  /** The caller has type-checked the blueprint already (gp build --all, in one run for all of them): it is not checked again. */
  readonly typechecked?: boolean;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** A failure that is not about the blueprint: a missing tool, a failed command, a download. */
  readonly failure?: string;
  /** The register's code of `failure`. */
  readonly failureCode?: string;
  readonly artifactDir?: string;
  readonly image?: PackOutcome;
  readonly phases: readonly { readonly phase: PhaseName; readonly ran: boolean; readonly reason: string; readonly seconds: number }[];
}

/** The host tools a build runs, with the Debian package that has each. */
const HOST_TOOLS: readonly (readonly [string, string])[] = [
  ["systemd-nspawn", "systemd-container"],
  ["unshare", "util-linux"],
  ["setpriv", "util-linux"],
  ["tar", "tar"],
  ["rsync", "rsync"],
  ["mksquashfs", "squashfs-tools"],
  ["cp", "coreutils"],
  ["mformat", "mtools"],
];

/** Why this machine cannot build, or undefined. */
async function hostProblem(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) {
    return "gp build needs root: it runs systemd-nspawn, mounts overlayfs and keeps file owners as they are in the image. Run it with sudo.";
  }
  const missing: string[] = [];
  for (const [tool, debianPackage] of HOST_TOOLS) if (!(await hasCommand(tool))) missing.push(`${tool} (Debian: ${debianPackage})`);
  return missing.length === 0 ? undefined : `gp build needs these programs, which are not installed: ${missing.join(", ")}.`;
}

/** The image's timestamps: the option, else the Portage snapshot's commit time, else 0. */
function sourceDateEpoch(context: BuildContext): number {
  if (context.options.sourceDateEpoch !== undefined) return context.options.sourceDateEpoch;
  const environment = sourceDateEpochOf();
  if (environment !== undefined) return environment;
  // Gentoo's timestamp.commit: "<commit> <unix time> <utc offset>"; without one, 0.
  const read = readInputText(join(context.layout.lower, "var/db/repos/gentoo/metadata/timestamp.commit"), { within: context.layout.lower });
  const seconds = read.ok ? Number(read.text.trim().split(/\s+/)[1]) : 0;
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 0;
}

/** Pins and fetches the stage3, the Portage snapshot and genpack-overlay, reporting as "inputs". */
function resolveBuildInputs(request: BuildRequest, arch: Arch, cache: CacheLayout, cwd: string, defaultLock: string): Promise<BuildInputs> {
  const inputReport = new PhaseReport(request.reporter, "inputs");
  const lockPath = request.inputs?.lockPath ?? defaultLock;
  return resolveInputs({
    arch,
    lockPath,
    cacheDir: cache.downloads,
    cwd,
    signal: request.signal,
    ...(request.inputs?.overrides === undefined ? {} : { overrides: request.inputs.overrides }),
    ...(request.inputs?.sources === undefined ? {} : { sources: request.inputs.sources }),
    ...(request.inputs?.offline === undefined ? {} : { offline: request.inputs.offline }),
    ...(request.inputs?.update === undefined ? {} : { update: request.inputs.update }),
    ...(request.inputs?.openpgpKey === undefined ? {} : { openpgpKey: request.inputs.openpgpKey }),
    onNote: (note) => inputReport.info(note),
    onRetry: (notice) => inputReport.warn(describeRetry(notice)),
    onProgress: (progress) => inputReport.progress(`${progress.input} ${basename(progress.url)}`, progress.bytes, progress.total),
  });
}

/**
 * `gp build` and its parts: resolves the target as genpack would, pins and fetches the inputs,
 * takes the work directory's lock, and runs the requested phases, each skipped when nothing it
 * depends on changed. Every way it can fail ends in a result with a message, never a throw,
 * except for bugs.
 */
export async function build(request: BuildRequest): Promise<BuildResult> {
  const startedOn = new Date();
  const cwd = request.cwd ?? process.cwd();
  const arch = request.arch ?? hostArch() ?? "x86_64";
  const phases: { phase: PhaseName; ran: boolean; reason: string; seconds: number }[] = [];
  const opened = await openTarget(request.target, { cwd, arch, ...(request.variant === undefined ? {} : { variant: request.variant }), compile: true, typecheck: request.typechecked !== true, ...(request.evaluation === undefined ? {} : { evaluation: request.evaluation }) });
  const { diagnostics } = opened;
  if (!opened.ok) return { ok: false, diagnostics, ...(opened.artifactDir === undefined ? {} : { artifactDir: opened.artifactDir }), phases };
  const { artifactDir, target, layout, lockPath: defaultLock, source } = opened;
  const failed = (entry: { readonly code: string }, failure: string): BuildResult => ({ ok: false, diagnostics, failure, failureCode: entry.code, artifactDir, phases });
  const crossArch = crossArchProblem(arch);
  if (crossArch !== undefined) return failed(codes.crossArchUnavailable, crossArch);
  const host = await hostProblem();
  if (host !== undefined) return failed(codes.hostNotReady, host);

  const cache = request.cache ?? cacheLayout();
  try {
    mkdirSync(layout.workDir, { recursive: true });
  } catch (problem) {
    return failed(codes.fileSystemRefused, `The work directory ${layout.workDir} cannot be made (${(problem as Error).message.split(",")[0]}).`);
  }
  const lock = acquirePidLock(layout.lock);
  if ("problem" in lock) return failed(codes.buildLocked, `The build's lock ${lock.problem}.`);
  if ("heldBy" in lock) return failed(codes.buildLocked, `Another gp (process ${lock.heldBy}) is building in ${layout.workDir}. Wait for it to finish.`);
  try {
    const context: BuildContext = { target, options: request.options ?? {}, layout, cache, reporter: request.reporter, signal: request.signal };
    // Only the lower reads the downloaded inputs; `gp upper` and `gp pack` work offline.
    const inputs = request.phases.includes("lower") ? await resolveBuildInputs(request, arch, cache, cwd, defaultLock) : undefined;
    let lowerKey = readRecord(layout.lowerState)?.key ?? "";
    let upperKey = readRecord(layout.upperState)?.key ?? "";
    let image: PackOutcome | undefined;
    for (const phase of request.phases) {
      const started = performance.now();
      const log = new LogFile(layout.log(phase));
      const phaseContext: PhaseContext = { ...context, report: new PhaseReport(request.reporter, phase), log };
      request.reporter.emit({ type: "phase", phase, status: "start", reason: `log: ${log.path}` });
      try {
        let outcome: { ran: boolean; reason: string };
        if (phase === "lower") {
          if (inputs === undefined) throw new Error("the lower phase runs without resolved inputs");
          const lowered = await lowerPhase({ ...phaseContext, inputs });
          lowerKey = lowered.key;
          outcome = lowered;
        } else if (phase === "upper") {
          if (lowerKey === "") throw new PhaseOrderProblem("upper needs a finished lower; run `gp build` or `gp lower` first.");
          const uppered = await upperPhase(phaseContext, lowerKey, sourceDateEpoch(context), request.phases.length === 1);
          upperKey = uppered.key;
          outcome = uppered;
        } else {
          if (upperKey === "" || !existsSync(layout.upper)) throw new PhaseOrderProblem("pack needs a finished upper; run `gp build` or `gp upper` first.");
          const lockPath = request.inputs?.lockPath ?? defaultLock;
          const record = { startedOn, lockPath, blueprint: relative(dirname(lockPath), source) || ".", lowerKey };
          image = await packPhase(phaseContext, upperKey, sourceDateEpoch(context), record, request.phases.length === 1);
          outcome = image;
        }
        const seconds = (performance.now() - started) / 1000;
        phases.push({ phase, ran: outcome.ran, reason: outcome.reason, seconds });
        request.reporter.emit({ type: "phase", phase, status: outcome.ran ? "done" : "skipped", reason: outcome.reason, seconds });
      } catch (problem) {
        const seconds = (performance.now() - started) / 1000;
        request.reporter.emit({ type: "phase", phase, status: "failed", seconds });
        throw problem;
      } finally {
        await log.close();
      }
    }
    return { ok: true, diagnostics, artifactDir, phases, ...(image === undefined ? {} : { image }) };
  } catch (problem) {
    const failure = asUserError(problem);
    if (failure === undefined) throw problem;
    return failed(failure, describeUserError(failure));
  } finally {
    releasePidLock(lock);
  }
}

/** A phase asked for before the one it needs. */
export class PhaseOrderProblem extends GpError {
  constructor(message: string) {
    super(codes.phaseOutOfOrder, message);
  }
}
