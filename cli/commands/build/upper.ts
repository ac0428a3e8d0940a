import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { phaseOptions, runPhases, TARGET_DETAILS } from "./run-phases.js";

export interface UpperCommand extends ReturnType<typeof phaseOptions> {}

export class UpperCommand extends BaseCommand {
  static override paths = [["upper"]];
  static override usage = Command.Usage({ description: "rebuild the upper layer over the finished lower, even when nothing changed", details: TARGET_DETAILS });

  constructor() {
    super(phaseOptions());
  }

  run(): Promise<number> {
    return runPhases(this, ["upper"]);
  }
}
