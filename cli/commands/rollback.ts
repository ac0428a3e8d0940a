import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../base-command.js";
import { Option } from "../options.js";

export class RollbackCommand extends BaseCommand {
  static override paths = [["rollback"]];
  static override usage = Command.Usage({
    description: "boot the previous image (system.old) again",
    details: "Makes system.old the image that boots and keeps the one it replaces as system.old, so a second rollback returns. Each step is flushed before the next, and one rename switches the image, so a power cut leaves one or the other.",
  });
  bootDir = Option.String("--boot-dir", { description: "The boot partition (or data partition) holding system.img (default: the running system's)" });

  async run(): Promise<number> {
    const { commandReporter, PhaseReport, rollback } = await import("../../runtime/install/index.js");
    const reporter = commandReporter(this.reportTarget());
    try {
      const result = await rollback({ report: new PhaseReport(reporter, "rollback"), ...(this.bootDir === undefined ? {} : { bootDir: this.bootDir }) });
      reporter.close();
      if (this.json) this.printJson({ type: "result", ok: true, bootDir: result.slots.directory, now: result.now });
      else this.context.stdout.write(`${result.slots.directory}: ${result.now.artifact} (the previous image) boots next; the one it replaced is kept as system.old\n`);
      return EXIT.ok;
    } catch (problem) {
      reporter.close();
      return this.printFailure(problem);
    }
  }
}
