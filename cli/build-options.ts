import type { EvaluateOptions } from "../compiler/evaluate.js";
import { ARCHES, type Arch } from "../dsl/index.js";
import { SQUASHFS_COMPRESSIONS, type SquashfsCompression } from "../dsl/compression.js";
import type { InputRequest } from "../runtime/build/build.js";
import { JsonReporter } from "../runtime/report/json-reporter.js";
import type { Reporter } from "../runtime/report/reporter.js";
import { TerminalReporter } from "../runtime/report/terminal-reporter.js";
import { EvaluatingCommand, OptionProblem } from "./evaluating-command.js";
import { Option } from "./options.js";
import { useColor } from "./terminal.js";

/** What the commands on a blueprint or an artifact do without one, for their help. */
export const WITHOUT_TARGET = "Without a blueprint or directory, the current directory is used when it is a genpack artifact (it has genpack.json5 or genpack.json), else the one blueprint (*.image.ts) in it.";

/**
 * A command on a blueprint or an artifact directory; without one, the artifact in the current
 * directory, or else its one blueprint.
 */
export abstract class TargetCommand extends EvaluatingCommand {
  target = Option.String({ name: "blueprint|dir", required: false });
}

/**
 * A command on one arch and variant of a target. Options may come before or after the
 * subcommand (`gp --arch aarch64 build .` and `gp build . --arch aarch64` are the same).
 */
export abstract class SelectionCommand extends TargetCommand {
  arch = Option.String("--arch", { description: `Target arch: ${ARCHES.join(", ")} (default: this machine's)` });
  variant = Option.String("--variant", { description: "Variant to build (default: default_variant)" });
  noVariant = Option.Boolean("--no-variant", false, { description: "Build without a variant, even when there is a default one" });

  protected archOption(): Arch | undefined {
    if (this.arch === undefined) return undefined;
    if (!(ARCHES as readonly string[]).includes(this.arch)) throw new OptionProblem(`--arch ${this.arch} is not an arch genpack builds for; use ${ARCHES.join(", ")}.`);
    return this.arch as Arch;
  }

  protected variantOption(): string | null | undefined {
    if (this.noVariant && this.variant !== undefined) throw new OptionProblem("--variant and --no-variant exclude each other.");
    return this.noVariant ? null : this.variant;
  }

  /**
   * The arch and variant asked for, checked; undefined after reporting a bad one. `arch` is
   * undefined when none was given (the build picks this machine's).
   */
  protected selection(): { arch: Arch | undefined; variant: string | null | undefined; evaluation: EvaluateOptions } | undefined {
    return this.checked(() => ({ arch: this.archOption(), variant: this.variantOption(), evaluation: this.evaluation() }));
  }
}

/** A command that resolves the downloaded inputs: where they come from and how they are pinned. */
export abstract class InputsCommand extends SelectionCommand {
  offline = Option.Boolean("--offline", false, { description: "Use only the download cache; never touch the network" });
  lockPath = Option.String("--lock", { description: "The lock file (default: gp.lock beside the blueprint, or in the artifact directory)" });
  stage3 = Option.String("--stage3", { description: "Stage3: a latest-stage3 .txt URL, a tarball URL or a local tarball" });
  portage = Option.String("--portage", { description: "Portage snapshot: a URL or a local tarball" });
  genpackOverlay = Option.String("--genpack-overlay", { description: "genpack-overlay: a tarball URL or a local tarball" });
  gentooMirror = Option.String("--gentoo-mirror", { description: "Gentoo mirror for the stage3 and the snapshot, and the first place emerge fetches distfiles from (GENTOO_MIRRORS; default: https://distfiles.gentoo.org/, and Portage's own setting for distfiles)" });
  githubApi = Option.String("--github-api", { description: "GitHub API base for resolving genpack-overlay's commit (default: https://api.github.com/)" });
  githubArchive = Option.String("--github-archive", { description: "Base of GitHub's archive downloads (default: https://github.com/)" });
  openpgpKey = Option.String("--openpgp-key", { description: "OpenPGP key file: require good signatures on the stage3 and snapshot" });

  /**
   * `--gentoo-mirror`, checked: an http or https URL, which both gp's downloads and Portage's
   * GENTOO_MIRRORS (a space-separated list) take as one mirror.
   */
  protected gentooMirrorOption(): string | undefined {
    if (this.gentooMirror === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(this.gentooMirror);
    } catch {
      throw new OptionProblem(`--gentoo-mirror ${this.gentooMirror} is not a URL; give one such as https://distfiles.gentoo.org/.`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OptionProblem(`--gentoo-mirror ${this.gentooMirror} is not an http or https URL.`);
    return url.href;
  }

  protected inputRequest(update = false): InputRequest {
    const overrides = {
      ...(this.stage3 === undefined ? {} : { stage3: this.stage3 }),
      ...(this.portage === undefined ? {} : { portage: this.portage }),
      ...(this.genpackOverlay === undefined ? {} : { overlay: this.genpackOverlay }),
    };
    const overlaySource = {
      ...(this.githubApi === undefined ? {} : { apiBase: this.githubApi }),
      ...(this.githubArchive === undefined ? {} : { archiveBase: this.githubArchive }),
      ...(process.env["GITHUB_TOKEN"] === undefined ? {} : { token: process.env["GITHUB_TOKEN"] }),
    };
    return {
      overrides,
      sources: { ...(this.gentooMirror === undefined ? {} : { gentooMirror: this.gentooMirror }), overlay: overlaySource },
      offline: this.offline,
      update,
      ...(this.lockPath === undefined ? {} : { lockPath: this.lockPath }),
      ...(this.openpgpKey === undefined ? {} : { openpgpKey: this.openpgpKey }),
    };
  }

}

/** The build commands: the phases, how they run, and how they report. */
export abstract class BuildOptionsCommand extends InputsCommand {
  compression = Option.String("--compression", { description: `SquashFS compression: ${SQUASHFS_COMPRESSIONS.join(", ")} (default: genpack.json5's, else gzip)` });
  parallel = Option.Boolean("--parallel", false, { description: "Let emerge build several packages at once (--jobs, --load-average)" });
  independentBinpkgs = Option.Boolean("--independent-binpkgs", false, { description: "Keep binary packages in this build's lower instead of the shared cache" });
  deepDepclean = Option.Boolean("--deep-depclean", false, { description: "Depclean with --with-bdeps=n right away" });
  breakCircularDeps = Option.Boolean("--break-circular-deps", false, { description: "Run the circular-dependency breaker even on an existing lower" });
  overlayOverride = Option.String("--overlay-override", { description: "A genpack-overlay checkout to use instead of the downloaded one" });

  protected compressionOption(): SquashfsCompression | undefined {
    if (this.compression === undefined) return undefined;
    if (!(SQUASHFS_COMPRESSIONS as readonly string[]).includes(this.compression)) throw new OptionProblem(`--compression ${this.compression} is not offered; use ${SQUASHFS_COMPRESSIONS.join(", ")}.`);
    return this.compression as SquashfsCompression;
  }

  protected reporter(): Reporter {
    return commandReporter(this.json, this.context);
  }

  /** An AbortSignal that Ctrl-C and SIGTERM fire; containers stop and mounts go with them. */
  protected interruptSignal(): Interrupt {
    return interruptOnSignals(this.context.stderr, "the running command is being stopped and the work directory unlocked");
  }
}

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
  interrupted(): boolean;
}

/**
 * An AbortSignal that the first Ctrl-C (or SIGTERM) fires, saying what stopping means; a second
 * one quits at once.
 */
export function interruptOnSignals(stderr: NodeJS.WritableStream, meaning: string): Interrupt {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count += 1;
    if (count === 1) {
      stderr.write(`\ngp: stopping: ${meaning} (press Ctrl-C again to quit at once)\n`);
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
    interrupted: () => count > 0,
  };
}

/** A live status on a terminal, plain lines in a log, JSON lines with --json. */
export function commandReporter(json: boolean, context: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream }): Reporter {
  if (json) return new JsonReporter(context.stdout);
  const stream = context.stderr as NodeJS.WriteStream;
  const live = stream.isTTY === true && process.env["CI"] !== "true";
  return new TerminalReporter(stream, { color: useColor(stream), live, columns: () => stream.columns ?? 100 });
}
