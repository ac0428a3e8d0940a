import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import type { ScreenRequest, VmRunEnd } from "../../../runtime/vm/index.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { readSignatureCheck, signatureOptions } from "../../option-groups.js";
import { vmOutput } from "./vm-output.js";
import { Option } from "../../options.js";

/** How long --wait-ssh waits when given no number: a guest under KVM is up in seconds, under software emulation in about a minute. */
const DEFAULT_WAIT_SSH_SECONDS = 60;

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
      opt/timezone, opt/lang), and --application-ini's file as opt/application.ini.

      In the foreground the serial console is attached to this terminal: Ctrl-] detaches and leaves
      the VM running; Ctrl-C goes to the guest. With --detach gp returns once QEMU runs, or with
      --wait-ssh once the guest's sshd answers (its SSH-2.0 line, over vsock with socat, else
      through a --port-forward to port 22; the VM keeps running if it does not in time). Either
      way the console is also a socket (gp vm console NAME) and every byte of it is kept in a log
      file, read or not. Runtime files are in /run/gp/vm/NAME (for root; else
      $XDG_RUNTIME_DIR/gp/vm/NAME).

      KVM is used when it works: gp first runs a tiny test guest under it with a time limit, and
      falls back to software emulation (TCG) with a warning.

      --share HOST_DIR[:TAG] gives the guest a host folder to mount by its tag (the folder's name
      when none is given): mount -t virtiofs TAG /mnt. gp starts a virtiofsd for it, whose socket
      is in the runtime directory and which ends with the VM; where virtiofsd is missing or cannot
      run (it needs root), the folder goes over 9p instead: mount -t 9p -o trans=virtio TAG /mnt.
      gp says which, and --json lists each share with "via".
      With --display, --vnc, --spice or --gpu the VM gets a virtio graphics card (virtio-vga on
      PCs) and shows the kernel's messages on it as well as on the serial console; without them
      it has none. --display gtk or sdl opens a window (Debian has them in a package of their own);
      --display none with --vnc or --spice shows the screen to a viewer only; gp vm screenshot
      takes a picture of it. VNC and SPICE listen on 127.0.0.1 unless given an address, with no
      password, or on a unix socket ("unix": vnc.sock or spice.sock in the runtime directory).
      --gpu auto (the default) gives the card virgl, the guest's OpenGL drawn by the host's GPU,
      when the host's QEMU has virgl and the host a GPU render node; gp asks both before it starts,
      and refuses a display or card the host lacks.
      Given a disk gp install --disk wrote (DISK.raw) instead of an image, or an ISO gp install
      --iso wrote with --cdrom ISO, the firmware boots it as a machine would: SeaBIOS, or OVMF with
      --uefi, then the GRUB gp install put there, with the system.ini of its boot partition. The
      disk is the guest's /dev/vda, which it writes; the CD is booted first.
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
      ["Return once ssh works, waiting at most two minutes", "$0 vm run demo.squashfs --detach --port-forward 2222:22 --wait-ssh=120"],
      ["Give the guest the folder ./site, to mount with mount -t virtiofs www /srv/www", "$0 vm run demo.squashfs --share ./site:www"],
      ["Show the screen in a window", "$0 vm run kiosk.squashfs --display gtk"],
      ["Serve the screen over VNC on 127.0.0.1:5901", "$0 vm run kiosk.squashfs --vnc 1 --detach"],
      ["Boot a disk gp install wrote, under UEFI", "$0 vm run disk.raw --uefi"],
      ["Boot an ISO gp install wrote", "$0 vm run --cdrom demo.iso"],
      ["Give the VM the host's SanDisk USB sticks", "$0 vm run demo.squashfs --usb \"//device[@idVendor='0781']\""],
    ],
  });
  image = Option.String({ name: "image.squashfs|disk.raw", required: false });
  name = Option.String("--name,-n", { description: "The VM's name and hostname (default: the image's artifact)" });
  memory = Option.String("--memory,-m", "2048", { description: "Memory: MiB, or a size such as 4G" });
  cpus = Option.String("--cpus,-c", "1", { description: "Virtual CPUs" });
  dataDisk = Option.String("--data-disk,-d", { description: "A raw disk file for /dev/vdb, or a size (4G) for a fresh one that lasts this run" });
  net = Option.Array("--net", { description: "user (default), bridge:BRIDGE or none; repeat for more interfaces" });
  portForward = Option.Array("--port-forward,-p", { description: "HOST:GUEST port forward on user networking (8080:80, udp:5353:53, 127.0.0.1:2222:22)" });
  share = Option.Array("--share", { description: "HOST_DIR[:TAG]: a host folder the guest mounts by TAG (default: the folder's name), over virtiofs or else 9p; repeatable" });
  accel = Option.String("--accel", "auto", { description: "auto (KVM when it works), kvm or tcg" });
  cdrom = Option.String("--cdrom", { description: "An ISO (gp install --iso) in a CD drive, which the firmware boots" });
  uefi = Option.Boolean("--uefi", false, { description: "Start under UEFI firmware (OVMF) instead of SeaBIOS" });
  vsock = Option.String("--vsock", "auto", { description: "auto (when /dev/vhost-vsock exists), on or off" });
  systemIni = Option.String("--system-ini", { description: "A system.ini for the guest, checked against the image first, through fw_cfg (opt/system.ini) and on a fresh --data-disk" });
  serialLog = Option.String("--serial-log", { description: "Append the serial console to this file (default: the runtime directory's console.log)" });
  append = Option.String("--append", { description: "More kernel command line" });
  applicationIni = Option.String("--application-ini", { description: "A file (at most 4 MiB) the guest reads as fw_cfg opt/application.ini" });
  detach = Option.Boolean("--detach", false, { description: "Return once the VM runs" });
  waitSsh = Option.String("--wait-ssh", { tolerateBoolean: true, description: "With --detach: return once the guest's sshd answers, within 60 s or =SECONDS" });
  noReboot = Option.Boolean("--no-reboot", false, { description: "End the VM when the guest reboots (or its kernel panics)" });
  display = Option.String("--display", { description: "A screen shown in: none (no window), gtk, sdl or egl-headless" });
  vnc = Option.String("--vnc", { description: "Serve the screen over VNC: DISPLAY or ADDRESS:DISPLAY (port 5900+DISPLAY), unix or unix:PATH" });
  spice = Option.String("--spice", { description: "Serve the screen over SPICE: PORT or ADDRESS:PORT, unix or unix:PATH" });
  gpu = Option.String("--gpu", { description: "The graphics card: auto (virgl where the host can), virtio or virgl" });
  usb = Option.Array("--usb", { description: "Pass through every host USB device this XPath selects (gp vm usb --query shows which); repeat for more" });
  stopTimeout = Option.String("--stop-timeout", "30", { description: "On Ctrl-C/SIGTERM in the foreground: seconds the guest gets to power off" });

  constructor() {
    super(signatureOptions());
  }

  async run(): Promise<number> {
    const signature = readSignatureCheck(this);
    const { parseDataDisk, parseMemory, parseNetwork, parsePortForward, parseShare, duplicateForward, duplicateTag, runVm, parseDisplay, parseGpu, parseSpice, parseVnc } = await import("../../../runtime/vm/index.js");
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
    let waitSshSeconds: number | undefined;
    if (this.waitSsh !== undefined) {
      if (!this.detach) return this.out.fail(codes.vmOptionInvalid, "--wait-ssh goes with --detach: in the foreground the console shows when the guest is up");
      if (typeof this.waitSsh === "string" && (!/^\d+$/.test(this.waitSsh) || Number(this.waitSsh) < 1)) return this.out.fail(codes.vmOptionInvalid, `--wait-ssh=${this.waitSsh}: give whole seconds, at least 1`);
      waitSshSeconds = typeof this.waitSsh === "string" ? Number(this.waitSsh) : DEFAULT_WAIT_SSH_SECONDS;
    }
    const shares = [];
    for (const text of this.share ?? []) {
      const parsed = parseShare(text, process.cwd());
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `--share ${parsed.problem}`);
      shares.push(parsed.value);
    }
    const sameTag = duplicateTag(shares);
    if (sameTag !== undefined) return this.out.fail(codes.vmOptionInvalid, `--share: the tag ${sameTag.tag} is given twice; give each folder its own (HOST_DIR:TAG)`);
    let dataDisk;
    if (this.dataDisk !== undefined) {
      const parsed = parseDataDisk(this.dataDisk);
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `--data-disk: ${parsed.problem}`);
      dataDisk = parsed.value;
    }
    const screen: { -readonly [K in keyof ScreenRequest]: ScreenRequest[K] } = {};
    for (const [option, text, parse, key] of [
      ["--display", this.display, parseDisplay, "display"],
      ["--vnc", this.vnc, parseVnc, "vnc"],
      ["--spice", this.spice, parseSpice, "spice"],
      ["--gpu", this.gpu, parseGpu, "gpu"],
    ] as const) {
      if (text === undefined) continue;
      const parsed = parse(text);
      if ("problem" in parsed) return this.out.fail(codes.vmOptionInvalid, `${option}: ${parsed.problem}`);
      Object.assign(screen, { [key]: parsed.value });
    }

    const stdin = this.context.stdin as NodeJS.ReadStream;
    const terminal = stdin.isTTY === true;
    const interrupt = interruptOnSignals(this.context.stderr, "the VM is being stopped");
    try {
      const end = await runVm(
        {
          ...(this.image === undefined ? {} : { image: this.image }),
          ...(this.cdrom === undefined ? {} : { cdrom: this.cdrom }),
          ...(this.name === undefined ? {} : { name: this.name }),
          memoryMiB: memory.value,
          cpus,
          ...(dataDisk === undefined ? {} : { dataDisk }),
          networks,
          portForwards,
          ...(shares.length === 0 ? {} : { shares }),
          accel: this.accel as "auto",
          uefi: this.uefi,
          vsock: this.vsock as "auto",
          ...(this.systemIni === undefined ? {} : { systemIni: this.systemIni }),
          ...(this.applicationIni === undefined ? {} : { applicationIni: this.applicationIni }),
          ...(waitSshSeconds === undefined ? {} : { waitSshSeconds }),
          ...(signature === undefined ? {} : { signature }),
          ...(this.serialLog === undefined ? {} : { serialLog: this.serialLog }),
          ...(this.append === undefined ? {} : { append: this.append }),
          ...(this.noReboot ? { noReboot: true } : {}),
          screen,
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
            (summary.sshAnsweredSeconds === undefined ? "" : `  ssh:      sshd answered ${summary.sshAnsweredSeconds.toFixed(1)} s after QEMU started (gp vm ssh ${summary.name})\n`) +
            (summary.shares ?? []).map((share) => `  share:    ${share.path} as ${share.tag} over ${share.via}\n`).join("") +
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
