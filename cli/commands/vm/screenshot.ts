import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";
import { vmOutput } from "./vm-output.js";

export class VmScreenshotCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm screenshot");
  static override paths = [["vm", "screenshot"]];
  static override usage = Command.Usage({
    description: "save a picture of a running VM's screen as PNG",
    details: `
      Asks QEMU for what the VM's screen shows (QMP screendump) and writes it to -o as a PNG,
      replacing the file whole or not at all. The VM needs a screen: start it with --display,
      --vnc, --spice or --gpu (--display none draws the screen with no window to show it in).
    `,
    examples: [["Take a picture of the screen of demo", "$0 vm screenshot demo -o demo.png"]],
  });
  name = Option.String({ name: "name" });
  output = Option.String("--output,-o", { required: true, description: "The PNG file to write" });

  async run(): Promise<number> {
    const { takeScreenshot } = await import("../../../runtime/vm/index.js");
    const shot = await takeScreenshot(await this.out.runtimeRoot(), this.name, this.output);
    if (this.json) this.printJson({ type: "result", ok: true, ...shot });
    else this.context.stdout.write(`${shot.path}: ${shot.width}x${shot.height} PNG of ${shot.name}'s screen\n`);
    return EXIT.ok;
  }
}
