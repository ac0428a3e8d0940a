import { dirname, relative, resolve } from "node:path";
import { Command } from "clipanion";
import { startTypecheck } from "../../compiler/early.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { checkerOptions, describeChecker, evaluationOptions, readEvaluation } from "../option-groups.js";
import { Option } from "../options.js";

const options = () => ({
  ...evaluationOptions(),
  ...checkerOptions(),
  blueprint: Option.String({ name: "blueprint" }),
  outDir: Option.String("-o,--out-dir", { description: "Directory to write the artifact to (default: out/<name> beside the blueprint)" }),
  check: Option.Boolean("--check", true, { description: "Type-check first; --no-check skips it for speed" }),
  force: Option.Boolean("--force", false, { description: "Write into a directory gp did not write, replacing the genpack.json5 and subdirectories there" }),
});

export interface CompileCommand extends ReturnType<typeof options> {}

export class CompileCommand extends BaseCommand {
  static override paths = [["compile"]];

  static override usage = Command.Usage({
    description: "compile a blueprint into a genpack artifact directory",
    details: `
      Type-checks the blueprint and everything it imports, runs it, validates the image it
      describes, and writes \`genpack.json5\` with the subdirectories genpack reads (\`files/\`,
      \`kernel/\`, \`env/\`, \`savedconfig/\`, \`patches/\`). The reference genpack builds the
      result unchanged.

      A compile that fails leaves the previous output as it was; a new one is staged beside it
      and swapped in at the end. Only what gp wrote before is replaced; genpack's \`work/\` and
      built images in the directory stay. Files that did not change keep their times, so genpack
      does not rebuild its lower layer for nothing.

      A directory that is not empty and that gp did not write (it has no manifest of gp's) is
      refused unless \`--force\` is given; then gp replaces genpack.json5, genpack.json and the
      folders it writes there and leaves everything else. Never written, \`--force\` or not: \`/\`,
      and a directory that holds the blueprint or a file it reads (a module it imports, a
      profile, a \`file()\` or \`directory()\` source).

      The blueprint runs in a Node process of its own that may read only its bundle (what it
      imports, bundled by gp): no writes, no processes, threads or addons, \`GP_*\` environment
      variables only, 30 seconds and 1 GiB of heap unless \`--eval-timeout\` and
      \`--eval-memory\` say otherwise. Its result comes back as plain data, and what it prints
      goes to stderr.

      Without \`-o\`, the artifact goes to \`out/<name>\` beside the blueprint.
    `,
    examples: [
      ["Compile the Nextcloud image", "$0 compile blueprints/nextcloud/nextcloud.image.ts"],
      ["Compile into a chosen directory, skipping the type-check", "$0 compile nextcloud.image.ts -o /srv/artifacts/nextcloud --no-check"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const started = performance.now();
    const cwd = process.cwd();
    const requestedOut = this.outDir === undefined ? undefined : resolve(cwd, this.outDir);
    const evaluation = await readEvaluation(this);
    // The type-check, the longest part, starts before the rest of the compiler loads.
    const checking = await startTypecheck([this.blueprint], { cwd, typecheck: this.check });
    const { compile, defaultOutDir, writeArtifact } = await import("../../compiler/index.js");
    const result = await compile(this.blueprint, { typecheck: this.check, cwd, evaluation, ...(checking === undefined ? {} : { checking }), ...(requestedOut === undefined ? {} : { outDir: requestedOut }) });
    if (this.verbose && result.checker !== undefined && !this.json) this.context.stderr.write(`gp compile: ${describeChecker(result.checker)}\n`);
    const checker = result.checker === undefined ? {} : { checker: result.checker };
    this.report(result.diagnostics);
    if (!result.ok || result.artifact === undefined || result.name === undefined) {
      if (this.json) this.printJson({ type: "result", ok: false, blueprint: relative(cwd, result.entry), ...checker });
      else this.context.stderr.write(`gp compile: ${relative(cwd, result.entry)} did not compile (${this.summary(result.diagnostics)}).\n`);
      return EXIT.userError;
    }
    const outDir = requestedOut ?? defaultOutDir(result.entry, result.name);
    // out/<name> must stay in the blueprint's folder; a directory given with -o is the user's choice.
    const written = writeArtifact(outDir, result.artifact, { force: this.force, sources: result.reads ?? [], ...(requestedOut === undefined ? { within: dirname(result.entry) } : {}) });
    if (!written.ok) {
      this.report(written.diagnostics);
      if (this.json) this.printJson({ type: "result", ok: false, blueprint: relative(cwd, result.entry), ...checker });
      return EXIT.userError;
    }
    const milliseconds = Math.round(performance.now() - started);
    const files = [...result.artifact].filter(([, entry]) => entry.kind !== "directory").length;
    if (this.json) {
      this.printJson({
        type: "result",
        ok: true,
        blueprint: relative(cwd, result.entry),
        name: result.name,
        outDir: relative(cwd, outDir) || ".",
        changed: written.changed,
        files,
        milliseconds,
        ...checker,
      });
    } else {
      const verb = written.changed ? "compiled" : "up to date:";
      this.context.stdout.write(`${verb} ${relative(cwd, result.entry)} -> ${relative(cwd, outDir) || "."} (${files} file${files === 1 ? "" : "s"}, ${milliseconds} ms)\n`);
    }
    return EXIT.ok;
  }
}
