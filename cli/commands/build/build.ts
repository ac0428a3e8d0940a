import { Command } from "clipanion";
import { BaseCommand } from "../../base-command.js";
import { phaseOptions, runPhases, TARGET_DETAILS } from "./run-phases.js";

export interface BuildCommand extends ReturnType<typeof phaseOptions> {}

export class BuildCommand extends BaseCommand {
  static override paths = [["build"]];
  static override usage = Command.Usage({
    description: "build a SquashFS image: lower, upper, pack",
    details: `
      Runs the three phases of genpack: lower (a stage3 with emerge run over the packages, USE
      flags and keywords the blueprint sets), upper (package scripts, users, files/, build
      scripts, setup commands and services over the lower, then the runtime closure copied up)
      and pack (mksquashfs of the upper layer). Each phase runs only when
      something it depends on changed, and says what; a second build with nothing changed does
      nothing. The image is reproducible: the same inputs give the same bytes. Beside
      IMAGE.squashfs it writes IMAGE.cdx.json, a CycloneDX SBOM of the packages in the image (also
      inside it at /.genpack/sbom.cdx.json), and IMAGE.intoto.json, SLSA provenance naming the
      image's SHA-256, the blueprint and the inputs pinned in gp.lock.

      ${TARGET_DETAILS}
    `,
    examples: [
      ["Build the image of a blueprint", "$0 build nextcloud.image.ts"],
      ["Build the one blueprint in this directory, as gp init made it", "$0 build"],
      ["Build an artifact directory for aarch64 with xz", "$0 build ./nextcloud --arch aarch64 --compression xz"],
      ["Rebuild from the download cache only", "$0 build . --offline"],
    ],
  });

  constructor() {
    super(phaseOptions());
  }

  run(): Promise<number> {
    return runPhases(this, ["lower", "upper", "pack"]);
  }
}
