import { relative } from "node:path";
import { Command } from "clipanion";
import { openTarget } from "../../runtime/build/open-target.js";
import { hostArch } from "../../genpack/arch.js";
import { EXIT } from "../base-command.js";
import { TargetCommand, WITHOUT_TARGET } from "../build-options.js";
import { sourceDateEpochOf } from "../../runtime/source-date-epoch.js";

export class ArchiveCommand extends TargetCommand {
  static override paths = [["archive"]];
  static override usage = Command.Usage({
    description: "pack an artifact directory's definition into genpack-<name>.tar.gz",
    details: `As genpack's archive: genpack.json5 (or genpack.json), files, savedconfig, patches, kernel, env and overlay, whichever exist, with sorted names and fixed owners and times, so the same definition gives the same tarball. A blueprint is compiled first. ${WITHOUT_TARGET}`,
  });
  async run(): Promise<number> {
    const cwd = process.cwd();
    const evaluation = this.checked(() => this.evaluation());
    if (evaluation === undefined) return EXIT.userError;
    const opened = await openTarget(this.target, { cwd, arch: hostArch() ?? "x86_64", variant: null, compile: true, evaluation });
    this.report(opened.diagnostics);
    if (!opened.ok) return EXIT.userError;
    const { archiveArtifact } = await import("../../runtime/build/tools/archive.js");
    const archive = await archiveArtifact(opened.artifactDir, opened.target.resolution.name, sourceDateEpochOf() ?? 0);
    if (this.json) this.printJson({ type: "result", ok: true, archive: relative(cwd, archive) });
    else this.context.stdout.write(`wrote ${relative(cwd, archive)}\n`);
    return EXIT.ok;
  }
}
