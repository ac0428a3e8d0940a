import { existsSync } from "node:fs";
import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmSshCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm ssh");
  static override paths = [["vm", "ssh"]];
  static override usage = Command.Usage({
    description: "ssh into a running VM, over vsock or a forwarded port",
    details: `
      Over vsock when the VM has it (the host has /dev/vhost-vsock) and systemd-ssh-proxy or socat
      is installed to carry it; otherwise through a --port-forward to the guest's port 22. The
      guest's host keys are not recorded: they change with every fresh boot. Words after the
      name (after --) are the command to run in the guest.
    `,
    examples: [
      ["Log in as root", "$0 vm ssh nextcloud"],
      ["Run a command", "$0 vm ssh nextcloud -- systemctl status"],
    ],
  });
  name = Option.String({ name: "name" });
  user = Option.String("--user,-l", "root", { description: "The user to log in as" });
  rest = Option.Proxy();

  async run(): Promise<number> {
    const { vmStatus, vmPaths, sshArguments, SYSTEMD_SSH_PROXY_PATHS, hasCommand, startProgram } = await import("../../../runtime/vm/index.js");
    const status = vmStatus(vmPaths(await this.out.runtimeRoot(), this.name));
    if (status.kind !== "running") return this.out.fail(codes.noSuchVm, `no VM named ${this.name} is running (gp vm list shows those that are)`);
    if (!(await hasCommand("ssh"))) return this.out.fail(codes.vmToolMissing, "ssh is not installed (Debian package openssh-client)");
    const systemdSshProxy = SYSTEMD_SSH_PROXY_PATHS.find((path) => existsSync(path));
    const socat = (await hasCommand("socat")) ? "socat" : undefined;
    const command = this.rest[0] === "--" ? this.rest.slice(1) : this.rest;
    const args = sshArguments(status.state, this.user, { ...(systemdSshProxy === undefined ? {} : { systemdSshProxy }), ...(socat === undefined ? {} : { socat }) });
    const { code, signal } = await startProgram("ssh", [...args, ...command], { stdio: "inherit" }).ended;
    // ssh's own status (255 for its own failures, else the remote command's) is gp's.
    return code ?? (signal === null ? 1 : 128);
  }
}
