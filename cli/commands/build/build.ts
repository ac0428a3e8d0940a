import { Command } from "clipanion";
import { Option } from "../../options.js";
import { BaseCommand } from "../../base-command.js";
import { OptionProblem } from "../../option-groups.js";
import { runBuildAll } from "./build-all.js";
import { phaseOptions, runPhases, TARGET_DETAILS } from "./run-phases.js";

/** What `gp build` adds to the options of every phase command: building a whole folder. */
function allOptions() {
  return {
    all: Option.Boolean("--all", false, { description: "Build every blueprint (*.image.ts) below the directory (default: this one) for each arch and variant it declares" }),
    jobs: Option.String("--jobs", { description: "With --all: how many artifacts build at once (default: 1)" }),
  };
}

export interface BuildCommand extends ReturnType<typeof phaseOptions>, ReturnType<typeof allOptions> {}

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

      With --all, gp builds every blueprint (*.image.ts) below the directory, passing over
      node_modules, out, work and hidden folders and refusing links that lead out of it: each
      for the arches it declares (\`arches\`; this machine's arch when it names none) and each
      of its variants. Arches this machine cannot run are skipped with the reason. --jobs N
      builds N artifacts at once; all share one download and binary package cache. A summary
      at the end lists each build as built, up to date, skipped or failed (with the reason and
      its log); gp exits 1 when any failed.
    `,
    examples: [
      ["Build the image of a blueprint", "$0 build nextcloud.image.ts"],
      ["Build the one blueprint in this directory, as gp init made it", "$0 build"],
      ["Build an artifact directory for aarch64 with xz", "$0 build ./nextcloud --arch aarch64 --compression xz"],
      ["Rebuild from the download cache only", "$0 build . --offline"],
      ["Build every blueprint below images/, two at a time", "$0 build --all images --jobs 2"],
    ],
  });

  constructor() {
    super({ ...phaseOptions(), ...allOptions() });
  }

  run(): Promise<number> {
    if (this.all) return runBuildAll(this);
    if (this.jobs !== undefined) throw new OptionProblem("--jobs goes with --all: one build runs one at a time.");
    return runPhases(this, ["lower", "upper", "pack"]);
  }
}
