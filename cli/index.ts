import { Builtins, type CommandClass } from "clipanion";
import { declarationOf } from "./command-declaration.js";
import { GpCli } from "./gp-cli.js";
import { useColor } from "./terminal.js";
import { VERSION } from "./version.js";

/**
 * gp's commands by the first word of their paths, each loaded when it runs: a command's module
 * brings what the command needs (the compiler, the build runtime, QEMU's control), and loading
 * all of them cost every start of gp more than the command itself. `gp --help` loads them all.
 * (test/cli/command-line.test.ts holds each entry to the paths its commands declare.)
 */
const COMMANDS: readonly (readonly [string, () => Promise<readonly CommandClass[]>])[] = [
  ["compile", async () => [(await import("./commands/compile.js")).CompileCommand]],
  ["check", async () => [(await import("./commands/check.js")).CheckCommand]],
  ["resolve", async () => [(await import("./commands/resolve.js")).ResolveCommand]],
  ["import", async () => [(await import("./commands/import.js")).ImportCommand]],
  ["explain", async () => [(await import("./commands/explain.js")).ExplainCommand]],
  ["init", async () => [(await import("./commands/init.js")).InitCommand]],
  [
    "build",
    async () => {
      const [build, keys] = await Promise.all([import("./commands/build/build.js"), import("./commands/build/keys.js")]);
      return [build.BuildCommand, keys.KeysCommand];
    },
  ],
  ["lower", async () => [(await import("./commands/build/lower.js")).LowerCommand]],
  ["upper", async () => [(await import("./commands/build/upper.js")).UpperCommand]],
  ["pack", async () => [(await import("./commands/build/pack.js")).PackCommand]],
  ["bash", async () => [(await import("./commands/build/bash.js")).BashCommand]],
  ["upper-bash", async () => [(await import("./commands/build/upper-bash.js")).UpperBashCommand]],
  ["archive", async () => [(await import("./commands/archive.js")).ArchiveCommand]],
  ["clean", async () => [(await import("./commands/build/clean.js")).CleanCommand]],
  ["lock", async () => [(await import("./commands/build/lock.js")).LockCommand]],
  ["contents", async () => [(await import("./commands/contents.js")).ContentsCommand]],
  ["binhost", async () => [(await import("./commands/binhost.js")).BinhostPublishCommand]],
  ["install", async () => [(await import("./commands/install.js")).InstallCommand]],
  ["rollback", async () => [(await import("./commands/rollback.js")).RollbackCommand]],
  ["diff", async () => [(await import("./commands/diff.js")).DiffCommand]],
  ["sign", async () => [(await import("./commands/sign.js")).SignCommand]],
  ["verify", async () => [(await import("./commands/verify.js")).VerifyCommand]],
  [
    "ci",
    async () => {
      const { CiGithubCommand, CiGitlabCommand } = await import("./commands/ci.js");
      return [CiGithubCommand, CiGitlabCommand];
    },
  ],
  ["catalog", async () => [(await import("./commands/catalog.js")).CatalogCommand]],
  [
    "ini",
    async () => {
      const [page, check, fresh] = await Promise.all([import("./commands/ini/page.js"), import("./commands/ini/check.js"), import("./commands/ini/new.js")]);
      return [page.IniPageCommand, check.IniCheckCommand, fresh.IniNewCommand];
    },
  ],
  [
    "vm",
    async () => {
      const modules = await Promise.all([
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
      ]);
      const [run, console, screenshot, stop, list, show, cid, usb, service, ssh, allocate, expand] = modules;
      return [
        run.VmRunCommand,
        console.VmConsoleCommand,
        screenshot.VmScreenshotCommand,
        stop.VmStopCommand,
        list.VmListCommand,
        show.VmShowCommand,
        cid.VmCidCommand,
        usb.VmUsbCommand,
        service.VmServiceCommand,
        ssh.VmSshCommand,
        allocate.VmAllocateCommand,
        expand.VmExpandCommand,
      ];
    },
  ],
];

/** The first word of each command's paths, with the loader of the commands it names. */
export function commandLoaders(): ReadonlyMap<string, () => Promise<readonly CommandClass[]>> {
  return new Map(COMMANDS);
}

/** The commands whose paths start with `subcommand`, or every command gp has. */
export async function commandClasses(subcommand?: string): Promise<readonly CommandClass[]> {
  const entries = COMMANDS.filter(([name]) => subcommand === undefined || name === subcommand);
  return (await Promise.all(entries.map(([, load]) => load()))).flat();
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
