import { Command } from "clipanion";
import { EXIT } from "../../base-command.js";
import { VmCommand } from "./vm-command.js";
import { Option } from "../../options.js";

export class VmRunCommand extends VmCommand {
  protected readonly commandName = "vm run";
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
    `,
    examples: [
      ["Boot an image, console in this terminal", "$0 vm run nextcloud-x86_64.squashfs"],
      ["Run it in the background with a data disk and a forwarded web port", "$0 vm run nextcloud-x86_64.squashfs --detach --data-disk data.img --port-forward 8080:80"],
      ["A throwaway 4 GiB data disk holding a system.ini", "$0 vm run demo.squashfs --data-disk 4G --system-ini system.ini"],
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
  systemIni = Option.String("--system-ini", { description: "A system.ini for the guest, through fw_cfg (opt/system.ini) and on a fresh --data-disk" });
  serialLog = Option.String("--serial-log", { description: "Append the serial console to this file (default: the runtime directory's console.log)" });
  append = Option.String("--append", { description: "More kernel command line" });
  detach = Option.Boolean("--detach", false, { description: "Return once the VM runs" });
  noReboot = Option.Boolean("--no-reboot", false, { description: "End the VM when the guest reboots (or its kernel panics)" });
  stopTimeout = Option.String("--stop-timeout", "30", { description: "On Ctrl-C/SIGTERM in the foreground: seconds the guest gets to power off" });

  async run(): Promise<number> {
    const { parseDataDisk, parseMemory, parseNetwork, parsePortForward, duplicateForward } = await import("../../../runtime/vm/vm-options.js");
    const { startVm } = await import("../../../runtime/vm/start-vm.js");
    const { interruptOnSignals } = await import("../../build-options.js");
    const memory = parseMemory(this.memory);
    if ("problem" in memory) return this.fail(`--memory: ${memory.problem}`);
    const cpus = Number(this.cpus);
    if (!/^\d+$/.test(this.cpus) || cpus < 1) return this.fail(`--cpus ${this.cpus}: give a whole number of at least 1`);
    if (!["auto", "kvm", "tcg"].includes(this.accel)) return this.fail(`--accel ${this.accel}: give auto, kvm or tcg`);
    if (!["auto", "on", "off"].includes(this.vsock)) return this.fail(`--vsock ${this.vsock}: give auto, on or off`);
    const stopTimeout = Number(this.stopTimeout);
    if (!/^\d+$/.test(this.stopTimeout) || stopTimeout < 1) return this.fail(`--stop-timeout ${this.stopTimeout}: give whole seconds, at least 1`);
    const networks = [];
    for (const text of this.net ?? ["user"]) {
      const parsed = parseNetwork(text);
      if ("problem" in parsed) return this.fail(`--net: ${parsed.problem}`);
      if (parsed.value !== undefined) networks.push(parsed.value);
    }
    if ((this.net ?? []).includes("none") && networks.length > 0) return this.fail("--net none cannot go with other --net options");
    const portForwards = [];
    for (const text of this.portForward ?? []) {
      const parsed = parsePortForward(text);
      if ("problem" in parsed) return this.fail(`--port-forward: ${parsed.problem}`);
      portForwards.push(parsed.value);
    }
    const twice = duplicateForward(portForwards);
    if (twice !== undefined) return this.fail(`--port-forward: host port ${twice.hostPort}/${twice.protocol} is forwarded twice`);
    let dataDisk;
    if (this.dataDisk !== undefined) {
      const parsed = parseDataDisk(this.dataDisk);
      if ("problem" in parsed) return this.fail(`--data-disk: ${parsed.problem}`);
      dataDisk = parsed.value;
    }

    const interrupt = interruptOnSignals(this.context.stderr, "the VM is being stopped");
    try {
      const started = await startVm(
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
          ...(this.serialLog === undefined ? {} : { serialLog: this.serialLog }),
          ...(this.append === undefined ? {} : { append: this.append }),
          ...(this.noReboot ? { noReboot: true } : {}),
          supervised: !this.detach,
          signal: interrupt.signal,
        },
        { progress: (message) => this.progress(message), warning: (message) => this.warning(message) },
        (removed) => this.progress(`removed the runtime files of an earlier ${removed.name}: ${removed.reason}`),
      );
      return this.detach ? await this.detached(started) : await this.foreground(started, interrupt, stopTimeout);
    } finally {
      interrupt.dispose();
    }
  }

  private startedSummary(started: import("../../../runtime/vm/start-vm.js").StartedVm) {
    const { state, paths } = started;
    return {
      name: started.name,
      pid: state.qemu?.pid,
      accel: state.accel,
      accelReason: started.accel.reason,
      memoryMiB: state.memoryMiB,
      cpus: state.cpus,
      runtimeDirectory: paths.directory,
      console: paths.console,
      consoleLog: state.consoleLog,
      qmp: paths.qmp,
      ...(state.vsockCid === undefined ? {} : { vsockCid: state.vsockCid }),
      ...(state.data === undefined ? {} : { data: state.data }),
      seconds: started.seconds,
    };
  }

  private async detached(started: import("../../../runtime/vm/start-vm.js").StartedVm): Promise<number> {
    const { releaseVm } = await import("../../../runtime/vm/supervision.js");
    releaseVm(started);
    if (this.json) {
      this.printJson({ type: "result", ok: true, ...this.startedSummary(started) });
      return EXIT.ok;
    }
    const { name, state } = started;
    this.context.stdout.write(
      `${name} is running (QEMU pid ${state.qemu?.pid}, ${state.accel === "kvm" ? "KVM" : "software emulation"}), started in ${started.seconds.toFixed(1)} s\n` +
        `  console:  gp vm console ${name}    (log: ${state.consoleLog})\n` +
        (state.vsockCid === undefined ? "" : `  vsock:    CID ${state.vsockCid} (gp vm ssh ${name})\n`) +
        `  stop:     gp vm stop ${name}\n`,
    );
    return EXIT.ok;
  }

  private async foreground(started: import("../../../runtime/vm/start-vm.js").StartedVm, interrupt: import("../../build-options.js").Interrupt, stopTimeout: number): Promise<number> {
    const { attachConsole } = await import("../../../runtime/vm/console-session.js");
    const { cleanUpAfterExit, describeExit, qemuExited, releaseVm } = await import("../../../runtime/vm/supervision.js");
    const { stopQemu } = await import("../../../runtime/vm/stop-vm.js");
    const { name, state, paths } = started;
    const exited = qemuExited(started.qemu);
    const stdin = this.context.stdin as NodeJS.ReadStream;
    const terminal = stdin.isTTY === true;
    if (this.json) this.printJson({ type: "started", ...this.startedSummary(started) });
    else this.context.stderr.write(`gp vm run: ${name} is running (QEMU pid ${state.qemu?.pid}); ${terminal ? "Ctrl-] detaches and leaves it running, " : ""}gp vm stop ${name} stops it\n`);

    const consoleEnded = this.json
      ? new Promise<never>(() => {})
      : attachConsole({ socket: paths.console, log: state.consoleLog, input: stdin, output: this.context.stdout, replay: true, signal: interrupt.signal });
    const interrupted = new Promise<"interrupted">((resolve) => {
      if (interrupt.signal.aborted) resolve("interrupted");
      else interrupt.signal.addEventListener("abort", () => resolve("interrupted"), { once: true });
    });
    const first = await Promise.race([exited, consoleEnded, interrupted]);
    if (first === "detached") {
      releaseVm(started);
      this.context.stderr.write(`\ngp vm run: detached; ${name} keeps running (gp vm console ${name}, gp vm stop ${name})\n`);
      return EXIT.ok;
    }
    if (first === "interrupted") {
      if (state.qemu !== undefined) {
        const outcome = await stopQemu(paths, state, state.qemu, { force: false, timeoutSeconds: stopTimeout }, (message) => this.progress(message));
        this.progress(`${name} stopped (${outcome.stoppedBy}) in ${outcome.seconds.toFixed(1)} s`);
      }
      await exited;
      cleanUpAfterExit(started);
      if (this.json) this.printJson({ type: "result", ok: true, name, stopped: true });
      return 130;
    }
    const exit = await exited;
    const log = cleanUpAfterExit(started);
    const clean = exit.code === 0 && exit.signal === null;
    if (this.json) this.printJson({ type: "result", ok: clean, name, exitCode: exit.code, signal: exit.signal, ...(clean ? {} : { qemuLog: log }) });
    else this.context.stderr.write(`gp vm run: QEMU ${describeExit(exit)}${!clean && log !== "" ? `:\n${log}` : ""}\n`);
    return clean ? EXIT.ok : EXIT.userError;
  }
}
