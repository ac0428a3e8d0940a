import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmServiceCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm service");
  static override paths = [["vm", "service"]];
  static override usage = Command.Usage({
    description: "run a VM described by an INI file in the foreground, restarting it by policy (for systemd)",
    details: `
      The file holds gp vm run's options as keys (image, name, memory, cpus, data-disk, net,
      port-forward, share (one folder a line, repeatable), accel, uefi, vsock, system-ini,
      application-ini, serial-log, append, signed-by, signature, usb (one XPath a line,
      evaluated again at every start); with signed-by, the image's signature is checked at every
      start, restarts included), and under
      [service] the
      restart policy: restart = no | on-failure (default) | always, restart-delay (seconds,
      default 5), restart-limit and restart-window (at most 5 restarts in 300 s by default, then
      the service gives up), stop-timeout (seconds the guest gets to power off, default 60).
      Relative paths are taken from the file's directory.

      SIGTERM or Ctrl-C powers the guest off and ends the service; so does gp vm stop NAME. Under
      systemd use Type=notify with NotifyAccess=all: gp says when the VM runs.
    `,
    examples: [["Run a VM as a service", "$0 vm service /etc/gp/vm/nextcloud.ini"]],
  });
  file = Option.String({ name: "file.ini" });

  async run(): Promise<number> {
    const { readServiceFile, runService } = await import("../../../runtime/vm/index.js");
    const { config, problems, unreadable } = readServiceFile(this.file);
    if (unreadable !== undefined) return this.out.fail(codes.vmFileUnusable, `${this.file} ${unreadable}`);
    if (config === undefined) {
      for (const problem of problems) {
        if (this.json) this.printJson({ type: "diagnostic", file: this.file, line: problem.line, message: problem.message });
        else this.context.stderr.write(`${this.file}:${problem.line}: ${problem.message}\n`);
      }
      return this.out.fail(codes.invalidServiceFile, `${this.file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was started`);
    }
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    try {
      const log = (message: string) => (this.json ? this.printJson({ type: "log", message }) : this.context.stdout.write(`${message}\n`));
      return await runService(config.vm, config.policy, {
        progress: log,
        warning: (message) => this.out.warning(message),
        log,
        staleRemoved: (removed) => log(`removed the runtime files of an earlier ${removed.name}: ${removed.reason}`),
      }, controller.signal);
    } finally {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    }
  }
}
