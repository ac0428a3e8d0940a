import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmCidCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm cid");
  static override paths = [["vm", "cid"]];
  static override usage = Command.Usage({
    description: "print the vsock CID of a VM",
    details: `
      The CID comes from your user id and the VM's name (SHA-256 of "UID:NAME", as genpack's vm
      tool derives it), so a VM gets the same one every time it starts and ssh configuration
      can name it. A running VM's own CID is printed (another VM may have held the derived one
      when it started, and it took the next free one); a VM that runs without vsock is an error.
    `,
    examples: [
      ["The CID of nextcloud", "$0 vm cid nextcloud"],
      ["ssh over vsock with systemd's proxy", "ssh root@vsock/$($0 vm cid nextcloud)"],
    ],
  });
  name = Option.String({ name: "name" });

  async run(): Promise<number> {
    const { vmCid } = await import("../../../runtime/vm/index.js");
    const found = vmCid(await this.out.runtimeRoot(), process.getuid?.() ?? 0, this.name);
    if (this.json) this.printJson({ type: "result", ok: true, ...found });
    else this.context.stdout.write(`${found.cid}\n`);
    return EXIT.ok;
  }
}
