import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { evaluationOptions, readEvaluation, readSelection, selectionOptions, targetOption, WITHOUT_TARGET } from "../../option-groups.js";
import { Option } from "../../options.js";

const options = () => ({
  ...evaluationOptions(),
  target: targetOption(),
  ...selectionOptions(),
  all: Option.Boolean("--all", false, { description: "Remove all of work/, every arch and variant" }),
});

export interface CleanCommand extends ReturnType<typeof options> {}

export class CleanCommand extends BaseCommand {
  static override paths = [["clean"]];
  static override usage = Command.Usage({
    description: "remove a build's work directory (lower, upper, records, logs)",
    details: `Removes work/<arch>/ state of the arch and variant (with --all, all of work/). Images, gp.lock and the shared download and binary package caches stay. The next build starts from the stage3 again. ${WITHOUT_TARGET}`,
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const { arch, variant } = readSelection(this);
    const evaluation = await readEvaluation(this);
    const { cleanWork } = await import("../../../runtime/build/index.js");
    const cleaned = await cleanWork({ target: this.target, cwd: process.cwd(), ...(arch === undefined ? {} : { arch }), ...(variant === undefined ? {} : { variant }), evaluation, all: this.all });
    this.report(cleaned.diagnostics);
    if (!cleaned.ok) {
      if (cleaned.problem !== undefined) this.context.stderr.write(`gp: ${cleaned.problem}\n`);
      return EXIT.userError;
    }
    const { removed } = cleaned;
    if (this.json) this.printJson({ type: "result", ok: true, removed });
    else this.context.stdout.write(removed.length === 0 ? "nothing to clean\n" : `removed ${removed.join(", ")}\n`);
    return EXIT.ok;
  }
}
