import { Builtins, type CommandClass } from "clipanion";
import { declarationOf } from "./command-declaration.js";
import { GpCli } from "./gp-cli.js";
import { useColor } from "./terminal.js";
import { VERSION } from "./version.js";

/**
 * gp's commands by the first word of their paths, each loaded when it runs: a command's module
 * brings what the command needs (the compiler, the build runtime, QEMU's control), and loading
 * all of them cost every start of gp more than the command itself. `gp --help` loads them all.
 * Each loads the modules of its commands, whose command classes are what they export with paths.
 * (test/cli/command-line.test.ts holds each entry to the paths its commands declare.)
 */
const COMMANDS: readonly (readonly [string, () => Promise<readonly Record<string, unknown>[]>])[] = [
  ["compile", () => Promise.all([import("./commands/compile.js")])],
  ["check", () => Promise.all([import("./commands/check.js")])],
  ["resolve", () => Promise.all([import("./commands/resolve.js")])],
  ["import", () => Promise.all([import("./commands/import.js")])],
  ["explain", () => Promise.all([import("./commands/explain.js")])],
  ["init", () => Promise.all([import("./commands/init.js")])],
  ["build", () => Promise.all([import("./commands/build/build.js"), import("./commands/build/keys.js")])],
  ["lower", () => Promise.all([import("./commands/build/lower.js")])],
  ["upper", () => Promise.all([import("./commands/build/upper.js")])],
  ["pack", () => Promise.all([import("./commands/build/pack.js")])],
  ["bash", () => Promise.all([import("./commands/build/bash.js")])],
  ["upper-bash", () => Promise.all([import("./commands/build/upper-bash.js")])],
  ["archive", () => Promise.all([import("./commands/archive.js")])],
  ["clean", () => Promise.all([import("./commands/build/clean.js")])],
  ["lock", () => Promise.all([import("./commands/build/lock.js")])],
  ["contents", () => Promise.all([import("./commands/contents.js")])],
  ["binhost", () => Promise.all([import("./commands/binhost.js")])],
  ["install", () => Promise.all([import("./commands/install.js")])],
  ["rollback", () => Promise.all([import("./commands/rollback.js")])],
  ["diff", () => Promise.all([import("./commands/diff.js")])],
  ["sign", () => Promise.all([import("./commands/sign.js")])],
  ["verify", () => Promise.all([import("./commands/verify.js")])],
  ["ci", () => Promise.all([import("./commands/ci.js")])],
  ["catalog", () => Promise.all([import("./commands/catalog.js")])],
  ["ini", () => Promise.all([import("./commands/ini/page.js"), import("./commands/ini/check.js"), import("./commands/ini/new.js")])],
  [
    "vm",
    () =>
      Promise.all([
        import("./commands/vm/run.js"),
        import("./commands/vm/console.js"),
        import("./commands/vm/screenshot.js"),
        import("./commands/vm/stop.js"),
        import("./commands/vm/list.js"),
        import("./commands/vm/show.js"),
        import("./commands/vm/cid.js"),
        import("./commands/vm/usb.js"),
        import("./commands/vm/service.js"),
        import("./commands/vm/ssh.js"),
        import("./commands/vm/allocate.js"),
        import("./commands/vm/expand.js"),
      ]),
  ],
];

/** The command classes a module exports: the classes that declare paths. */
export function commandClassesIn(module: Readonly<Record<string, unknown>>): CommandClass[] {
  return Object.values(module).filter((value): value is CommandClass => {
    const paths = typeof value === "function" ? (value as { paths?: unknown }).paths : undefined;
    return Array.isArray(paths) && paths.length > 0;
  });
}

/** The first word of each command's paths, with the loader of the commands it names. */
export function commandLoaders(): ReadonlyMap<string, () => Promise<readonly CommandClass[]>> {
  return new Map(COMMANDS.map(([name, load]) => [name, async () => (await load()).flatMap(commandClassesIn)]));
}

/** The commands whose paths start with `subcommand`, or every command gp has. */
export async function commandClasses(subcommand?: string): Promise<readonly CommandClass[]> {
  const loaders = [...commandLoaders()].filter(([name]) => subcommand === undefined || name === subcommand);
  return (await Promise.all(loaders.map(([, load]) => load()))).flat();
}

/** Every subcommand's name, for reading the command line before clipanion does. */
export function subcommandNames(): Set<string> {
  return new Set(COMMANDS.map(([name]) => name));
}

/**
 * The names of the options that take a value, of the commands under `subcommand` or of all, for
 * reading the command line before clipanion does.
 */
export async function valueOptionNames(subcommand?: string): Promise<Set<string>> {
  const commands = await commandClasses(subcommand);
  return new Set(commands.flatMap((command) => declarationOf(command).options.filter((option) => option.arity > 0).flatMap((option) => option.names)));
}

/**
 * The gp command line. Given the subcommand being run, only it is registered (with the help and
 * version builtins): clipanion compiles a state machine of every option of every registered
 * command on each start, and the build commands share twenty options, which would cost every
 * `gp compile` tens of milliseconds. Without one (`gp --help`, a typo) all are registered.
 */
export async function createCli(subcommand?: string): Promise<GpCli> {
  const cli = new GpCli({
    binaryLabel: "gp: immutable OS images from typed blueprints",
    binaryName: "gp",
    binaryVersion: VERSION,
    enableColors: useColor(process.stdout),
  });
  cli.register(Builtins.HelpCommand);
  cli.register(Builtins.VersionCommand);
  if (subcommand === "--version" || subcommand === "-v") return cli;
  const known = subcommand !== undefined && subcommandNames().has(subcommand);
  for (const command of await commandClasses(known ? subcommand : undefined)) cli.register(command);
  return cli;
}
