import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { phaseOptions, runPhases, TARGET_DETAILS } from "./run-phases.js";

export interface PackCommand extends ReturnType<typeof phaseOptions> {}

export class PackCommand extends BaseCommand {
  static override paths = [["pack"]];
  static override usage = Command.Usage({
    description: "pack the upper layer into the SquashFS image, even when nothing changed",
    details: `${TARGET_DETAILS}\n\nChanges made with gp upper-bash reach the image this way; the next upper rebuild drops them.`,
  });

  constructor() {
    super(phaseOptions());
  }

  run(): Promise<number> {
    return runPhases(this, ["pack"]);
  }
}
