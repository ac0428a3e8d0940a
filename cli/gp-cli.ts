import { Cli, Command, UsageError, type BaseContext, type CommandClass } from "clipanion";
import type { ColorFormat } from "clipanion/lib/format.js";
import { closestName } from "../errors/closest-name.js";
import { declarationOf, missingPart, wantsHelp } from "./command-declaration.js";
import { useColor } from "./terminal.js";
import { withValueNames } from "./value-names.js";

/** A usage error about one command, printed with that command's usage line. */
class CommandLineProblem extends UsageError {
  constructor(
    message: string,
    readonly commandClass: CommandClass | undefined,
  ) {
    super(message);
  }
}

/** Prints a text and ends with an exit status: the list of a command group such as `gp vm`. */
class TextCommand extends Command {
  constructor(
    private readonly text: string,
    private readonly stream: "stdout" | "stderr",
    private readonly exitCode: number,
  ) {
    super();
  }

  async execute(): Promise<number> {
    this.context[this.stream].write(this.text);
    return this.exitCode;
  }
}

/**
 * clipanion's Cli, saying what is wrong with a command line where clipanion only says that no
 * command matched: a missing argument or required option is named (`gp vm ssh` needs `<name>`),
 * an unknown command gets the closest known one, and a command group (`gp vm`) lists its
 * commands. `-h`/`--help` anywhere among a command's own words shows its help, and `gp help
 * COMMAND` does too. Problems with the command line go to stderr, as every other problem does.
 */
export class GpCli extends Cli {
  /**
   * clipanion reads help texts as markdown and keeps the marks: a terminal would show
   * `gp build` and **lower** with their backticks and stars. The marks go; on a terminal
   * that takes colour the text keeps clipanion's highlighting.
   */
  override format(colored?: boolean): ColorFormat {
    const format = super.format(colored);
    return {
      ...format,
      code: (text) => format.code(text.replace(/^`+|`+$/g, "")),
      bold: (text) => format.bold(text.startsWith("**") && text.endsWith("**") && text.length >= 4 ? text.slice(2, -2) : text),
    };
  }

  override usage(...args: Parameters<Cli["usage"]>): string {
    return withValueNames(super.usage(...args));
  }

  #paths(): { readonly path: readonly string[]; readonly commandClass: CommandClass }[] {
    return [...this.registrations.keys()].flatMap((commandClass) => (commandClass.paths ?? []).filter((path) => path.length > 0).map((path) => ({ path, commandClass: commandClass as CommandClass })));
  }

  override process(input: string[], context?: Partial<BaseContext> | void): Command {
    if (input[0] === "help") return this.process([...input.slice(1), "--help"], context);
    const commands = this.#paths();
    const matched = commands.filter(({ path }) => path.every((word, index) => input[index] === word)).sort((a, b) => b.path.length - a.path.length)[0];
    if (matched !== undefined) {
      const words = input.slice(matched.path.length);
      const declaration = declarationOf(matched.commandClass);
      if (wantsHelp(words, declaration)) return super.process([...matched.path, "--help"], context as BaseContext);
      try {
        return super.process(input, context as BaseContext);
      } catch (failure) {
        if (!(failure instanceof Error) || failure.name !== "UnknownSyntaxError") throw failure;
        const missing = missingPart(words, declaration);
        if (missing === undefined) throw failure;
        const command = `${this.binaryName} ${matched.path.join(" ")}`;
        const what = missing.kind === "positional" ? `<${missing.name}>` : `${missing.option.names.join(" or ")}${missing.option.description === undefined ? "" : ` (${lowerFirst(missing.option.description)})`}`;
        throw new CommandLineProblem(`${command} needs ${what}.`, matched.commandClass);
      }
    }
    const words = input.filter((word) => !/^(?:-h|--help)$/.test(word));
    const group = commands.filter(({ path }) => path.length > words.length && words.length > 0 && words.every((word, index) => path[index] === word));
    if (group.length > 0) {
      const asked = words.length < input.length;
      const name = `${this.binaryName} ${words.join(" ")}`;
      const lines = group.map(({ commandClass }) => `  ${this.usage(commandClass, { prefix: "" }).trimEnd()}\n    ${commandClass.usage?.description ?? ""}\n`);
      const text = `${asked ? `Usage: ${name} COMMAND` : `${name} needs one of its commands:`}\n\n${lines.join("\n")}\n${name} COMMAND --help tells more about each.\n`;
      return new TextCommand(text, asked ? "stdout" : "stderr", asked ? 0 : 1);
    }
    // The words that name a group (none, or `vm`), and the word after them that names no command.
    let depth = 0;
    while (commands.some(({ path }) => path.length > depth + 1 && path.slice(0, depth + 1).every((word, index) => input[index] === word))) depth++;
    const unknown = input[depth];
    if (unknown !== undefined && !unknown.startsWith("-")) {
      const group = [this.binaryName, ...input.slice(0, depth)].join(" ");
      const known = new Set(commands.filter(({ path }) => path.slice(0, depth).every((word, index) => input[index] === word)).map(({ path }) => path[depth] as string));
      const closest = closestName(unknown, known);
      throw new CommandLineProblem(`${group} has no command "${unknown}".${closest === undefined ? "" : ` Did you mean ${group} ${closest}?`} ${group} --help lists them.`, undefined);
    }
    return super.process(input, context as BaseContext);
  }

  override async run(input: Command | string[], userContext?: Partial<BaseContext> | void): Promise<number> {
    if (!Array.isArray(input)) return super.run(input, userContext as BaseContext);
    const context = { ...Cli.defaultContext, ...userContext };
    let command: Command;
    try {
      command = this.process(input, context);
    } catch (failure) {
      context.stderr.write(this.error(failure as Error, { colored: useColor(context.stderr) }));
      return 1;
    }
    return super.run(command, userContext as BaseContext);
  }

  override error(error: Error, options: { colored?: boolean; command?: Command | null } = {}): string {
    if (error instanceof CommandLineProblem) {
      const usage = error.commandClass === undefined ? "" : `\n$ ${this.usage(error.commandClass, { prefix: "" }).trimEnd()}\n`;
      return `${this.format(options.colored).error("Usage Error")}: ${error.message}\n${usage}`;
    }
    return super.error(error, options);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
