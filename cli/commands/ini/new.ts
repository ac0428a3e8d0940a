import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";
import { loadCommandSchema } from "./image-schema.js";

const options = () => ({
  image: Option.String("--image", { description: "Write the system.ini of this built image (its SquashFS)" }),
  output: Option.String("-o,--output", { description: "Write to this file instead of stdout" }),
  force: Option.Boolean("--force", false, { description: "Replace the -o file if it exists" }),
  target: Option.String({ required: false, name: "blueprint|dir" }),
});

export interface IniNewCommand extends ReturnType<typeof options> {}

export class IniNewCommand extends BaseCommand {
  static override paths = [["ini", "new"]];

  static override usage = Command.Usage({
    description: "write a commented system.ini listing every setting an image reads",
    details: `
      Writes a system.ini in which every key the image's init modules read is a commented line
      (# hostname =) under its description, kind, range or values and default, section by
      section, so the file changes nothing until a line is uncommented. The values the blueprint
      gives (systemIni) are written as real lines. The file passes gp ini check.

      The settings come from --image (the schema gp build puts in the image, or the
      system-ini.json beside it) from an artifact directory gp compile wrote, or from a blueprint, compiled in memory.

      With -o, the file is written whole or not at all, and an existing file is replaced only
      with --force.
    `,
    examples: [
      ["Print the system.ini of a compiled artifact", "$0 ini new out/nextcloud"],
      ["Write it for a built image", "$0 ini new --image nextcloud.squashfs -o system.ini"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    if (this.image === undefined && this.target === undefined) throw new GpError(codes.iniFileUnusable, "gp ini new needs an image: give --image IMAGE or an artifact directory.");
    const { systemIniTemplate, writeWholeFile } = await import("../../../runtime/system-ini/index.js");
    const loaded = await loadCommandSchema(this);
    if (loaded === undefined) return EXIT.userError;
    if (loaded.schema === undefined) throw new GpError(codes.iniSchemaUnusable, `There is nothing to write: ${loaded.source}.`);
    const text = systemIniTemplate(loaded.schema);
    if (this.output === undefined) {
      this.context.stdout.write(text);
      return EXIT.ok;
    }
    writeWholeFile(this.output, text, this.force);
    if (this.json) this.printJson({ type: "ini-new", output: this.output, source: loaded.source });
    else this.context.stderr.write(`gp ini new: wrote ${this.output}\n`);
    return EXIT.ok;
  }
}
