import { relative } from "node:path";
import { Command, Option } from "clipanion";
import { check, hasErrors, type Diagnostic } from "../../compiler/index.js";
import { isArtifactPath, readArtifact } from "../../compiler/genpack/read-artifact.js";
import { BaseCommand, EXIT } from "../base-command.js";

export class CheckCommand extends BaseCommand {
  static override paths = [["check"]];

  static override usage = Command.Usage({
    description: "check blueprints and genpack artifacts without writing anything",
    details: `
      For a blueprint, runs every stage of \`gp compile\` except writing: the type-check (over all
      the given blueprints at once), the blueprint itself, validation of every profile it
      extends and of the merged image, and the reading of the files it names.

      For an artifact directory (or its genpack.json5), checks genpack.json5 against genpack's
      rules and documentation: errors for what genpack refuses, warnings for what it silently
      ignores or trips over later (unknown keys, a variant's profile, setup commands outside the
      top level, users given as strings, removals that remove nothing, a user defined twice).

      Reports every problem found, with its location, and exits 1 if any is an error.
    `,
    examples: [
      ["Check one blueprint", "$0 check blueprints/nextcloud/nextcloud.image.ts"],
      ["Check every blueprint, as CI would", "$0 check blueprints/*/*.image.ts"],
      ["Lint an existing genpack artifact", "$0 check ../nextcloud"],
    ],
  });

  targets = Option.Rest({ required: 1, name: "blueprint|dir" });

  async run(): Promise<number> {
    const cwd = process.cwd();
    const artifacts = this.targets.filter((target) => isArtifactPath(target));
    const blueprints = this.targets.filter((target) => !isArtifactPath(target));
    const results = new Map<string, { ok: boolean; diagnostics: readonly Diagnostic[] }>();
    for (const artifact of artifacts) {
      const read = readArtifact(artifact, { check: true });
      results.set(artifact, { ok: read.ok && !hasErrors(read.diagnostics), diagnostics: read.diagnostics });
    }
    if (blueprints.length > 0) {
      const checked = await check(blueprints, { cwd });
      blueprints.forEach((blueprint, index) => results.set(blueprint, checked[index] as { ok: boolean; diagnostics: readonly Diagnostic[] }));
    }
    const ordered = this.targets.map((target) => ({ target, ...(results.get(target) as { ok: boolean; diagnostics: readonly Diagnostic[] }) }));
    const diagnostics = ordered.flatMap((result) => result.diagnostics);
    this.report(diagnostics);
    const failed = ordered.filter((result) => !result.ok);
    if (this.json) {
      for (const result of ordered) this.printJson({ type: "result", ok: result.ok, target: relative(cwd, result.target) || result.target });
    } else {
      const counted = this.summary(diagnostics);
      const stream = failed.length > 0 ? this.context.stderr : this.context.stdout;
      const plural = ordered.length === 1 ? "" : "s";
      stream.write(`checked ${ordered.length} target${plural}: ${failed.length === 0 ? "ok" : `${failed.length} failed`}${counted === "" ? "" : ` (${counted})`}\n`);
    }
    return failed.length > 0 ? EXIT.userError : EXIT.ok;
  }
}
