import { UsageError } from "clipanion";
import { DEFAULT_LIMITS, type EvaluateOptions } from "../compiler/index.js";
import { BaseCommand } from "./base-command.js";
import { Option } from "./options.js";

/** A problem with the command line itself, reported like clipanion's usage errors. */
export class OptionProblem extends UsageError {}

/**
 * A command that may run a blueprint. Blueprints run in a sandbox with a time and a memory
 * limit; these options raise or lower them.
 */
export abstract class EvaluatingCommand extends BaseCommand {
  evalTimeout = Option.String("--eval-timeout", {
    description: `Seconds a blueprint may take to run, with what it starts (default: ${DEFAULT_LIMITS.timeoutMs / 1000})`,
  });
  evalMemory = Option.String("--eval-memory", {
    description: `Memory a blueprint may use: MiB, or a size such as 512M or 2G (default: ${DEFAULT_LIMITS.heapMiB}M)`,
  });

  /** The value `read` gives, or undefined after reporting the OptionProblem it threw. */
  protected async checked<T>(read: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (problem) {
      if (!(problem instanceof OptionProblem)) throw problem;
      this.usageError(problem);
      return undefined;
    }
  }

  /** How blueprints run, from the options; throws an OptionProblem for a value that is none. */
  protected async evaluation(): Promise<EvaluateOptions> {
    const limits: { timeoutMs?: number; heapMiB?: number } = {};
    if (this.evalTimeout !== undefined) {
      const seconds = Number(this.evalTimeout);
      if (this.evalTimeout.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
        throw new OptionProblem(`--eval-timeout ${JSON.stringify(this.evalTimeout)} is not a number of seconds above zero.`);
      }
      limits.timeoutMs = Math.round(seconds * 1000);
    }
    if (this.evalMemory !== undefined) {
      // Read with the VM's --memory rule, loaded only when the option is given.
      const { parseMemory } = await import("../runtime/vm/index.js");
      const memory = parseMemory(this.evalMemory);
      if ("problem" in memory) throw new OptionProblem(`--eval-memory: ${memory.problem}.`);
      // V8 cannot start with less; a blueprint gets at least this much.
      if (memory.value < 16) throw new OptionProblem(`--eval-memory ${this.evalMemory} is too little; give at least 16 MiB.`);
      limits.heapMiB = memory.value;
    }
    return { limits };
  }
}
