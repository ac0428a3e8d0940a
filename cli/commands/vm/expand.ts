import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmExpandCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm expand");
  static override paths = [["vm", "expand"]];
  static override usage = Command.Usage({
    description: "tell a running VM that its disk files grew",
    details: `
      For every writable disk of the VM NAME whose file is now larger than the VM sees it (grown
      with gp vm allocate FILE SIZE), tells QEMU the new size (QMP block_resize). The guest's
      kernel sees it at once; the file system inside is grown in the guest, with btrfs filesystem
      resize max /run/initramfs/rw for a data disk. A VM none of whose disks grew is an error.
    `,
    examples: [["Grow the data disk of a running VM", "$0 vm allocate data.img 32G && $0 vm expand nextcloud"]],
  });
  name = Option.String({ name: "name" });

  async run(): Promise<number> {
    const { expandVm, humanSize } = await import("../../../runtime/vm/index.js");
    try {
      const growths = await expandVm(await this.out.runtimeRoot(), this.name);
      for (const growth of growths) {
        if (this.json) this.printJson({ type: "result", ok: true, name: this.name, ...growth });
        else this.context.stdout.write(`${this.name}: ${growth.device} (${growth.file}) grown from ${humanSize(growth.fromBytes)} to ${humanSize(growth.toBytes)}\n`);
      }
      return EXIT.ok;
    } catch (problem) {
      return this.printFailure(problem);
    }
  }
}
