import { Command } from "clipanion";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";

export class VmListCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm list");
  static override paths = [["vm", "list"]];
  static override usage = Command.Usage({
    description: "list the running VMs",
    details: "One line per VM, by name. Runtime files left by a VM whose QEMU is gone (killed, or the host lost power) are removed on the way, and said so on stderr. With --json, one object per VM.",
  });

  async run(): Promise<number> {
    const { listVms, formatUptime } = await import("../../../runtime/vm/index.js");
    const { vms, removed } = listVms(await this.out.runtimeRoot());
    for (const stale of removed) {
      if (this.json) this.printJson({ type: "stale-removed", name: stale.name, reason: stale.reason });
      else this.context.stderr.write(`gp vm list: removed the runtime files of ${stale.name}: ${stale.reason}\n`);
    }
    if (this.json) {
      for (const vm of vms) {
        const { state } = vm;
        this.printJson({
          type: "vm",
          name: vm.name,
          status: vm.status,
          pid: vm.pid,
          uptimeSeconds: vm.uptimeSeconds,
          image: state.image,
          arch: state.arch,
          accel: state.accel,
          memoryMiB: state.memoryMiB,
          cpus: state.cpus,
          uefi: state.uefi,
          networks: state.networks,
          vsockCid: state.vsockCid,
          data: state.data,
          consoleLog: state.consoleLog,
          runtimeDirectory: vm.runtimeDirectory,
          startedAt: state.startedAt,
        });
      }
      return EXIT.ok;
    }
    if (vms.length === 0) {
      this.context.stdout.write("No VMs are running.\n");
      return EXIT.ok;
    }
    const rows = [
      ["NAME", "STATUS", "PID", "ACCEL", "MEMORY", "CPUS", "UPTIME", "PORTS", "IMAGE"],
      ...vms.map((vm) => [
        vm.name,
        vm.status,
        String(vm.pid ?? "-"),
        vm.state.accel,
        `${vm.state.memoryMiB}M`,
        String(vm.state.cpus),
        vm.uptimeSeconds === undefined ? "-" : formatUptime(vm.uptimeSeconds),
        vm.state.networks.flatMap((network) => (network.kind === "user" ? network.portForwards.map((forward) => `${forward.hostPort}->${forward.guestPort}${forward.protocol === "udp" ? "/udp" : ""}`) : [`bridge:${network.bridge}`])).join(",") || "-",
        vm.state.image,
      ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    for (const row of rows) this.context.stdout.write(`${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}\n`);
    return EXIT.ok;
  }
}
