import { relative } from "node:path";
import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { buildOptions, evaluationOptions, inputOptions, readEvaluation, readSelection, selectionOptions, targetOption, WITHOUT_TARGET } from "../../option-groups.js";

// Of the build's options, those that change a phase key: the lock read, and what the lower holds.
const { lockPath } = inputOptions();
const { independentBinpkgs, overlayOverride } = buildOptions();

const options = () => ({
  ...evaluationOptions(),
  target: targetOption(),
  ...selectionOptions(),
  lockPath,
  independentBinpkgs,
  overlayOverride,
});

export interface KeysCommand extends ReturnType<typeof options> {}

export class KeysCommand extends BaseCommand {
  static override paths = [["build", "keys"]];
  static override usage = Command.Usage({
    description: "print the phase keys a build would have, without building or downloading",
    details: `
      Compiles the blueprint as gp build does, reads the stage3 (of the arch), Portage snapshot
      and genpack-overlay that gp.lock pins, and prints the lower phase key gp build records in
      work/<arch>/lower[-<variant>].json for a build from them: \`lower <key>\` (with --json,
      {"lower": "<key>", ...}). Nothing is downloaded or built. The key changes whenever
      the lower would be made again (new inputs, packages, USE flags, Portage files or overlay),
      and not for a binhost; CI files key their caches by it (gp ci). A gp.lock that does not pin
      the arch's inputs is an error: run gp lock --arch ARCH first and commit gp.lock.
      ${WITHOUT_TARGET}
    `,
    examples: [
      ["The lower key of a blueprint's aarch64 build", "$0 build keys nextcloud.image.ts --arch aarch64"],
      ["As JSON", "$0 build keys nextcloud.image.ts --arch x86_64 --variant debug --json"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const { arch, variant } = readSelection(this);
    const evaluation = await readEvaluation(this);
    const { phaseKeys } = await import("../../../runtime/build/index.js");
    const keys = await phaseKeys({
      target: this.target,
      cwd,
      evaluation,
      ...(arch === undefined ? {} : { arch }),
      ...(variant === undefined ? {} : { variant }),
      ...(this.lockPath === undefined ? {} : { lockPath: this.lockPath }),
      options: { independentBinpkgs: this.independentBinpkgs, ...(this.overlayOverride === undefined ? {} : { overlayOverride: this.overlayOverride }) },
    });
    this.report(keys.diagnostics);
    if (!keys.ok) return EXIT.userError;
    if (this.json) this.printJson({ type: "result", ok: true, lower: keys.lower, arch: keys.arch, variant: keys.variant, lock: relative(cwd, keys.lockPath) || keys.lockPath });
    else this.context.stdout.write(`lower ${keys.lower}\n`);
    return EXIT.ok;
  }
}
