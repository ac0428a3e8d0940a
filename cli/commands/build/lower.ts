import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { phaseOptions, runPhases, TARGET_DETAILS } from "./run-phases.js";

export interface LowerCommand extends ReturnType<typeof phaseOptions> {}

export class LowerCommand extends BaseCommand {
  static override paths = [["lower"]];
  static override usage = Command.Usage({
    description: "run the lower phase (emerge), even when nothing changed",
    details: TARGET_DETAILS,
  });

  constructor() {
    super(phaseOptions());
  }

  run(): Promise<number> {
    return runPhases(this, ["lower"], { forceLower: true });
  }
}
