import { relative, resolve } from "node:path";
import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { GpError, isSystemRefusal } from "../../../errors/gp-error.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";

export class IniPageCommand extends BaseCommand {
  static override paths = [["ini", "page"]];
  static override usage = Command.Usage({
    description: "write system-ini.html, a form that opens, checks, edits and saves an image's system.ini",
    details: `
      Writes one self-contained HTML file from the image's system.ini schema (the system-ini.json
      gp compile writes into the artifact): every setting with its doc, kind and default, readable
      without JavaScript. In a browser, with no network at all, it opens the system.ini beside it
      (pick it or drop it on the page), shows what gp ini check says about it while it is edited,
      in the form or as text, offers the checker's fixes, and saves it. A form edit changes only
      the value of that key's line: comments, blank lines, order and line endings are kept.

      An existing file is replaced only with --force, and never when it is not a regular file.
    `,
    examples: [
      ["Write the form for a compiled artifact", "$0 ini page out/nextcloud -o system-ini.html"],
      ["Write it from a schema file", "$0 ini page out/nextcloud/system-ini.json -o /mnt/boot/system-ini.html --force"],
    ],
  });
  source = Option.String({ name: "ARTIFACT|SCHEMA" });
  output = Option.String("-o,--output", { required: true, description: "The HTML file to write" });
  force = Option.Boolean("--force", false, { description: "Replace an existing file" });

  async run(): Promise<number> {
    const { lstatSync, renameSync, rmSync, writeFileSync } = await import("node:fs");
    const { readSchemaFile, systemIniPage } = await import("../../../runtime/system-ini/index.js");
    const cwd = process.cwd();
    const output = resolve(cwd, this.output);
    const existing = lstatSync(output, { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isFile()) {
      const kind = existing.isSymbolicLink() ? "a symbolic link" : existing.isDirectory() ? "a directory" : existing.isFIFO() ? "a FIFO" : "not a regular file";
      return this.printFailure(new GpError(codes.outputNotOwned, `${this.output} is ${kind}, which gp ini page never replaces; give -o a file`));
    }
    if (existing !== undefined && !this.force) return this.printFailure(new GpError(codes.outputNotOwned, `${this.output} exists; give --force to replace it, or -o another file`));
    let page: string;
    try {
      page = systemIniPage(readSchemaFile(resolve(cwd, this.source)));
    } catch (problem) {
      return this.printFailure(problem);
    }
    const temporary = `${output}.${process.pid}.tmp`;
    let created = false;
    try {
      // "wx": a file or link someone left at the temporary path is an error, never followed.
      writeFileSync(temporary, page, { flag: "wx" });
      created = true;
      renameSync(temporary, output);
    } catch (problem) {
      if (created) rmSync(temporary, { force: true });
      return this.printFailure(new GpError(isSystemRefusal(problem) ? codes.fileSystemRefused : codes.outputWriteFailed, `cannot write ${this.output}: ${(problem as Error).message}`, { cause: problem }));
    }
    const written = relative(cwd, output) || output;
    if (this.json) this.printJson({ type: "result", ok: true, output: written, bytes: Buffer.byteLength(page) });
    else this.context.stdout.write(`gp ini page: wrote ${written}\n`);
    return EXIT.ok;
  }
}
