import { relative } from "node:path";
import { Command } from "clipanion";
import type { PhaseName } from "../../runtime/build/build.js";
import { EXIT } from "../base-command.js";
import { BuildOptionsCommand, WITHOUT_TARGET } from "../build-options.js";

/** What the phase commands share: run some phases and report the outcome. */
abstract class PhasesCommand extends BuildOptionsCommand {
  abstract readonly phases: readonly PhaseName[];
  readonly forceLower: boolean = false;

  async run(): Promise<number> {
    const selected = this.checked(() => ({ arch: this.archOption(), variant: this.variantOption(), compression: this.compressionOption(), gentooMirror: this.gentooMirrorOption(), evaluation: this.evaluation() }));
    if (selected === undefined) return EXIT.userError;
    const { arch, variant, compression, gentooMirror, evaluation } = selected;
    const reporter = this.reporter();
    const interrupt = this.interruptSignal();
    const cwd = process.cwd();
    try {
      // Loaded here, not at the top: the runtime (execa and all) would slow every other command's start.
      const { build } = await import("../../runtime/build/build.js");
      const result = await build({
        target: this.target,
        cwd,
        ...(arch === undefined ? {} : { arch }),
        ...(variant === undefined ? {} : { variant }),
        phases: this.phases,
        options: {
          ...(compression === undefined ? {} : { compression }),
          parallel: this.parallel,
          independentBinpkgs: this.independentBinpkgs,
          deepDepclean: this.deepDepclean,
          breakCircularDeps: this.breakCircularDeps,
          forceLower: this.forceLower,
          ...(gentooMirror === undefined ? {} : { gentooMirror }),
          ...(this.overlayOverride === undefined ? {} : { overlayOverride: this.overlayOverride }),
        },
        inputs: this.inputRequest(),
        reporter,
        signal: interrupt.signal,
        evaluation,
      });
      reporter.close();
      this.report(result.diagnostics);
      const image = result.image;
      if (this.json) {
        this.printJson({
          type: "result",
          ok: result.ok,
          ...(result.failureCode === undefined ? {} : { code: result.failureCode }),
          ...(result.failure === undefined ? {} : { failure: result.failure }),
          ...(result.artifactDir === undefined ? {} : { artifactDir: relative(cwd, result.artifactDir) || "." }),
          phases: result.phases,
          ...(image === undefined ? {} : { image: relative(cwd, image.image), sha256: image.sha256, size: image.size, ...(image.superfloppy === undefined ? {} : { superfloppy: relative(cwd, image.superfloppy) }) }),
        });
      } else if (!result.ok) {
        if (result.failure !== undefined) this.context.stderr.write(`gp ${this.phases.length === 3 ? "build" : this.phases.join(" ")}: ${result.failureCode === undefined ? "" : `error ${result.failureCode}: `}${result.failure}\n`);
      } else if (image !== undefined) {
        const megabytes = (image.size / 1024 ** 2).toFixed(1);
        this.context.stdout.write(`${image.ran ? "built" : "up to date:"} ${relative(cwd, image.image)} (${megabytes} MiB, sha256 ${image.sha256.slice(0, 16)}…)\n`);
        if (image.superfloppy !== undefined) this.context.stdout.write(`and ${relative(cwd, image.superfloppy)}\n`);
      } else {
        this.context.stdout.write(`${result.phases.map((phase) => `${phase.phase}: ${phase.ran ? "done" : "up to date"}`).join(", ")}\n`);
      }
      if (interrupt.interrupted()) return 130;
      return result.ok ? EXIT.ok : EXIT.userError;
    } finally {
      interrupt.dispose();
    }
  }
}

const TARGET_DETAILS = `
  The target is a blueprint (compiled first, into out/<name> beside it) or a genpack artifact
  directory. ${WITHOUT_TARGET} gp needs root, systemd-nspawn, unshare,
  overlayfs, tar, rsync, mksquashfs and mtools. Work goes to work/<arch>/ in the artifact
  directory; gp.lock beside the blueprint (or in the artifact directory) pins the stage3, the
  Portage snapshot and genpack-overlay.
`;

export class BuildCommand extends PhasesCommand {
  static override paths = [["build"]];
  static override usage = Command.Usage({
    description: "build a SquashFS image: lower, upper, pack",
    details: `
      Runs the three phases of genpack: **lower** (a stage3 with emerge run over the packages,
      USE flags and keywords the blueprint sets), **upper** (package scripts, users, files/,
      build scripts, setup commands and services over the lower, then the runtime closure
      copied up) and **pack** (mksquashfs of the upper layer). Each phase runs only when
      something it depends on changed, and says what; a second build with nothing changed does
      nothing. The image is reproducible: the same inputs give the same bytes.
      ${TARGET_DETAILS}
    `,
    examples: [
      ["Build the image of a blueprint", "$0 build nextcloud.image.ts"],
      ["Build the one blueprint in this directory, as gp init made it", "$0 build"],
      ["Build an artifact directory for aarch64 with xz", "$0 build ./nextcloud --arch aarch64 --compression xz"],
      ["Rebuild from the download cache only", "$0 build . --offline"],
    ],
  });
  readonly phases = ["lower", "upper", "pack"] as const;
}

export class LowerCommand extends PhasesCommand {
  static override paths = [["lower"]];
  static override usage = Command.Usage({
    description: "run the lower phase (emerge), even when nothing changed",
    details: TARGET_DETAILS,
  });
  readonly phases = ["lower"] as const;
  override readonly forceLower = true;
}

export class UpperCommand extends PhasesCommand {
  static override paths = [["upper"]];
  static override usage = Command.Usage({ description: "rebuild the upper layer over the finished lower, even when nothing changed", details: TARGET_DETAILS });
  readonly phases = ["upper"] as const;
}

export class PackCommand extends PhasesCommand {
  static override paths = [["pack"]];
  static override usage = Command.Usage({
    description: "pack the upper layer into the SquashFS image, even when nothing changed",
    details: `${TARGET_DETAILS}
  Changes made with \`gp upper-bash\` reach the image this way; the next upper rebuild drops them.
`,
  });
  readonly phases = ["pack"] as const;
}
