import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmAllocateCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm allocate");
  static override paths = [["vm", "allocate"]];
  static override usage = Command.Usage({
    description: "make a data disk image file for gp vm run --data-disk, or grow one",
    details: `
      Makes FILE (mode 0600) a sparse disk image of SIZE, formatted as btrfs (label "data"): the
      file system of genpack's data partition, which the guest's initramfs mounts from /dev/vdb
      as the writable layer over the image. On btrfs the file is made NOCOW (chattr +C) before any
      data is written, so that the guest's writes do not fragment it. --raw leaves it unformatted.

      A FILE that exists is grown to SIZE and left as it is otherwise (a smaller SIZE is refused:
      it would cut off data); a VM running with it sees the new size after gp vm expand NAME, and
      the guest grows its file system with btrfs filesystem resize max /run/initramfs/rw.

      SIZE is a size such as 8G or 512M, or a number of GiB.
    `,
    examples: [
      ["A 16 GiB data disk", "$0 vm allocate data.img 16G"],
      ["Grow it while its VM runs", "$0 vm allocate data.img 32G && $0 vm expand nextcloud"],
      ["An unformatted disk", "$0 vm allocate scratch.img 4G --raw"],
    ],
  });
  file = Option.String({ name: "file" });
  size = Option.String({ name: "size" });
  raw = Option.Boolean("--raw", false, { description: "Leave a new file unformatted" });

  async run(): Promise<number> {
    const { allocateDisk, humanSize, parseAllocationSize } = await import("../../../runtime/vm/index.js");
    const size = parseAllocationSize(this.size);
    if ("problem" in size) return this.out.fail(codes.vmOptionInvalid, `SIZE: ${size.problem}`);
    try {
      const allocation = await allocateDisk({ path: this.file, bytes: size.value, raw: this.raw });
      if (this.json) this.printJson({ type: "result", ok: true, ...allocation });
      else if (allocation.previousBytes === undefined) {
        const how = [allocation.formatted === undefined ? "unformatted" : `formatted as ${allocation.formatted}`, ...(allocation.nocow ? ["NOCOW"] : [])].join(", ");
        this.context.stdout.write(`${this.file}: ${humanSize(allocation.bytes)}, ${how}\n`);
      } else if (allocation.previousBytes === allocation.bytes) {
        this.context.stdout.write(`${this.file} already holds ${humanSize(allocation.bytes)}\n`);
      } else {
        this.context.stdout.write(`${this.file}: grown from ${humanSize(allocation.previousBytes)} to ${humanSize(allocation.bytes)}; a VM running with it sees the new size after gp vm expand NAME\n`);
      }
      return EXIT.ok;
    } catch (problem) {
      return this.printFailure(problem);
    }
  }
}
