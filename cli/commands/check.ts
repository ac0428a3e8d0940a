import { relative } from "node:path";
import { Command } from "clipanion";
import type { ArtifactSource, CatalogNames, CheckerUsed, CompileResult, Diagnostic } from "../../compiler/index.js";
import { isArtifactPath, startTypecheck } from "../../compiler/early.js";
import { hasErrors } from "../../errors/diagnostics.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { checkerOptions, describeChecker, evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  ...checkerOptions(),
  catalog: Option.String("--catalog", { description: "Judge atoms, USE flags and licenses by this catalog (a file gp catalog wrote)" }),
  targets: Option.Rest({ required: 1, name: "blueprint|dir" }),
});

export interface CheckCommand extends ReturnType<typeof options> {}

export class CheckCommand extends BaseCommand {
  static override paths = [["check"]];

  static override usage = Command.Usage({
    description: "check blueprints and genpack artifacts without writing anything",
    details: `
      For a blueprint, runs every stage of \`gp compile\` except writing: the type-check (over all
      the given blueprints at once), the blueprint itself, validation of every profile it
      extends and of the merged image, and the reading of the files it names.

      For an artifact directory (or its genpack.json5), checks genpack.json5 against genpack's
      rules and documentation: errors for what genpack refuses or stops on (a user defined twice
      among them), warnings for what it silently ignores or trips over later (unknown keys, a
      variant's profile, setup commands outside the top level, users given as strings, removals
      that remove nothing). Its values, and the files in its subdirectories, are held to the
      rules blueprints are held to, so an artifact that passes imports (\`gp import\`) into a
      blueprint that compiles, and one that cannot be imported fails here. A genpack.json5 or
      subdirectory that is a symbolic link out of the artifact directory is an error, and what it
      leads to is never read.

      With \`--catalog\`, also judges every atom, USE flag, USE_EXPAND value and license of the
      blueprints, the profiles they extend and the artifacts by a catalog that \`gp catalog\`
      wrote, without the type-checker: a package no repository has, a flag the package does not
      have, a misspelled \`VIDEO_CARDS\` value or license, each at its line with the closest known
      name. Atoms with versions, slots or wildcards and USE flags written as one string are
      judged too, which the types of the catalog leave open.

      Reports every problem found, with its location, and exits 1 if any is an error.
    `,
    examples: [
      ["Check one blueprint", "$0 check blueprints/nextcloud/nextcloud.image.ts"],
      ["Check every blueprint, as CI would", "$0 check blueprints/*/*.image.ts"],
      ["Lint an existing genpack artifact", "$0 check ../nextcloud"],
      ["Judge packages, USE flags and licenses by a catalog", "$0 check --catalog gp-catalog.d.ts blueprints/nextcloud/nextcloud.image.ts"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const cwd = process.cwd();
    const evaluation = await readEvaluation(this);
    const artifacts = this.targets.filter((target) => isArtifactPath(target));
    const blueprints = this.targets.filter((target) => !isArtifactPath(target));
    // The type-check, the longest part, starts before the rest of the compiler loads.
    const checking = await startTypecheck(blueprints, { cwd });
    const { check, checkArtifactDirectory, loadCatalogCheck } = await import("../../compiler/index.js");
    let catalog: CatalogNames | undefined;
    let judgeArtifact: ((artifact: ArtifactSource) => Diagnostic[]) | undefined;
    if (this.catalog !== undefined) {
      const { checkArtifactAgainstCatalog, readCatalogFile } = await loadCatalogCheck();
      const read = readCatalogFile(this.catalog);
      this.report(read.diagnostics);
      if (read.catalog === undefined) return EXIT.userError;
      const names = read.catalog;
      catalog = names;
      judgeArtifact = (artifact) => checkArtifactAgainstCatalog(artifact, names);
    }
    const results = new Map<string, { ok: boolean; diagnostics: readonly Diagnostic[]; checker?: CheckerUsed }>();
    for (const artifact of artifacts) {
      const read = checkArtifactDirectory(artifact);
      const diagnostics = read.ok && judgeArtifact !== undefined ? [...read.diagnostics, ...judgeArtifact(read.artifact)] : read.diagnostics;
      results.set(artifact, { ok: read.ok && !hasErrors(diagnostics), diagnostics });
    }
    if (blueprints.length > 0) {
      const checked = await check(blueprints, { cwd, evaluation, ...(checking === undefined ? {} : { checking }), ...(catalog === undefined ? {} : { catalog }) });
      blueprints.forEach((blueprint, index) => results.set(blueprint, checked[index] as CompileResult));
      const checker = checked.find((result) => result.checker !== undefined)?.checker;
      if (this.verbose && checker !== undefined && !this.json) this.context.stderr.write(`gp check: ${describeChecker(checker)}\n`);
    }
    const ordered = this.targets.map((target) => ({ target, ...(results.get(target) as { ok: boolean; diagnostics: readonly Diagnostic[]; checker?: CheckerUsed }) }));
    const diagnostics = ordered.flatMap((result) => result.diagnostics);
    this.report(diagnostics);
    const failed = ordered.filter((result) => !result.ok);
    if (this.json) {
      for (const result of ordered) this.printJson({ type: "result", ok: result.ok, target: relative(cwd, result.target) || result.target, ...(result.checker === undefined ? {} : { checker: result.checker }) });
    } else {
      const counted = this.summary(diagnostics);
      const stream = failed.length > 0 ? this.context.stderr : this.context.stdout;
      const plural = ordered.length === 1 ? "" : "s";
      stream.write(`checked ${ordered.length} target${plural}: ${failed.length === 0 ? "ok" : `${failed.length} failed`}${counted === "" ? "" : ` (${counted})`}\n`);
    }
    return failed.length > 0 ? EXIT.userError : EXIT.ok;
  }
}
