import { Builtins, type CommandClass } from "clipanion";
import { ArchiveCommand } from "./commands/archive.js";
import { declarationOf } from "./command-declaration.js";
import { BinhostPublishCommand } from "./commands/binhost.js";
import { CatalogCommand } from "./commands/catalog.js";
import { BashCommand } from "./commands/build/bash.js";
import { BuildCommand } from "./commands/build/build.js";
import { CleanCommand } from "./commands/build/clean.js";
import { KeysCommand } from "./commands/build/keys.js";
import { LockCommand } from "./commands/build/lock.js";
import { LowerCommand } from "./commands/build/lower.js";
import { PackCommand } from "./commands/build/pack.js";
import { UpperBashCommand } from "./commands/build/upper-bash.js";
import { UpperCommand } from "./commands/build/upper.js";
import { CheckCommand } from "./commands/check.js";
import { CiGithubCommand, CiGitlabCommand } from "./commands/ci.js";
import { CompileCommand } from "./commands/compile.js";
import { ContentsCommand } from "./commands/contents.js";
import { DiffCommand } from "./commands/diff.js";
import { ExplainCommand } from "./commands/explain.js";
import { ImportCommand } from "./commands/import.js";
import { IniPageCommand } from "./commands/ini/page.js";
import { InitCommand } from "./commands/init.js";
import { InstallCommand } from "./commands/install.js";
import { RollbackCommand } from "./commands/rollback.js";
import { SignCommand } from "./commands/sign.js";
import { VerifyCommand } from "./commands/verify.js";
import { ResolveCommand } from "./commands/resolve.js";
import { GpCli } from "./gp-cli.js";
import { useColor } from "./terminal.js";
import { VmCidCommand } from "./commands/vm/cid.js";
import { VmAllocateCommand } from "./commands/vm/allocate.js";
import { VmConsoleCommand } from "./commands/vm/console.js";
import { VmExpandCommand } from "./commands/vm/expand.js";
import { VmListCommand } from "./commands/vm/list.js";
import { VmUsbCommand } from "./commands/vm/usb.js";
import { VmRunCommand } from "./commands/vm/run.js";
import { IniCheckCommand } from "./commands/ini/check.js";
import { IniNewCommand } from "./commands/ini/new.js";
import { VmServiceCommand } from "./commands/vm/service.js";
import { VmShowCommand } from "./commands/vm/show.js";
import { VmSshCommand } from "./commands/vm/ssh.js";
import { VmScreenshotCommand } from "./commands/vm/screenshot.js";
import { VmStopCommand } from "./commands/vm/stop.js";
import { VERSION } from "./version.js";

const COMMANDS = [
  CompileCommand,
  CheckCommand,
  ResolveCommand,
  ImportCommand,
  ExplainCommand,
  InitCommand,
  IniPageCommand,
  BuildCommand,
  LowerCommand,
  UpperCommand,
  PackCommand,
  BashCommand,
  UpperBashCommand,
  ArchiveCommand,
  CleanCommand,
  LockCommand,
  KeysCommand,
  ContentsCommand,
  BinhostPublishCommand,
  InstallCommand,
  RollbackCommand,
  DiffCommand,
  SignCommand,
  VerifyCommand,
  CiGithubCommand,
  CiGitlabCommand,
  CatalogCommand,
  IniCheckCommand,
  IniNewCommand,
  VmRunCommand,
  VmConsoleCommand,
  VmScreenshotCommand,
  VmStopCommand,
  VmListCommand,
  VmShowCommand,
  VmCidCommand,
  VmUsbCommand,
  VmServiceCommand,
  VmSshCommand,
  VmAllocateCommand,
  VmExpandCommand,
];

/** Every command gp has. */
export function commandClasses(): readonly CommandClass[] {
  return COMMANDS as readonly CommandClass[];
}

/** Every subcommand's name, for reading the command line before clipanion does. */
export function subcommandNames(): Set<string> {
  return new Set(COMMANDS.flatMap((command) => (command.paths ?? []).map((path) => path[0] ?? "")));
}

/**
 * The names of the options that take a value, of the commands under `subcommand` or of all, for
 * reading the command line before clipanion does.
 */
export function valueOptionNames(subcommand?: string): Set<string> {
  const commands = COMMANDS.filter((command) => subcommand === undefined || command.paths.some((path) => path[0] === subcommand));
  return new Set(commands.flatMap((command) => declarationOf(command as CommandClass).options.filter((option) => option.arity > 0).flatMap((option) => option.names)));
}

/**
 * The gp command line. Given the subcommand being run, only it is registered (with the help and
 * version builtins): clipanion compiles a state machine of every option of every registered
 * command on each start, and the build commands share twenty options, which would cost every
 * `gp compile` tens of milliseconds. Without one (`gp --help`, a typo) all are registered.
 */
export function createCli(subcommand?: string): GpCli {
  const cli = new GpCli({
    binaryLabel: "gp: immutable OS images from typed blueprints",
    binaryName: "gp",
    binaryVersion: VERSION,
    enableColors: useColor(process.stdout),
  });
  cli.register(Builtins.HelpCommand);
  cli.register(Builtins.VersionCommand);
  if (subcommand === "--version" || subcommand === "-v") return cli;
  const chosen = COMMANDS.filter((command) => command.paths?.some((path) => path[0] === subcommand));
  for (const command of chosen.length > 0 ? chosen : COMMANDS) cli.register(command);
  return cli;
}
