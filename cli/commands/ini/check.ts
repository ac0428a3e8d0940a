import { Command } from "clipanion";
import { diagnosticToJson, type SourceCache } from "../../../compiler/index.js";
import { hasErrors } from "../../../errors/diagnostics.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";
import { loadCommandSchema } from "./image-schema.js";

const options = () => ({
  image: Option.String("--image", { description: "Check against the settings of this built image (its SquashFS)" }),
  file: Option.String({ name: "file" }),
  target: Option.String({ required: false, name: "blueprint|dir" }),
});

export interface IniCheckCommand extends ReturnType<typeof options> {}

export class IniCheckCommand extends BaseCommand {
  static override paths = [["ini", "check"]];

  static override usage = Command.Usage({
    description: "check a system.ini against the settings an image reads",
    details: `
      Reads FILE the way genpack-init does at boot and reports, at FILE:line:col with the line
      shown, everything that would make it read other than meant: a file that is not UTF-8 (read
      as nothing at all), a byte order mark, a section or key written twice (every later line is
      ignored), a line that is no key, a % not written %%, a key or section no module of the
      image reads (with the closest declared name), and values that are not of their setting's
      kind: yes/no, whole numbers and their range, listed words, timezones, locales, SSH public
      keys, password hashes, IP addresses and host names.

      The image's settings come from --image (the schema gp build puts in the image, or the
      system-ini.json beside it) from an artifact directory gp compile wrote, or from a blueprint, compiled in memory. Without either,
      only the file's form is checked.

      Exits 1 when anything is an error, 0 when there are only warnings. With --json, prints one
      object with every finding and the fix gp offers for it.
    `,
    examples: [
      ["Check the system.ini of a boot partition against the image on it", "$0 ini check /mnt/boot/system.ini --image /mnt/boot/system.img"],
      ["Check against a compiled artifact", "$0 ini check system.ini out/nextcloud"],
      ["Check only the file's form", "$0 ini check system.ini"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const { checkSystemIniFile } = await import("../../../runtime/system-ini/index.js");
    const loaded = await loadCommandSchema(this);
    if (loaded === undefined) return EXIT.userError;
    const findings = checkSystemIniFile(this.file, loaded.schema);
    const ok = !hasErrors(findings);
    if (this.json) {
      const cwd = process.cwd();
      const sources: SourceCache = new Map();
      this.printJson({
        type: "ini-check",
        file: this.file,
        schema: loaded.schema === undefined ? null : loaded.source,
        ok,
        findings: findings.map((finding) => ({ ...diagnosticToJson(finding, { cwd }, sources), ...(finding.fix === undefined ? {} : { fix: finding.fix }) })),
      });
      return ok ? EXIT.ok : EXIT.userError;
    }
    if (loaded.schema === undefined) this.context.stderr.write(`gp ini check: note: ${loaded.source}\n`);
    this.report(findings);
    const counted = this.summary(findings);
    (ok ? this.context.stdout : this.context.stderr).write(`${this.file}: ${ok ? "ok" : "has errors"}${counted === "" ? "" : ` (${counted})`}\n`);
    return ok ? EXIT.ok : EXIT.userError;
  }
}
