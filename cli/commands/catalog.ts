import { relative, resolve } from "node:path";
import { Command } from "clipanion";
import { hasErrors, loadCatalog } from "../../compiler/index.js";
import { codes } from "../../errors/codes.js";
import { GpError, isSystemRefusal } from "../../errors/gp-error.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { Option } from "../options.js";

export class CatalogCommand extends BaseCommand {
  static override paths = [["catalog"]];
  static override usage = Command.Usage({
    description: "declare the packages, USE flags and licenses of Portage repositories for blueprints",
    details: `
      Reads Portage repositories (the metadata cache when there is one, else the ebuilds' static
      IUSE, KEYWORDS, SLOT and LICENSE; metadata.xml, use.desc and desc/*.desc for descriptions;
      profiles.desc; licenses/) and writes TypeScript declarations. With the file in a project
      (its tsconfig.json includes it), an atom the repositories lack in packages, use, mask,
      acceptKeywords, license or env, a USE flag the package does not have, a USE_EXPAND value or
      a license name that does not exist is a type error at its line, and editors complete them,
      showing each package's description and flags. gp check --catalog FILE gives the same
      verdicts without TypeScript.

      Several --repo options merge, as Portage stacks repositories (genpack-overlay after gentoo).
      An existing file is replaced only if it is a catalog gp wrote.
    `,
    examples: [
      ["Declare the Gentoo tree and genpack-overlay", "$0 catalog --repo /var/db/repos/gentoo --repo /var/db/repos/genpack-overlay"],
      ["Write the declarations elsewhere", "$0 catalog --repo ~/gentoo -o types/gp-catalog.d.ts"],
    ],
  });
  repos = Option.Array("--repo", { required: true, description: "A Portage repository directory; repeat to merge several" });
  output = Option.String("-o,--output", "gp-catalog.d.ts", { description: "The declaration file to write" });
  force = Option.Boolean("--force", false, { description: "Replace a file that is not a catalog gp wrote" });

  async run(): Promise<number> {
    const { lstatSync, renameSync, writeFileSync, rmSync, openSync, readSync, closeSync } = await import("node:fs");
    const { CATALOG_HEADER, readCatalog, catalogDeclarations } = await loadCatalog();
    const started = performance.now();
    const cwd = process.cwd();
    const output = resolve(cwd, this.output);
    const existing = lstatSync(output, { throwIfNoEntry: false });
    // Only a regular file is replaced: opening a FIFO would wait forever, and a link or a folder
    // is nothing gp catalog wrote, --force or not.
    if (existing !== undefined && !existing.isFile()) {
      const kind = existing.isSymbolicLink() ? "a symbolic link" : existing.isDirectory() ? "a directory" : existing.isFIFO() ? "a FIFO" : "not a regular file";
      return this.printFailure(new GpError(codes.outputNotOwned, `${this.output} is ${kind}, which gp catalog never replaces; give -o a file`));
    }
    if (existing !== undefined && !this.force) {
      const head = Buffer.alloc(CATALOG_HEADER.length);
      const descriptor = openSync(output, "r");
      try {
        readSync(descriptor, head, 0, head.length, 0);
      } finally {
        closeSync(descriptor);
      }
      if (head.toString("utf8") !== CATALOG_HEADER) return this.printFailure(new GpError(codes.outputNotOwned, `${this.output} exists and gp catalog did not write it; give --force to replace it, or -o another file`));
    }
    const { catalog, diagnostics } = await readCatalog(this.repos.map((repo) => resolve(cwd, repo)));
    this.report(diagnostics);
    if (hasErrors(diagnostics)) {
      // The diagnostics above carry the codes; this line only says what came of them.
      if (this.json) this.printJson({ type: "result", ok: false, failure: `nothing was written (${this.summary(diagnostics)})` });
      else this.context.stderr.write(`gp catalog: nothing was written (${this.summary(diagnostics)})\n`);
      return EXIT.userError;
    }
    const text = catalogDeclarations(catalog);
    if (!text.startsWith(CATALOG_HEADER)) throw new Error("catalogDeclarations no longer starts with the header gp catalog recognises its files by");
    const temporary = `${output}.${process.pid}.tmp`;
    let created = false;
    try {
      // "wx": a file or link someone left at the temporary path is an error, never followed.
      writeFileSync(temporary, text, { flag: "wx" });
      created = true;
      renameSync(temporary, output);
    } catch (problem) {
      if (created) rmSync(temporary, { force: true });
      return this.printFailure(new GpError(isSystemRefusal(problem) ? codes.fileSystemRefused : codes.outputWriteFailed, `cannot write ${this.output}: ${(problem as Error).message}`, { cause: problem }));
    }
    const packages = Object.keys(catalog.packages).length;
    const flags = Object.values(catalog.packages).reduce((sum, entry) => sum + Object.keys(entry.flags).length, 0);
    const milliseconds = Math.round(performance.now() - started);
    const summary = {
      packages,
      flags,
      useExpand: Object.keys(catalog.useExpand).length,
      licenses: catalog.licenses.length,
      profiles: catalog.profiles.length,
      repositories: catalog.repositories.map((repository) => ({ name: repository.name, packages: repository.packages, source: repository.source })),
    };
    if (this.json) this.printJson({ type: "result", ok: true, output: relative(cwd, output) || output, ...summary, milliseconds });
    else {
      const from = catalog.repositories.map((repository) => `${repository.name} (${repository.source})`).join(", ");
      this.context.stdout.write(
        `gp catalog: wrote ${relative(cwd, output) || output}: ${packages} packages, ${flags} USE flags, ${summary.useExpand} USE_EXPAND variables, ${summary.licenses} licenses, ${summary.profiles} profiles from ${from} in ${milliseconds} ms\n`,
      );
    }
    return EXIT.ok;
  }
}
