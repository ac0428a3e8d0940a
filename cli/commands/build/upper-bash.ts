import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { WITHOUT_TARGET } from "../../option-groups.js";
import { runShell, shellOptions } from "./shell.js";

export interface UpperBashCommand extends ReturnType<typeof shellOptions> {}

export class UpperBashCommand extends BaseCommand {
  static override paths = [["upper-bash"]];
  static override usage = Command.Usage({
    description: "open a shell on the upper layer over the lower",
    details: `The shell sees the root as the upper phase left it. Changes go into the upper layer and reach the image if packed; the next \`gp upper\` starts over. ${WITHOUT_TARGET}`,
  });

  constructor() {
    super(shellOptions());
  }

  run(): Promise<number> {
    return runShell(this, "upper");
  }
}
