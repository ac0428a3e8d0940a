import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { evaluationOptions, readEvaluation, readSelection, selectionOptions } from "../option-groups.js";
import { Option } from "../options.js";
import { useColor } from "../terminal.js";

const options = () => ({
  ...evaluationOptions(),
  old: Option.String({ name: "old" }),
  new: Option.String({ name: "new" }),
  ...selectionOptions(),
  files: Option.Boolean("--files", false, { description: "List every added, removed and changed path, not a count per package" }),
  exitCode: Option.Boolean("--exit-code", false, { description: "Exit 1 when the images differ (like git diff --exit-code)" }),
});

export interface DiffCommand extends ReturnType<typeof options> {}

export class DiffCommand extends BaseCommand {
  static override paths = [["diff"]];
  static override usage = Command.Usage({
    description: "show what changed between two images: packages, USE flags, users, groups, services and files",
    details: `
      Each side is an image file (*.squashfs), or a blueprint or artifact directory, whose image
      gp build wrote (for --arch and --variant, as gp build names it).

      Packages added, removed, upgraded or downgraded (in Portage's version order) and rebuilt
      with other USE flags; users and groups added, removed or changed (uid, gid, home, shell,
      members), from /etc/passwd and /etc/group; services enabled or disabled (the links in
      /etc/systemd/system/*.wants/ and *.requires/); files added, removed and changed (in type,
      size, mode, owner, link target or content) with their size changes; and the change in
      total size.

      Packages and file owners are read from the images' SBOMs when both have one (beside the
      image as <image>.cdx.json, else inside it at /.genpack/sbom.cdx.json); files are then
      counted per package, and listed with --files. Otherwise packages are read from each
      image's /.genpack/packages and files are not grouped. The output says which. An SBOM
      beside an image must carry the image's SHA-256 and agree with the one inside it.

      Exits 0 whether or not the images differ; with --exit-code, 1 when they differ. --json
      prints one object with every change.
    `,
    examples: [
      ["Compare the image in the field with a new build", "$0 diff nextcloud-x86_64.old.squashfs nextcloud.image.ts"],
      ["Every changed path, for a script", "$0 diff old.squashfs new.squashfs --json"],
    ],
  });

  constructor() {
    super(options());
  }

  async run(): Promise<number> {
    const { arch, variant } = readSelection(this);
    const evaluation = await readEvaluation(this);
    const { diffImages, renderDiff } = await import("../../runtime/diff/index.js");
    const result = await diffImages({ old: this.old, new: this.new, cwd: process.cwd(), ...(arch === undefined ? {} : { arch }), ...(variant === undefined ? {} : { variant }), evaluation });
    this.report(result.diagnostics, "stderr");
    if (!result.ok) return EXIT.userError;
    const { diff } = result;
    if (this.json) {
      this.printJson({ type: "result", ok: true, old: result.old, new: result.new, notes: result.notes, ...diff });
    } else {
      this.context.stdout.write(renderDiff(diff, { color: useColor(this.context.stdout), files: this.files, oldName: this.old, newName: this.new, notes: result.notes }));
    }
    return this.exitCode && diff.differ ? EXIT.userError : EXIT.ok;
  }
}
