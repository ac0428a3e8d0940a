import { relative } from "node:path";
import { Command } from "clipanion";
import { importToFile } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  target: Option.String({ name: "dir|genpack.json5" }),
  output: Option.String("-o,--output", { description: "Where to write the blueprint (default: <name>.image.ts in the artifact)" }),
  force: Option.Boolean("--force", false, { description: "Replace an existing blueprint and copied directories" }),
});

export interface ImportCommand extends ReturnType<typeof options> {}

export class ImportCommand extends BaseCommand {
  static override paths = [["import"]];

  static override usage = Command.Usage({
    description: "turn a genpack artifact into a blueprint",
    details: `
      Writes a blueprint for an artifact directory (or its genpack.json5): genpack's keys in
      camelCase, \`"-atom"\` entries as \`remove("atom")\`, users and groups with the DSL's field
      names, the JSON5 comments where they stood, and \`files/\`, \`kernel/\`, \`env/\`,
      \`savedconfig/\`, \`patches/\` and \`overlay/\` referenced with file() and directory().

      Without \`-o\` the blueprint is \`<name>.image.ts\` in the artifact directory; \`-o\` names
      the blueprint file (a folder is refused). Written elsewhere, it gets copies of those
      subdirectories beside it, since a blueprint reads only files below its own folder; links
      in them are copied as links, never followed. A folder inside the artifact is refused.
      Nothing is replaced without \`--force\`.

      The blueprint and the copies are written aside first and checked there: the blueprint is
      compiled (type-check included) and resolved for every arch and variant, and for none, and
      must resolve exactly like the artifact. Only then are they renamed into place, replacing
      what was there; otherwise nothing is written, what was there stays as it was, and the
      problem is reported.
    `,
    examples: [
      ["Import an artifact next to its genpack.json5", "$0 import ../nextcloud"],
      ["Import into a project folder", "$0 import ../nextcloud -o blueprints/nextcloud/nextcloud.image.ts"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const evaluation = await readEvaluation(this);
    const result = await importToFile(this.target, { cwd, force: this.force, evaluation, ...(this.output === undefined ? {} : { output: this.output }) });
    this.report(result.diagnostics);
    if (!result.ok) {
      if (this.json) this.printJson({ type: "result", ok: false });
      else this.context.stderr.write(`gp import: ${this.target} was not imported, nothing was written (${this.summary(result.diagnostics)}).\n`);
      return EXIT.userError;
    }
    const blueprint = relative(cwd, result.blueprint) || result.blueprint;
    if (this.json) {
      this.printJson({ type: "result", ok: true, blueprint, copied: result.copied.map((path) => relative(cwd, path)), resolutionsCompared: result.checked });
    } else {
      const copied = result.copied.length === 0 ? "" : `, copied ${result.copied.map((path) => relative(cwd, path)).join(", ")}`;
      this.context.stdout.write(`wrote ${blueprint}${copied}; it resolves like the artifact in all ${result.checked} arch and variant combinations\n`);
    }
    return EXIT.ok;
  }
}
