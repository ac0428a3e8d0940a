import { EXIT, type BaseCommand } from "../../base-command.js";

/**
 * How the `gp vm` commands speak: progress and warnings on stderr (or as JSON lines), and a
 * VmProblem (or another failure the user can act on) shown as a message with exit status 1
 * instead of a stack. Also where the VMs' runtime directories are.
 */
export interface VmOutput {
  runtimeRoot(): Promise<string>;
  progress(message: string): void;
  warning(message: string): void;
  /** Reports a failure; the exit status 1. */
  fail(message: string): number;
  /** Runs `body`; a failure the user can act on becomes its message and exit status 1. */
  guarded(body: () => Promise<number>): Promise<number>;
}

/** The VmOutput of `command`, whose messages begin `gp NAME:` (`gp vm stop:`). */
export function vmOutput(command: BaseCommand, name: string): VmOutput {
  const output: VmOutput = {
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
    fail(message) {
      if (command.json) command.printJson({ type: "result", ok: false, failure: message });
      else command.context.stderr.write(`gp ${name}: ${message}\n`);
      return EXIT.userError;
    },
    async guarded(body) {
      try {
        return await body();
      } catch (problem) {
        const message = await vmUserMessage(problem);
        if (message === undefined) throw problem;
        return output.fail(message);
      }
    },
  };
  return output;
}

/** The message of a failure the user can act on, or undefined for a bug in gp. */
export async function vmUserMessage(problem: unknown): Promise<string | undefined> {
  const { vmUserMessage: message } = await import("../../../runtime/vm/index.js");
  return message(problem);
}
