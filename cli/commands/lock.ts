import { relative } from "node:path";
import { Command } from "clipanion";
import { ARCHES, type Arch } from "../../dsl/index.js";
import { hostArch } from "../../genpack/arch.js";
import { openTarget } from "../../runtime/build/open-target.js";
import { cacheLayout } from "../../runtime/build/work-layout.js";
import { EXIT } from "../base-command.js";
import { InputsCommand, WITHOUT_TARGET } from "../build-options.js";
import { Option } from "../options.js";

export class LockCommand extends InputsCommand {
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
  update = Option.Boolean("--update", false, { description: "Resolve every input anew instead of keeping what gp.lock pins" });
  arches = Option.Array("--arch", { description: `Arches whose stage3 to pin: ${ARCHES.join(", ")} (default: this machine's)` });
  override arch: string | undefined = undefined;

  async run(): Promise<number> {
    const cwd = process.cwd();
    const requested = this.arches ?? [hostArch() ?? "x86_64"];
    const unknown = requested.filter((arch) => !(ARCHES as readonly string[]).includes(arch));
    if (unknown.length > 0) {
      this.context.stderr.write(`gp: ${unknown.join(", ")} ${unknown.length === 1 ? "is not an arch" : "are not arches"} genpack builds for; use ${ARCHES.join(", ")}.\n`);
      return EXIT.userError;
    }
    const arches = requested as Arch[];
    const evaluation = this.checked(() => this.evaluation());
    if (evaluation === undefined) return EXIT.userError;
    const opened = await openTarget(this.target, { cwd, arch: arches[0] as Arch, variant: null, compile: false, evaluation });
    const lockPath = this.lockPath ?? (opened.ok ? opened.lockPath : undefined);
    if (lockPath === undefined) {
      this.report(opened.diagnostics);
      return EXIT.userError;
    }
    const request = this.inputRequest(this.update);
    const [{ lockInputs }, { describeRetry }] = await Promise.all([import("../../runtime/inputs/resolve-inputs.js"), import("../../runtime/inputs/download.js")]);
    try {
      const locked = await lockInputs({
        arches,
        lockPath,
        cacheDir: cacheLayout().downloads,
        cwd,
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
      if (this.json) this.printJson({ type: "result", ok: true, lock: relative(cwd, lockPath), changed: locked.lockChanged, notes: locked.notes });
      else this.context.stdout.write(`${locked.lockChanged ? "wrote" : "unchanged:"} ${relative(cwd, lockPath)}\n`);
      return EXIT.ok;
    } catch (problem) {
      return this.printFailure(problem);
    }
  }
}
