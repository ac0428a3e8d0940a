import { statSync, type Stats } from "node:fs";
import { Command } from "clipanion";
import { openTarget } from "../../runtime/build/open-target.js";
import { hostArch } from "../../genpack/arch.js";
import { cacheLayout } from "../../runtime/build/work-layout.js";
import { EXIT } from "../base-command.js";
import { SelectionCommand, WITHOUT_TARGET } from "../build-options.js";
import { Option } from "../options.js";

abstract class ShellCommand extends SelectionCommand {
  abstract readonly on: "lower" | "upper";
  // One rest list: its first word is the target when it names a directory or a blueprint,
  // as in `gp bash ./nextcloud emerge -pv foo`; otherwise all of it is the command.
  override target: string | undefined = undefined;
  words = Option.Rest({ name: "[blueprint|dir] command" });
  overlayOverride = Option.String("--overlay-override", { description: "A genpack-overlay checkout to bind instead of the downloaded one" });
  command: string[] = [];

  async run(): Promise<number> {
    const [first, ...rest] = this.words;
    if (first !== undefined && isShellTarget(first)) {
      this.target = first;
      this.command = rest;
    } else {
      this.command = [...this.words];
    }
    const selected = this.selection();
    if (selected === undefined) return EXIT.userError;
    const arch = selected.arch ?? hostArch() ?? "x86_64";
    const { variant, evaluation } = selected;
    const opened = await openTarget(this.target, { cwd: process.cwd(), arch, ...(variant === undefined ? {} : { variant }), compile: false, evaluation });
    this.report(opened.diagnostics);
    if (!opened.ok) return EXIT.userError;
    const { openShell, shellProblem } = await import("../../runtime/build/tools/shell.js");
    const problem = shellProblem({ layout: opened.layout, on: this.on });
    if (problem !== undefined) {
      this.context.stderr.write(`gp: ${problem}\n`);
      return EXIT.userError;
    }
    const exitCode = await openShell({
      target: opened.target,
      layout: opened.layout,
      cache: cacheLayout(),
      on: this.on,
      command: this.command,
      ...(this.overlayOverride === undefined ? {} : { overlayOverride: this.overlayOverride }),
    });
    // An interactive shell's exit code is the user's business; a command's is reported.
    return this.command.length === 0 ? EXIT.ok : exitCode;
  }
}

export class BashCommand extends ShellCommand {
  static override paths = [["bash"]];
  static override usage = Command.Usage({
    description: "open a shell (or run a command) in the lower root",
    details: `The shell runs in a container on the lower, with the binary package cache and distfiles bound, as the lower phase has them. Changes stay in the lower. Packages installed or removed here make the next \`gp build\` redo the upper layer; \`gp lower\` runs the emerge pipeline again. ${WITHOUT_TARGET}`,
    examples: [
      ["Open a shell in the lower of the current artifact", "$0 bash"],
      ["See what emerge would update (options of the command after --)", "$0 bash . -- emerge -pvuDN @world"],
    ],
  });
  readonly on = "lower" as const;
}

export class UpperBashCommand extends ShellCommand {
  static override paths = [["upper-bash"]];
  static override usage = Command.Usage({
    description: "open a shell on the upper layer over the lower",
    details: `The shell sees the root as the upper phase left it. Changes go into the upper layer and reach the image if packed; the next \`gp upper\` starts over. ${WITHOUT_TARGET}`,
  });
  readonly on = "upper" as const;
}

/** Whether a word names what `gp bash` opens (a directory or a blueprint) rather than a command. */
export function isShellTarget(word: string): boolean {
  const stats = statOrUndefined(word);
  return stats?.isDirectory() === true || (/\.(?:[cm]?ts|tsx|[cm]?js)$/.test(word) && stats?.isFile() === true);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
