import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";
import { loadCommandSchema } from "./image-schema.js";

export class IniPageCommand extends BaseCommand {
  static override paths = [["ini", "page"]];
  static override usage = Command.Usage({
    description: "write system-ini.html, a form that opens, checks, edits and saves an image's system.ini",
    details: `
      Writes one self-contained HTML file from the image's system.ini schema (from --image, the
      schema gp build puts in the image; from an artifact directory gp compile wrote; from a
      blueprint, compiled in memory; or from a schema file): every setting with its doc, kind and default, readable
      without JavaScript. In a browser, with no network at all, it opens the system.ini beside it
      (pick it or drop it on the page), shows what gp ini check says about it while it is edited,
      in the form or as text, offers the checker's fixes, and saves it. A form edit changes only
      the value of that key's line: comments, blank lines, order and line endings are kept.

      An existing file is replaced only with --force, and never when it is not a regular file.
    `,
    examples: [
      ["Write the form for a compiled artifact", "$0 ini page out/nextcloud -o system-ini.html"],
      ["Write it for a built image", "$0 ini page --image nextcloud.squashfs -o system-ini.html"],
      ["Write it from a schema file", "$0 ini page out/nextcloud/nextcloud.system-ini.json -o /mnt/boot/system-ini.html --force"],
    ],
  });
  image = Option.String("--image", { description: "Make the form for this built image (its SquashFS)" });
  target = Option.String({ required: false, name: "blueprint|dir|schema" });
  output = Option.String("-o,--output", { required: true, description: "The HTML file to write" });
  force = Option.Boolean("--force", false, { description: "Replace an existing file" });

  async run(): Promise<number> {
    if (this.image === undefined && this.target === undefined) throw new GpError(codes.iniFileUnusable, "gp ini page needs an image: give --image IMAGE, a blueprint, an artifact directory or a schema file.");
    const { systemIniPage, writeWholeFile } = await import("../../../runtime/system-ini/index.js");
    const loaded = await loadCommandSchema(this);
    if (loaded === undefined) return EXIT.userError;
    if (loaded.schema === undefined) throw new GpError(codes.iniSchemaUnusable, `There is no schema to make a form of: ${loaded.source}.`);
    const page = systemIniPage(loaded.schema);
    writeWholeFile(this.output, page, this.force);
    if (this.json) this.printJson({ type: "result", ok: true, output: this.output, bytes: Buffer.byteLength(page), source: loaded.source });
    else this.context.stdout.write(`gp ini page: wrote ${this.output}\n`);
    return EXIT.ok;
  }
}
