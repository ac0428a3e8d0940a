import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import type { VmRunEnd } from "../../../runtime/vm/index.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { readSignatureCheck, signatureOptions } from "../../option-groups.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

export interface VmRunCommand extends ReturnType<typeof signatureOptions> {}

export class VmRunCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm run");
  static override paths = [["vm", "run"]];
  static override usage = Command.Usage({
    description: "boot a system image in a QEMU virtual machine",
    details: `
      Starts the image's own kernel and initramfs (/boot/kernel and /boot/initramfs) with the image
      as the read-only disk /dev/vda (serial "system") and the data disk, if any, as /dev/vdb
      (serial "data"), as genpack's paravirt images expect. The guest gets its name, your SSH
      public keys, the host's timezone and $LANG through fw_cfg (opt/vmname, opt/ssh-public-key,
      opt/timezone, opt/lang).

      In the foreground the serial console is attached to this terminal: Ctrl-] detaches and leaves
      the VM running; Ctrl-C goes to the guest. With --detach gp returns once QEMU runs. Either
      way the console is also a socket (gp vm console NAME) and every byte of it is kept in a log
      file, read or not. Runtime files are in /run/gp/vm/NAME (for root; else
      $XDG_RUNTIME_DIR/gp/vm/NAME).

      KVM is used when it works: gp first runs a tiny test guest under it with a time limit, and
      falls back to software emulation (TCG) with a warning.

      --usb XPATH gives the VM every host USB device the query selects in the document gp vm
      usb --xml shows (//device[@idVendor='0781'], //device[interface/@class='08']), on an xHCI
      controller: each is matched by its port and ids, so QEMU takes it again when it is
      plugged back into the same port. A query that does not parse, or selects no device (hubs
      cannot be passed through), refuses the start.

      With --signed-by KEYFILE, the image's detached signature (IMAGE.sig, or --signature FILE)
      is checked first, as gp verify does: an image not signed by a key of that file is refused
      before anything is made or started.
    `,
    examples: [
      ["Boot an image, console in this terminal", "$0 vm run nextcloud-x86_64.squashfs"],
      ["Run it in the background with a data disk and a forwarded web port", "$0 vm run nextcloud-x86_64.squashfs --detach --data-disk data.img --port-forward 8080:80"],
      ["A throwaway 4 GiB data disk holding a system.ini", "$0 vm run demo.squashfs --data-disk 4G --system-ini system.ini"],
      ["Give the VM the host's SanDisk USB sticks", "$0 vm run demo.squashfs --usb \"//device[@idVendor='0781']\""],
    ],
  });
  image = Option.String({ name: "image.squashfs" });
  name = Option.String("--name,-n", { description: "The VM's name and hostname (default: the image's artifact)" });
  memory = Option.String("--memory,-m", "2048", { description: "Memory: MiB, or a size such as 4G" });
  cpus = Option.String("--cpus,-c", "1", { description: "Virtual CPUs" });
  dataDisk = Option.String("--data-disk,-d", { description: "A raw disk file for /dev/vdb, or a size (4G) for a fresh one that lasts this run" });
  net = Option.Array("--net", { description: "user (default), bridge:BRIDGE or none; repeat for more interfaces" });
  portForward = Option.Array("--port-forward,-p", { description: "HOST:GUEST port forward on user networking (8080:80, udp:5353:53, 127.0.0.1:2222:22)" });
  accel = Option.String("--accel", "auto", { description: "auto (KVM when it works), kvm or tcg" });
  uefi = Option.Boolean("--uefi", false, { description: "Start under UEFI firmware (OVMF) instead of SeaBIOS" });
  vsock = Option.String("--vsock", "auto", { description: "auto (when /dev/vhost-vsock exists), on or off" });
  systemIni = Option.String("--system-ini", { description: "A system.ini for the guest, checked against the image first, through fw_cfg (opt/system.ini) and on a fresh --data-disk" });
  serialLog = Option.String("--serial-log", { description: "Append the serial console to this file (default: the runtime directory's console.log)" });
  append = Option.String("--append", { description: "More kernel command line" });
  detach = Option.Boolean("--detach", false, { description: "Return once the VM runs" });
  noReboot = Option.Boolean("--no-reboot", false, { description: "End the VM when the guest reboots (or its kernel panics)" });
  usb = Option.Array("--usb", { description: "Pass through every host USB device this XPath selects (gp vm usb --query shows which); repeat for more" });
  stopTimeout = Option.String("--stop-timeout", "30", { description: "On Ctrl-C/SIGTERM in the foreground: seconds the guest gets to power off" });

  constructor() {
    super(signatureOptions());
  }

  async run(): Promise<number> {
    const signature = readSignatureCheck(this);
    const { parseDataDisk, parseMemory, parseNetwork, parsePortForward, duplicateForward, runVm } = await import("../../../runtime/vm/index.js");
    const { interruptOnSignals } = await import("../../interrupt.js");
    const memory = parseMemory(this.memory);
    if ("problem" in memory) return this.out.fail(codes.vmOptionInvalid, `--memory: ${memory.problem}`);
    const cpus = Number(this.cpus);
    if (!/^\d+$/.test(this.cpus) || cpus < 1) return this.out.fail(codes.vmOptionInvalid, `--cpus ${this.cpus}: give a whole number of at least 1`);
    if (!["auto", "kvm", "tcg"].includes(this.accel)) return this.out.fail(codes.vmOptionInvalid, `--accel ${this.accel}: give auto, kvm or tcg`);
    if (!["auto", "on", "off"].includes(this.vsock)) return this.out.fail(codes.vmOptionInvalid, `--vsock ${this.vsock}: give auto, on or off`);
    const stopTimeout = Number(this.stopTimeout);
    if (!/^\d+$/.test(this.stopTimeout) || stopTimeout < 1) return this.out.fail(codes.vmOptionInvalid, `--stop-timeout ${this.stopTimeout}: give whole seconds, at least 1`);
    const networks = [];
    for (const text of this.net ?? ["user"]) {
      const parsed = parseNetwork(text);
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `--net: ${parsed.problem}`);
      if (parsed.value !== undefined) networks.push(parsed.value);
    }
    if ((this.net ?? []).includes("none") && networks.length > 0) return this.out.fail(codes.vmOptionInvalid, "--net none cannot go with other --net options");
    const portForwards = [];
    for (const text of this.portForward ?? []) {
      const parsed = parsePortForward(text);
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `--port-forward: ${parsed.problem}`);
      portForwards.push(parsed.value);
    }
    const twice = duplicateForward(portForwards);
    if (twice !== undefined) return this.out.fail(codes.vmOptionInvalid, `--port-forward: host port ${twice.hostPort}/${twice.protocol} is forwarded twice`);
    let dataDisk;
    if (this.dataDisk !== undefined) {
      const parsed = parseDataDisk(this.dataDisk);
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `--data-disk: ${parsed.problem}`);
      dataDisk = parsed.value;
    }

    const stdin = this.context.stdin as NodeJS.ReadStream;
    const terminal = stdin.isTTY === true;
    const interrupt = interruptOnSignals(this.context.stderr, "the VM is being stopped");
    try {
      const end = await runVm(
        {
          image: this.image,
          ...(this.name === undefined ? {} : { name: this.name }),
          memoryMiB: memory.value,
          cpus,
          ...(dataDisk === undefined ? {} : { dataDisk }),
          networks,
          portForwards,
          accel: this.accel as "auto",
          uefi: this.uefi,
          vsock: this.vsock as "auto",
          ...(this.systemIni === undefined ? {} : { systemIni: this.systemIni }),
          ...(signature === undefined ? {} : { signature }),
          ...(this.serialLog === undefined ? {} : { serialLog: this.serialLog }),
          ...(this.append === undefined ? {} : { append: this.append }),
          ...(this.noReboot ? { noReboot: true } : {}),
          ...(this.usb === undefined ? {} : { usb: this.usb }),
          detach: this.detach,
          stopTimeoutSeconds: stopTimeout,
          // With --json, stdout carries the JSON lines, not the guest's console.
          ...(this.json ? {} : { console: { input: stdin, output: this.context.stdout } }),
          signal: interrupt.signal,
        },
        {
          progress: (message) => this.out.progress(message),
          warning: (message) => this.out.warning(message),
          staleRemoved: (name, reason) => this.out.progress(`removed the runtime files of an earlier ${name}: ${reason}`),
          started: (summary) => {
            if (this.json) this.printJson({ type: "started", ...summary });
            else this.context.stderr.write(`gp vm run: ${summary.name} is running (QEMU pid ${summary.pid}); ${terminal ? "Ctrl-] detaches and leaves it running, " : ""}gp vm stop ${summary.name} stops it\n`);
          },
        },
      );
      return this.reportEnd(end);
    } finally {
      interrupt.dispose();
    }
  }

  private reportEnd(end: VmRunEnd): number {
    if (end.kind === "detached") {
      const { summary } = end;
      if (end.fromConsole) {
        this.context.stderr.write(`\ngp vm run: detached; ${summary.name} keeps running (gp vm console ${summary.name}, gp vm stop ${summary.name})\n`);
      } else if (this.json) {
        this.printJson({ type: "result", ok: true, ...summary });
      } else {
        this.context.stdout.write(
          `${summary.name} is running (QEMU pid ${summary.pid}, ${summary.accel === "kvm" ? "KVM" : "software emulation"}), started in ${summary.seconds.toFixed(1)} s\n` +
            `  console:  gp vm console ${summary.name}    (log: ${summary.consoleLog})\n` +
            (summary.vsockCid === undefined ? "" : `  vsock:    CID ${summary.vsockCid} (gp vm ssh ${summary.name})\n`) +
            `  stop:     gp vm stop ${summary.name}\n`,
        );
      }
      return EXIT.ok;
    }
    if (end.kind === "interrupted") {
      if (this.json) this.printJson({ type: "result", ok: true, name: end.name, stopped: true });
      return 130;
    }
    if (this.json) this.printJson({ type: "result", ok: end.clean, name: end.name, exitCode: end.exitCode, signal: end.signal, ...(end.clean ? {} : { qemuLog: end.qemuLog }) });
    else this.context.stderr.write(`gp vm run: QEMU ${end.description}${!end.clean && end.qemuLog !== "" ? `:\n${end.qemuLog}` : ""}\n`);
    return end.clean ? EXIT.ok : EXIT.userError;
  }
}
