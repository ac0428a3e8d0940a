import { relative } from "node:path";
import { Command } from "clipanion";
import { initProject } from "../../compiler/init-project.js";
import { BaseCommand, EXIT } from "../base-command.js";
import { Option } from "../options.js";

export class InitCommand extends BaseCommand {
  static override paths = [["init"]];

  static override usage = Command.Usage({
    description: "start an image project",
    details: `
      Writes package.json (genpack-ts and a profile package), tsconfig.json, a blueprint named
      after the folder that compiles as it is, .gitignore and a README with what to run next.
      Nothing that exists is replaced.
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
    if (this.json) {
      this.printJson({ type: "result", ok: true, written: result.written.map((file) => relative(cwd, file)), blueprint });
    } else {
      const into = this.directory === undefined ? "" : `cd ${this.directory} && `;
      this.context.stdout.write(`wrote ${result.written.map((file) => relative(cwd, file)).join(", ")}\nnext: ${into}npm install && npx gp compile ${relative(this.directory ?? ".", result.blueprint)}\n`);
    }
    return EXIT.ok;
  }
}
