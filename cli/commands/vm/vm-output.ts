import type { CodeEntry } from "../../../errors/codes.js";
import type { BaseCommand } from "../../base-command.js";

/**
 * How the `gp vm` commands speak: progress and warnings on stderr (or as JSON lines), and
 * refusals as VmProblems, printed with their code like every failure the user can act on. Also
 * where the VMs' runtime directories are.
 */
export interface VmOutput {
  runtimeRoot(): Promise<string>;
  progress(message: string): void;
  warning(message: string): void;
  /** Reports a refusal as a VmProblem of the kind `code` names; the exit status 1. */
  fail(code: CodeEntry, message: string): Promise<number>;
}

/** The VmOutput of `command`, whose messages begin `gp NAME:` (`gp vm stop:`). */
export function vmOutput(command: BaseCommand, name: string): VmOutput {
  return {
    async runtimeRoot() {
      const { runtimeRoot } = await import("../../../runtime/vm/index.js");
      return runtimeRoot({ uid: process.getuid?.() ?? 0, env: process.env });
    },
    progress(message) {
      if (command.json) command.printJson({ type: "progress", message });
      else command.context.stderr.write(`gp ${name}: ${message}\n`);
    },
    warning(message) {
      if (command.json) command.printJson({ type: "warning", message });
      else command.context.stderr.write(`gp ${name}: warning: ${message}\n`);
    },
    async fail(code, message) {
      const { VmProblem } = await import("../../../runtime/vm/index.js");
      return command.printFailure(new VmProblem(code, message));
    },
  };
}
