import { relative } from "node:path";
import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation, targetOption, WITHOUT_TARGET } from "../option-groups.js";

const options = () => ({
  ...evaluationOptions(),
  target: targetOption(),
});

export interface ArchiveCommand extends ReturnType<typeof options> {}

export class ArchiveCommand extends BaseCommand {
  static override paths = [["archive"]];
  static override usage = Command.Usage({
    description: "pack an artifact directory's definition into genpack-<name>.tar.gz",
    details: `As genpack's archive: genpack.json5 (or genpack.json), files, savedconfig, patches, kernel, env and overlay, whichever exist, with sorted names and fixed owners and times, so the same definition gives the same tarball. A blueprint is compiled first. ${WITHOUT_TARGET}`,
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const evaluation = await readEvaluation(this);
    const { archiveTarget } = await import("../../runtime/build/index.js");
    const { diagnostics, archive } = await archiveTarget({ target: this.target, cwd, evaluation });
    this.report(diagnostics);
    if (archive === undefined) return EXIT.userError;
    if (this.json) this.printJson({ type: "result", ok: true, archive: relative(cwd, archive) });
    else this.context.stdout.write(`wrote ${relative(cwd, archive)}\n`);
    return EXIT.ok;
  }
}
