import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { WITHOUT_TARGET } from "../../option-groups.js";
import { runShell, shellOptions } from "./shell.js";

export interface BashCommand extends ReturnType<typeof shellOptions> {}

export class BashCommand extends BaseCommand {
  static override paths = [["bash"]];
  static override usage = Command.Usage({
    description: "open a shell (or run a command) in the lower root",
    details: `The shell runs in a container on the lower, with the binary package cache and distfiles bound, as the lower phase has them. Changes stay in the lower. Packages installed or removed here make the next \`gp build\` redo the upper layer; \`gp lower\` runs the emerge pipeline again. ${WITHOUT_TARGET}`,
    examples: [
      ["Open a shell in the lower of the current artifact", "$0 bash"],
      ["See what emerge would update (options of the command after --)", "$0 bash . -- emerge -pvuDN @world"],
    ],
  });

  constructor() {
    super(shellOptions());
  }

  run(): Promise<number> {
    return runShell(this, "lower");
  }
}
