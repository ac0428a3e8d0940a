import { Command } from "clipanion";
import type { VmDetails } from "../../../runtime/vm/index.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export class VmShowCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm show");
  static override paths = [["vm", "show"]];
  static override usage = Command.Usage({
    description: "show a running VM in detail: resources, uptime, sockets, how ssh reaches it",
    details: `
      For the VM named, or every running VM without a name: QEMU's pid, its uptime, memory and
      CPUs, the image, the paths of its QMP socket, console socket and console log, where its
      sshd is reached (vsock CID, forwarded port), its shared folders, USB devices and screen
      (where a VNC or SPICE viewer connects). A name that runs no VM is an error. With --json,
      one object per VM.
    `,
    examples: [
      ["One VM", "$0 vm show nextcloud"],
      ["Every running VM, for a script", "$0 vm show --json"],
    ],
  });
  name = Option.String({ name: "name", required: false });

  async run(): Promise<number> {
    const { showVms, formatUptime } = await import("../../../runtime/vm/index.js");
    const { vms, removed } = showVms(await this.out.runtimeRoot(), this.name);
    for (const stale of removed) this.out.progress(`removed the runtime files of ${stale.name}: ${stale.reason}`);
    if (this.json) {
      for (const vm of vms) this.printJson({ type: "vm", ...vm });
      return EXIT.ok;
    }
    if (vms.length === 0) {
      this.context.stdout.write("No VMs are running.\n");
      return EXIT.ok;
    }
    this.context.stdout.write(vms.map((vm) => describe(vm, formatUptime)).join("\n"));
    return EXIT.ok;
  }
}

/** The graphics card, and where a viewer finds it. */
function describeScreen(screen: NonNullable<VmDetails["screen"]>): string {
  const server = (kind: string, at: NonNullable<typeof screen.vnc>) => `${kind} ${at.kind === "unix" ? at.path : `${at.host}:${at.port}`}`;
  return [
    `${screen.device}${screen.virgl ? " (virgl)" : ""}`,
    `display ${screen.display}`,
    ...(screen.vnc === undefined ? [] : [server("VNC", screen.vnc)]),
    ...(screen.spice === undefined ? [] : [server("SPICE", screen.spice)]),
  ].join(", ");
}

/** One VM as lines of `label: value`. */
function describe(vm: VmDetails, formatUptime: (seconds: number) => string): string {
  const ssh = [
    ...(vm.ssh.vsockCid === undefined ? [] : [`vsock CID ${vm.ssh.vsockCid}`]),
    ...(vm.ssh.forwarded === undefined ? [] : [`${vm.ssh.forwarded.address}:${vm.ssh.forwarded.port}`]),
  ];
  const rows: [string, string][] = [
    ["status", vm.status === "running" ? `running, QEMU pid ${vm.pid}${vm.uptimeSeconds === undefined ? "" : `, up ${formatUptime(vm.uptimeSeconds)}`}` : "being started"],
    ["image", `${vm.image} (${vm.arch})`],
    ["machine", `${vm.memoryMiB} MiB, ${vm.cpus} CPU${vm.cpus === 1 ? "" : "s"}, ${vm.accel === "kvm" ? "KVM" : "software emulation"}${vm.uefi ? ", UEFI" : ""}`],
    ["qmp", vm.qmp],
    ["console", `${vm.console} (log: ${vm.consoleLog})`],
    ["ssh", ssh.length === 0 ? "no way in (no vsock, no port forward to 22)" : ssh.join(", ")],
    ...(vm.data === undefined ? [] : [["data", `${vm.data.path}${vm.data.volatile ? " (for this run only)" : ""}`] as [string, string]]),
    ...(vm.shares ?? []).map((share): [string, string] => ["share", `${share.path} as ${share.tag} (${share.via})`]),
    ...(vm.usb ?? []).map((device): [string, string] => ["usb", `port ${device.bus}-${device.port} (${device.vendorId}:${device.productId})`]),
    ...(vm.screen === undefined ? [] : [["screen", describeScreen(vm.screen)] as [string, string]]),
    ["runtime", vm.runtimeDirectory],
    ["started", vm.startedAt],
  ];
  return `${vm.name}\n${rows.map(([label, value]) => `  ${`${label}:`.padEnd(9)} ${value}\n`).join("")}`;
}
