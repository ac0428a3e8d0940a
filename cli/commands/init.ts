import { relative } from "node:path";
import { Command } from "clipanion";
import { initProject } from "../../compiler/index.js";
import { shellWord } from "../../compiler/index.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { Option } from "../options.js";

export class InitCommand extends BaseCommand {
  static override paths = [["init"]];

  static override usage = Command.Usage({
    description: "start an image project",
    details: `
      Writes package.json (genpack-ts and a profile package), tsconfig.json, a blueprint named
      after the folder that compiles as it is, .gitignore and a README with what to run next.
      Nothing that exists is replaced. genpack-ts and its profiles are not on the npm registry
      yet (gp's README, "Installing gp", says how to install gp from a checkout), so package.json
      takes them from this gp's own package (file: dependencies), and \`npm install\` links them
      into the project without a registry. What to run next: \`npm install && npm run compile\`.
    `,
    examples: [
      ["Start a project in a new folder", "$0 init my-image"],
      ["Start a project for a Raspberry Pi", "$0 init pi-image --profile raspberrypi"],
    ],
  });

  directory = Option.String({ name: "dir", required: false });
  profile = Option.String("--profile", { description: "Profile package to extend (default: paravirt)" });

  async run(): Promise<number> {
    const cwd = process.cwd();
    const result = initProject(this.directory ?? ".", this.profile === undefined ? {} : { profile: this.profile });
    if (!result.ok) {
      this.report(result.diagnostics);
      return EXIT.userError;
    }
    const blueprint = relative(cwd, result.blueprint);
    const into = this.directory === undefined ? "" : `cd ${shellWord(this.directory)} && `;
    const next = `${into}npm install && npm run compile`;
    if (this.json) {
      this.printJson({ type: "result", ok: true, written: result.written.map((file) => relative(cwd, file)), blueprint, next });
    } else {
      this.context.stdout.write(
        `wrote ${result.written.map((file) => relative(cwd, file)).join(", ")}\n` +
          `genpack-ts and its profile come from this gp, ${result.packageRoot} (file: dependencies in package.json)\n` +
          `next: ${next}\n`,
      );
    }
    return EXIT.ok;
  }
}
