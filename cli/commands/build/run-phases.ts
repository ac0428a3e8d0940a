import { relative } from "node:path";
import type { BuildOptions, PhaseName } from "../../../runtime/build/index.js";
import { EXIT, type BaseCommand } from "../../base-command.js";
import { interruptOnSignals } from "../../interrupt.js";
import { buildOptions, evaluationOptions, inputOptions, readBinhosts, readCompression, readEvaluation, readGentooMirror, readInputs, readSelection, selectionOptions, targetOption, WITHOUT_TARGET } from "../../option-groups.js";

/** The options of the phase commands (build, lower, upper, pack), all the same. */
export function phaseOptions() {
  return {
    ...evaluationOptions(),
    target: targetOption(),
    ...selectionOptions(),
    ...inputOptions(),
    ...buildOptions(),
  };
}

/** A phase command: its options' values and what every command reports with. */
export type PhaseCommand = BaseCommand & ReturnType<typeof phaseOptions>;

/** What the phase commands' help says of the target and of what a build needs. */
export const TARGET_DETAILS = `The target is a blueprint (compiled first, into out/<name> beside it) or a genpack artifact directory. ${WITHOUT_TARGET} gp needs root, systemd-nspawn, unshare, overlayfs, tar, rsync, mksquashfs and mtools. Work goes to work/<arch>/ in the artifact directory; gp.lock beside the blueprint (or in the artifact directory) pins the stage3, the Portage snapshot and genpack-overlay.`;

/** How the build runs, from the command's options. */
export function readBuildOptions(command: PhaseCommand, { forceLower = false } = {}): BuildOptions {
  const compression = readCompression(command);
  const gentooMirror = readGentooMirror(command);
  const binhosts = readBinhosts(command);
  return {
    ...(compression === undefined ? {} : { compression }),
    parallel: command.parallel,
    independentBinpkgs: command.independentBinpkgs,
    deepDepclean: command.deepDepclean,
    breakCircularDeps: command.breakCircularDeps,
    forceLower,
    ...(gentooMirror === undefined ? {} : { gentooMirror }),
    ...(binhosts === undefined ? {} : { binhosts }),
    ...(command.overlayOverride === undefined ? {} : { overlayOverride: command.overlayOverride }),
  };
}

/** Runs some phases of the build of `command`'s target and reports the outcome; the exit status. */
export async function runPhases(command: PhaseCommand, phases: readonly PhaseName[], { forceLower = false } = {}): Promise<number> {
  const { arch, variant } = readSelection(command);
  const options = readBuildOptions(command, { forceLower });
  const evaluation = await readEvaluation(command);
  const { stdout, stderr } = command.context;
  // Loaded here, not at the top: the runtime (execa and all) would slow every other command's start.
  const { build, commandReporter } = await import("../../../runtime/build/index.js");
  const reporter = commandReporter(command.reportTarget());
  // Ctrl-C and SIGTERM fire it; containers stop and mounts go with them.
  const interrupt = interruptOnSignals(stderr, "the running command is being stopped and the work directory unlocked");
  const cwd = process.cwd();
  try {
    const result = await build({
      target: command.target,
      cwd,
      ...(arch === undefined ? {} : { arch }),
      ...(variant === undefined ? {} : { variant }),
      phases,
      options,
      inputs: readInputs(command),
      reporter,
      signal: interrupt.signal,
      evaluation,
    });
    reporter.close();
    command.report(result.diagnostics);
    const image = result.image;
    if (command.json) {
      command.printJson({
        type: "result",
        ok: result.ok,
        ...(result.failureCode === undefined ? {} : { code: result.failureCode }),
        ...(result.failure === undefined ? {} : { failure: result.failure }),
        ...(result.artifactDir === undefined ? {} : { artifactDir: relative(cwd, result.artifactDir) || "." }),
        phases: result.phases,
        ...(image === undefined
          ? {}
          : { image: relative(cwd, image.image), sha256: image.sha256, size: image.size, ...(image.superfloppy === undefined ? {} : { superfloppy: relative(cwd, image.superfloppy) }), sbom: relative(cwd, image.sbom), provenance: relative(cwd, image.provenance) }),
      });
    } else if (!result.ok) {
      if (result.failure !== undefined) stderr.write(`gp ${phases.length === 3 ? "build" : phases.join(" ")}: ${result.failureCode === undefined ? "" : `error ${result.failureCode}: `}${result.failure}\n`);
    } else if (image !== undefined) {
      const megabytes = (image.size / 1024 ** 2).toFixed(1);
      stdout.write(`${image.ran ? "built" : "up to date:"} ${relative(cwd, image.image)} (${megabytes} MiB, sha256 ${image.sha256.slice(0, 16)}…)\n`);
      if (image.superfloppy !== undefined) stdout.write(`and ${relative(cwd, image.superfloppy)}\n`);
      stdout.write(`SBOM: ${relative(cwd, image.sbom)}\nprovenance: ${relative(cwd, image.provenance)}\n`);
    } else {
      stdout.write(`${result.phases.map((phase) => `${phase.phase}: ${phase.ran ? "done" : "up to date"}`).join(", ")}\n`);
    }
    if (interrupt.interrupted()) return 130;
    return result.ok ? EXIT.ok : EXIT.userError;
  } finally {
    interrupt.dispose();
  }
}
