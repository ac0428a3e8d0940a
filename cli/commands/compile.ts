import { relative, resolve } from "node:path";
import { Command } from "clipanion";
import { compile, defaultOutDir, writeArtifact } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { Option } from "../options.js";

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

      Without \`-o\`, the artifact goes to \`out/<name>\` beside the blueprint.
    `,
    examples: [
      ["Compile the Nextcloud image", "$0 compile blueprints/nextcloud/nextcloud.image.ts"],
      ["Compile into a chosen directory, skipping the type-check", "$0 compile nextcloud.image.ts -o /srv/artifacts/nextcloud --no-check"],
    ],
  });

  blueprint = Option.String({ name: "blueprint" });
  outDir = Option.String("-o,--out-dir", { description: "Directory to write the artifact to (default: out/<name> beside the blueprint)" });
  check = Option.Boolean("--check", true, { description: "Type-check first; --no-check skips it for speed" });
  force = Option.Boolean("--force", false, { description: "Replace a genpack.json5 and subdirectories that gp did not write" });

  async run(): Promise<number> {
    const started = performance.now();
    const cwd = process.cwd();
    const requestedOut = this.outDir === undefined ? undefined : resolve(cwd, this.outDir);
    const result = await compile(this.blueprint, { typecheck: this.check, cwd, ...(requestedOut === undefined ? {} : { outDir: requestedOut }) });
    this.report(result.diagnostics);
    if (!result.ok || result.artifact === undefined || result.name === undefined) {
      if (this.json) this.printJson({ type: "result", ok: false, blueprint: relative(cwd, result.entry) });
      else this.context.stderr.write(`gp compile: ${relative(cwd, result.entry)} did not compile (${this.summary(result.diagnostics)}).\n`);
      return EXIT.userError;
    }
    const outDir = requestedOut ?? defaultOutDir(result.entry, result.name);
    const written = writeArtifact(outDir, result.artifact, { force: this.force });
    if (!written.ok) {
      this.report(written.diagnostics);
      if (this.json) this.printJson({ type: "result", ok: false, blueprint: relative(cwd, result.entry) });
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
      });
    } else {
      const verb = written.changed ? "compiled" : "up to date:";
      this.context.stdout.write(`${verb} ${relative(cwd, result.entry)} -> ${relative(cwd, outDir) || "."} (${files} file${files === 1 ? "" : "s"}, ${milliseconds} ms)\n`);
    }
    return EXIT.ok;
  }
}
