import { relative } from "node:path";
import { Command } from "clipanion";
import { ARCHES, type Arch } from "../../../dsl/index.js";
import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { evaluationOptions, inputOptions, readEvaluation, readInputs, targetOption, WITHOUT_TARGET } from "../../option-groups.js";
import { Option } from "../../options.js";

// gp lock takes --arch many times, one stage3 for each, and no variant: a lock serves them all.
const options = () => ({
  ...evaluationOptions(),
  target: targetOption(),
  ...inputOptions(),
  update: Option.Boolean("--update", false, { description: "Resolve every input anew instead of keeping what gp.lock pins" }),
  arches: Option.Array("--arch", { description: `Arches whose stage3 to pin: ${ARCHES.join(", ")} (default: this machine's)` }),
});

export interface LockCommand extends ReturnType<typeof options> {}

export class LockCommand extends BaseCommand {
  static override paths = [["lock"]];
  static override usage = Command.Usage({
    description: "pin the stage3, Portage snapshot and genpack-overlay in gp.lock",
    details: `
      Resolves the newest stage3 (for each arch given, default this machine's), the newest dated
      Portage snapshot and the current commit of genpack-overlay, downloads and verifies them
      (SHA-512 from DIGESTS, OpenPGP signatures with --openpgp-key), and records them in gp.lock
      beside the blueprint or in the artifact directory. Builds then use exactly those files.
      Without --update, what gp.lock already pins stays; with it, everything is resolved anew.
      ${WITHOUT_TARGET}
    `,
    examples: [
      ["Pin the inputs of a blueprint", "$0 lock nextcloud.image.ts"],
      ["Move to the newest inputs for two arches", "$0 lock nextcloud.image.ts --update --arch x86_64 --arch aarch64"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const unknown = (this.arches ?? []).filter((arch) => !(ARCHES as readonly string[]).includes(arch));
    if (unknown.length > 0) return this.printFailure(new GpError(codes.archNotSupported, `${unknown.join(", ")} ${unknown.length === 1 ? "is not an arch" : "are not arches"} genpack builds for; use ${ARCHES.join(", ")}.`));
    const arches = this.arches as Arch[] | undefined;
    const evaluation = await readEvaluation(this);
    const request = readInputs(this, this.update);
    const [{ lockTarget }, { describeRetry }] = await Promise.all([import("../../../runtime/build/index.js"), import("../../../runtime/inputs/index.js")]);
    try {
      const result = await lockTarget({
        target: this.target,
        cwd,
        evaluation,
        ...(arches === undefined ? {} : { arches }),
        ...(this.lockPath === undefined ? {} : { lockPath: this.lockPath }),
        ...(request.overrides === undefined ? {} : { overrides: request.overrides }),
        ...(request.sources === undefined ? {} : { sources: request.sources }),
        offline: this.offline,
        update: this.update,
        ...(this.openpgpKey === undefined ? {} : { openpgpKey: this.openpgpKey }),
        onNote: (note) => {
          if (!this.json) this.context.stderr.write(`${note}\n`);
        },
        onRetry: (notice) => {
          if (this.json) this.printJson({ type: "retry", ...notice });
          else this.context.stderr.write(`gp lock: ${describeRetry(notice)}\n`);
        },
      });
      if (!result.ok) {
        this.report(result.diagnostics);
        return EXIT.userError;
      }
      const { locked, lockPath } = result;
      if (this.json) this.printJson({ type: "result", ok: true, lock: relative(cwd, lockPath), changed: locked.lockChanged, notes: locked.notes });
      else this.context.stdout.write(`${locked.lockChanged ? "wrote" : "unchanged:"} ${relative(cwd, lockPath)}\n`);
      return EXIT.ok;
    } catch (problem) {
      return this.printFailure(problem);
    }
  }
}
