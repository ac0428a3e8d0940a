import { Command, Option as ClipanionOption, UsageError } from "clipanion";

/**
 * The option declarators every gp command uses: clipanion's, with two rules clipanion lacks.
 * An option that holds one value (`Option.String`, `Option.Boolean`) may be given once:
 * clipanion keeps the last of `--arch x86_64 --arch aarch64` without a word, so a build would
 * silently ignore half of what was asked. Only `Option.Array` options repeat (`--net`,
 * `--port-forward`, `gp lock --arch`). And no value may be empty: `--variant ""` or `--variant=`
 * names nothing, and reading it as "no variant" or "the default" would be a guess.
 */

/** One option as clipanion's parser recorded it: `--no-x` is `--x` with the value false. */
interface ParsedOption {
  readonly name: string;
  readonly value: unknown;
}

interface OptionSpec {
  readonly [Command.isOption]: true;
  transformer(builder: unknown, key: string, state: { readonly options: readonly ParsedOption[] }, context: unknown): unknown;
}

/** Marks option specs made here, so that a test can hold every command to these rules. */
export const GP_OPTION = Symbol("gp.option");

function marked<T>(spec: T): T {
  Object.defineProperty(spec, GP_OPTION, { value: true });
  return spec;
}

/** How the user wrote one occurrence, for messages: `--arch aarch64`, `--no-check`. */
function written(option: ParsedOption): string {
  if (option.value === true || option.value === undefined) return option.name;
  if (option.value === false) return `--no-${option.name.replace(/^--/, "")}`;
  const value = String(option.value);
  return `${option.name} ${/^[\w./:@+,=-]+$/.test(value) ? value : JSON.stringify(value)}`;
}

/** The longest of an option's names, the one help shows first. */
function mainName(names: readonly string[]): string {
  return names.reduce((longest, name) => (name.length > longest.length ? name : longest), "");
}

/** Wraps a spec's transformer with checks on the occurrences of its names before clipanion reads them. */
function checked<T>(spec: T, names: readonly string[], check: (occurrences: readonly ParsedOption[], name: string) => void): T {
  const option = spec as unknown as OptionSpec;
  const transform = option.transformer.bind(option);
  const nameSet = new Set(names);
  option.transformer = (builder, key, state, context) => {
    check(
      state.options.filter((parsed) => nameSet.has(parsed.name)),
      mainName(names),
    );
    return transform(builder, key, state, context);
  };
  return marked(spec);
}

function refuseEmpty(occurrences: readonly ParsedOption[], name: string): void {
  if (occurrences.some((option) => option.value === "")) throw new UsageError(`${name} is given an empty value; give it one, or leave ${name} out.`);
}

function refuseRepeats(occurrences: readonly ParsedOption[], name: string): void {
  if (occurrences.length < 2) return;
  const flag = occurrences.every((option) => typeof option.value === "boolean");
  const times = occurrences.length === 2 ? "twice" : `${occurrences.length} times`;
  throw new UsageError(`${name} is given ${times} (${occurrences.map(written).join(", ")}); ${flag ? "give it once" : "it takes one value, so give it once"}.`);
}

const StringOption = ((descriptor: unknown, ...rest: unknown[]) => {
  const spec = (ClipanionOption.String as (...args: unknown[]) => unknown)(descriptor, ...rest);
  if (typeof descriptor !== "string") return positionalRefusingEmpty(spec, descriptor as { name?: string });
  return checked(spec, descriptor.split(","), (occurrences, name) => {
    refuseRepeats(occurrences, name);
    refuseEmpty(occurrences, name);
  });
}) as typeof ClipanionOption.String;

/** A positional given as "" names nothing either: `gp compile ""` is refused, not read as the current directory. */
function positionalRefusingEmpty(spec: unknown, descriptor: { name?: string }): unknown {
  const option = spec as OptionSpec;
  const transform = option.transformer.bind(option);
  option.transformer = (builder, key, state, context) => {
    const value = transform(builder, key, state, context);
    if (value === "") throw new UsageError(`<${descriptor.name ?? key}> is empty; give it a value.`);
    return value;
  };
  return marked(spec);
}

const BooleanOption = ((descriptor: string, ...rest: unknown[]) =>
  checked((ClipanionOption.Boolean as (...args: unknown[]) => unknown)(descriptor, ...rest), descriptor.split(","), refuseRepeats)) as typeof ClipanionOption.Boolean;

const ArrayOption = ((descriptor: string, ...rest: unknown[]) =>
  checked((ClipanionOption.Array as (...args: unknown[]) => unknown)(descriptor, ...rest), descriptor.split(","), refuseEmpty)) as typeof ClipanionOption.Array;

const RestOption = ((...args: unknown[]) => marked((ClipanionOption.Rest as (...args: unknown[]) => unknown)(...args))) as typeof ClipanionOption.Rest;
const ProxyOption = ((...args: unknown[]) => marked((ClipanionOption.Proxy as (...args: unknown[]) => unknown)(...args))) as typeof ClipanionOption.Proxy;

export const Option = {
  String: StringOption,
  Boolean: BooleanOption,
  Array: ArrayOption,
  Rest: RestOption,
  Proxy: ProxyOption,
} as const;
