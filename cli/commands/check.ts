import { relative } from "node:path";
import { Command, Option } from "clipanion";
import { check } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";

export class CheckCommand extends BaseCommand {
  static override paths = [["check"]];

  static override usage = Command.Usage({
    description: "type-check and validate blueprints without writing anything",
    details: `
      Runs every stage of \`gp compile\` except writing: the type-check (over all the given
      blueprints at once), the blueprint itself, validation of every profile it extends and of
      the merged image, and the reading of the files it names. Reports every problem found,
      with its location, and exits 1 if any is an error.
    `,
    examples: [
      ["Check one blueprint", "$0 check blueprints/nextcloud/nextcloud.image.ts"],
      ["Check every blueprint, as CI would", "$0 check blueprints/*/*.image.ts"],
    ],
  });

  blueprints = Option.Rest({ required: 1, name: "blueprint" });

  async run(): Promise<number> {
    const cwd = process.cwd();
    const results = await check(this.blueprints, { cwd });
    const diagnostics = results.flatMap((result) => result.diagnostics);
    this.report(diagnostics);
    const failed = results.filter((result) => !result.ok);
    if (this.json) {
      for (const result of results) this.printJson({ type: "result", ok: result.ok, blueprint: relative(cwd, result.entry) });
    } else {
      const counted = this.summary(diagnostics);
      const stream = failed.length > 0 ? this.context.stderr : this.context.stdout;
      const plural = results.length === 1 ? "" : "s";
      stream.write(`checked ${results.length} blueprint${plural}: ${failed.length === 0 ? "ok" : `${failed.length} failed`}${counted === "" ? "" : ` (${counted})`}\n`);
    }
    return failed.length > 0 ? EXIT.userError : EXIT.ok;
  }
}
