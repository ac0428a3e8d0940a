import { Builtins, Cli } from "clipanion";
import { ArchiveCommand } from "./commands/archive.js";
import { BuildCommand, LowerCommand, PackCommand, UpperCommand } from "./commands/build.js";
import { CheckCommand } from "./commands/check.js";
import { CleanCommand } from "./commands/clean.js";
import { LockCommand } from "./commands/lock.js";
import { BashCommand, UpperBashCommand } from "./commands/shell.js";
import { CompileCommand } from "./commands/compile.js";
import { ExplainCommand } from "./commands/explain.js";
import { ImportCommand } from "./commands/import.js";
import { InitCommand } from "./commands/init.js";
import { ResolveCommand } from "./commands/resolve.js";
import { useColor } from "./terminal.js";
import { VERSION } from "./version.js";

/** The gp command line, with every command registered. */
export function createCli(): Cli {
  const cli = new Cli({
    binaryLabel: "gp: immutable OS images from typed blueprints",
    binaryName: "gp",
    binaryVersion: VERSION,
    enableColors: useColor(process.stdout),
  });
  cli.register(Builtins.HelpCommand);
  cli.register(Builtins.VersionCommand);
  cli.register(CompileCommand);
  cli.register(CheckCommand);
  cli.register(ResolveCommand);
  cli.register(ImportCommand);
  cli.register(ExplainCommand);
  cli.register(InitCommand);
  cli.register(BuildCommand);
  cli.register(LowerCommand);
  cli.register(UpperCommand);
  cli.register(PackCommand);
  cli.register(BashCommand);
  cli.register(UpperBashCommand);
  cli.register(ArchiveCommand);
  cli.register(CleanCommand);
  cli.register(LockCommand);
  return cli;
}
