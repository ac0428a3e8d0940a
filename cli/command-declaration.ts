import { Command, type CommandClass } from "clipanion";

/** An option as a command declares it. */
export interface DeclaredOption {
  readonly names: readonly string[];
  /** How many values follow it: 0 for a flag. */
  readonly arity: number;
  readonly required: boolean;
  readonly description: string | undefined;
}

/** What a command takes on its command line, as its option fields declare it to clipanion. */
export interface CommandDeclaration {
  readonly options: readonly DeclaredOption[];
  /** Positional arguments in order. */
  readonly positionals: readonly { readonly name: string; readonly required: boolean }[];
  /** A list of trailing arguments (Option.Rest) and how many of them are required. */
  readonly rest: { readonly name: string; readonly required: number } | undefined;
  /** Whether everything after the positionals goes to the command as it is (Option.Proxy). */
  readonly proxy: boolean;
}

interface DefinitionBuilder {
  addPositional(definition?: { name?: string; required?: boolean }): void;
  addRest(definition?: { name?: string; required?: number }): void;
  addProxy(definition?: { required?: number }): void;
  addOption(definition: { names: string[]; arity?: number; required?: boolean; description?: string }): void;
}

/**
 * Reads a command's declaration by handing each option field the builder interface clipanion
 * itself hands it at registration, so the answer is what clipanion parses by.
 */
export function declarationOf(commandClass: CommandClass): CommandDeclaration {
  const options: DeclaredOption[] = [];
  const positionals: { name: string; required: boolean }[] = [];
  let rest: CommandDeclaration["rest"];
  let proxy = false;
  const builder: DefinitionBuilder = {
    addPositional: ({ name = "arg", required = true } = {}) => void positionals.push({ name, required }),
    addRest: ({ name = "arg", required = 0 } = {}) => void (rest = { name, required }),
    addProxy: () => void (proxy = true),
    addOption: ({ names, arity = 0, required = false, description }) => void options.push({ names, arity, required, description }),
  };
  const command = new (commandClass as unknown as new () => Record<string, unknown>)();
  for (const key in command) {
    const value = command[key] as { [Command.isOption]?: true; definition?: (builder: DefinitionBuilder, key: string) => void } | null;
    if (typeof value === "object" && value !== null && value[Command.isOption] === true) value.definition?.(builder, key);
  }
  return { options, positionals, rest, proxy };
}

/**
 * The required part a command line lacks, for a message that names it (clipanion says only
 * "Command not found" or "Not enough positional arguments"): the first required option not
 * given, else the first required positional not given. Undefined when nothing is missing, or
 * when the line has a problem of another kind (an unknown option, an option without its
 * value), which clipanion's own message describes better.
 */
export function missingPart(words: readonly string[], declaration: CommandDeclaration): { readonly kind: "option"; readonly option: DeclaredOption } | { readonly kind: "positional"; readonly name: string } | undefined {
  const byName = new Map(declaration.options.flatMap((option) => option.names.map((name) => [name, option] as const)));
  const given = new Set<DeclaredOption>();
  let positionals = 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === "--") {
      positionals += declaration.proxy ? 0 : words.length - index - 1;
      break;
    }
    if (word.startsWith("-") && word !== "-") {
      const equals = word.indexOf("=");
      const option = byName.get(equals === -1 ? word : word.slice(0, equals)) ?? (word.startsWith("--no-") ? byName.get(`--${word.slice(5)}`) : undefined);
      if (option === undefined) return undefined;
      given.add(option);
      if (option.arity > 0 && equals === -1) {
        const values = words.slice(index + 1, index + 1 + option.arity);
        if (values.length < option.arity || values.some((value) => value.startsWith("-"))) return undefined;
        index += option.arity;
      }
      continue;
    }
    positionals++;
  }
  const option = declaration.options.find((candidate) => candidate.required && !given.has(candidate));
  if (option !== undefined) return { kind: "option", option };
  const required = declaration.positionals.filter((positional) => positional.required);
  const missing = required[positionals];
  if (missing !== undefined) return { kind: "positional", name: missing.name };
  if (declaration.rest !== undefined && positionals - required.length < declaration.rest.required) return { kind: "positional", name: declaration.rest.name };
  return undefined;
}

/**
 * Whether `-h` or `--help` stands among the command's own words, where clipanion sees it only
 * right after the command's name: `gp vm run image.squashfs --help` asks for help too. Words
 * after `--`, the value of an option, and what a proxy command passes on (`gp vm ssh NAME
 * ls --help`) do not count.
 */
export function wantsHelp(words: readonly string[], declaration: CommandDeclaration): boolean {
  const byName = new Map(declaration.options.flatMap((option) => option.names.map((name) => [name, option] as const)));
  let positionals = 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === "--") return false;
    if (word === "-h" || word === "--help") return true;
    if (word.startsWith("-") && word !== "-") {
      const option = byName.get(word);
      if (option !== undefined) index += option.arity;
      continue;
    }
    positionals++;
    if (declaration.proxy && positionals >= declaration.positionals.length) return false;
  }
  return false;
}
