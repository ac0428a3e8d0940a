import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmStopCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm stop");
  static override paths = [["vm", "stop"]];
  static override usage = Command.Usage({
    description: "stop a running VM: power button, then quit, then kill",
    details: `
      Presses the guest's ACPI power button (QMP system_powerdown) and waits --timeout seconds for
      it to power off; then tells QEMU to quit, and after 10 s more kills it. --force skips the
      power button. Returns when QEMU is gone, saying which step ended it, and removes the VM's
      runtime files.
    `,
    examples: [
      ["Shut a VM down", "$0 vm stop nextcloud"],
      ["Give the guest two minutes", "$0 vm stop nextcloud --timeout 120"],
      ["Stop every running VM", "$0 vm stop --all"],
    ],
  });
  names = Option.Rest({ name: "name" });
  all = Option.Boolean("--all", false, { description: "Stop every running VM" });
  force = Option.Boolean("--force,-f", false, { description: "Do not ask the guest: quit QEMU at once" });
  timeout = Option.String("--timeout,-t", "30", { description: "Seconds the guest gets to power off" });

  async run(): Promise<number> {
    const { stopVm, listVms } = await import("../../../runtime/vm/index.js");
    if (!/^\d+$/.test(this.timeout)) return this.out.fail(codes.vmOptionInvalid, `--timeout ${this.timeout}: give whole seconds`);
    const root = await this.out.runtimeRoot();
    if (this.all && this.names.length > 0) return this.out.fail(codes.vmOptionInvalid, "give VM names or --all, not both");
    const names = this.all ? listVms(root).vms.filter((vm) => vm.status === "running").map((vm) => vm.name) : this.names;
    if (names.length === 0) return this.all ? EXIT.ok : this.out.fail(codes.vmOptionInvalid, "name the VM to stop (gp vm list shows the running ones), or give --all");
    // VMs stop side by side: each may take the whole timeout.
    const outcomes = await Promise.all(
      names.map(async (name) => {
        try {
          const outcome = await stopVm(root, name, { force: this.force, timeoutSeconds: Number(this.timeout) }, (message) => this.out.progress(`${name}: ${message}`));
          if (this.json) this.printJson({ type: "result", ok: true, ...outcome });
          else this.context.stdout.write(`${name} stopped (${describe(outcome.stoppedBy, this.force)}) in ${outcome.seconds.toFixed(1)} s\n`);
          return EXIT.ok;
        } catch (problem) {
          return this.printFailure(problem);
        }
      }),
    );
    // The worst outcome: 2 when gp hit a bug stopping one of them, 1 when one could not be stopped.
    return Math.max(EXIT.ok, ...outcomes);
  }
}

/** Which step ended QEMU, in words. */
function describe(stoppedBy: string, force: boolean): string {
  const quit = force ? "QEMU quit at once (--force)" : "QEMU quit; the guest did not power off in time";
  return ({ powerdown: "the guest powered off", quit, terminate: "SIGTERM; QMP did not answer", kill: "killed" } as Record<string, string>)[stoppedBy] ?? stoppedBy;
}
