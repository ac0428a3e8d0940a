import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import { Command } from "clipanion";
import { acquirePidLock, releasePidLock } from "../../host/pid-lock.js";
import { openTarget } from "../../runtime/build/open-target.js";
import { hostArch } from "../../genpack/arch.js";
import { EXIT } from "../base-command.js";
import { SelectionCommand, WITHOUT_TARGET } from "../build-options.js";
import { Option } from "../options.js";

export class CleanCommand extends SelectionCommand {
  static override paths = [["clean"]];
  static override usage = Command.Usage({
    description: "remove a build's work directory (lower, upper, records, logs)",
    details: `Removes work/<arch>/ state of the arch and variant (with --all, all of work/). Images, gp.lock and the shared download and binary package caches stay. The next build starts from the stage3 again. ${WITHOUT_TARGET}`,
  });
  all = Option.Boolean("--all", false, { description: "Remove all of work/, every arch and variant" });

  async run(): Promise<number> {
    const selected = this.selection();
    if (selected === undefined) return EXIT.userError;
    const arch = selected.arch ?? hostArch() ?? "x86_64";
    const { variant, evaluation } = selected;
    const cwd = process.cwd();
    const opened = await openTarget(this.target, { cwd, arch, ...(variant === undefined ? {} : { variant }), compile: false, evaluation });
    this.report(opened.diagnostics);
    if (!opened.ok) return EXIT.userError;
    const { layout } = opened;
    if (!existsSync(layout.workDir)) {
      this.context.stdout.write("nothing to clean\n");
      return EXIT.ok;
    }
    const lock = acquirePidLock(layout.lock);
    if (!("descriptor" in lock)) {
      this.context.stderr.write("problem" in lock ? `gp: the build's lock ${lock.problem}.\n` : `gp: another gp (process ${lock.heldBy}) is building in ${layout.workDir}.\n`);
      return EXIT.userError;
    }
    const removed: string[] = [];
    try {
      const paths = this.all
        ? [layout.workDir]
        : [layout.lower, layout.lowerState, layout.upperDir, layout.upperState, layout.packState, `${layout.lower}.gp-new`, `${layout.lower}.gp-old`, `${layout.upperDir}.gp-new`, `${layout.upperDir}.gp-old`, layout.log("lower"), layout.log("upper"), layout.log("pack")];
      for (const path of paths) {
        if (!existsSync(path)) continue;
        rmSync(path, { recursive: true, force: true });
        removed.push(relative(cwd, path) || ".");
      }
    } finally {
      releasePidLock(lock);
    }
    if (this.json) this.printJson({ type: "result", ok: true, removed });
    else this.context.stdout.write(removed.length === 0 ? "nothing to clean\n" : `removed ${removed.join(", ")}\n`);
    return EXIT.ok;
  }
}
