import { VmProblem } from "../../../runtime/vm/vm-problem.js";
import { BaseCommand } from "../../base-command.js";

/**
 * What the `gp vm` commands share: where runtime directories are, and progress, warnings and
 * refusals on stderr (or as JSON lines).
 */
export abstract class VmCommand extends BaseCommand {
  protected abstract readonly commandName: string;

  protected async runtimeRoot(): Promise<string> {
    const { runtimeRoot } = await import("../../../runtime/vm/runtime-paths.js");
    return runtimeRoot({ uid: process.getuid?.() ?? 0, env: process.env });
  }

  protected progress(message: string): void {
    if (this.json) this.printJson({ type: "progress", message });
    else this.context.stderr.write(`gp ${this.commandName}: ${message}\n`);
  }

  protected warning(message: string): void {
    if (this.json) this.printJson({ type: "warning", message });
    else this.context.stderr.write(`gp ${this.commandName}: warning: ${message}\n`);
  }

  protected fail(message: string): number {
    return this.printFailure(new VmProblem(message));
  }
}
