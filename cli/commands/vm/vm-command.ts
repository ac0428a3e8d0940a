import { BaseCommand, EXIT } from "../../base-command.js";

/**
 * What the `gp vm` commands share: where runtime directories are, progress and warnings on
 * stderr (or as JSON lines), and a VmProblem (or another failure the user can act on) shown as a
 * message with exit status 1 instead of a stack.
 */
export abstract class VmCommand extends BaseCommand {
  protected abstract readonly commandName: string;

  protected async runtimeRoot(): Promise<string> {
    const { runtimeRoot } = await import("../../../runtime/vm/index.js");
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
    if (this.json) this.printJson({ type: "result", ok: false, failure: message });
    else this.context.stderr.write(`gp ${this.commandName}: ${message}\n`);
    return EXIT.userError;
  }

  /** Runs `body`; a failure the user can act on becomes its message and exit status 1. */
  protected async guarded(body: () => Promise<number>): Promise<number> {
    try {
      return await body();
    } catch (problem) {
      const message = await vmUserMessage(problem);
      if (message === undefined) throw problem;
      return this.fail(message);
    }
  }
}

/** The message of a failure the user can act on, or undefined for a bug in gp. */
export async function vmUserMessage(problem: unknown): Promise<string | undefined> {
  const { vmUserMessage: message } = await import("../../../runtime/vm/index.js");
  return message(problem);
}
