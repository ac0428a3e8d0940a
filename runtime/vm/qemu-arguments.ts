import { ARCH_FACTS } from "../../genpack/arch.js";
import { screenArguments } from "./screen-arguments.js";
import type { FwCfgEntry, Network, ShareSpec, UsbHostDevice, VmArch, VmSpec } from "./vm-spec.js";

/**
 * A value inside one of QEMU's `key=value,key=value` options: a comma would end the value, so
 * QEMU reads a doubled comma as one.
 */
export function optionValue(value: string): string {
  return value.replaceAll(",", ",,");
}

/**
 * The kernel command line: the genpack initramfs's root disk, the hostname, what every VM of the
 * arch needs (see the arch table), the serial console, then the user's additions. A VM with a screen shows the kernel's messages on it too
 * (`console=tty0` first: the last console named is /dev/console, which stays the serial port).
 */
export function kernelCommandLine(spec: Pick<VmSpec, "name" | "arch" | "append" | "screen">): string {
  const words = ["root=/dev/vda", "ro", "net.ifnames=0", "systemd.firstboot=0", `systemd.hostname=${spec.name}`, ...ARCH_FACTS[spec.arch].qemu.kernelArguments, ...(spec.screen === undefined ? [] : ["console=tty0"]), `console=${ARCH_FACTS[spec.arch].qemu.serialConsole}`];
  if (spec.append !== undefined && spec.append.trim() !== "") words.push(spec.append.trim());
  return words.join(" ");
}

function fwCfgArguments(entry: FwCfgEntry): string[] {
  const source = "string" in entry ? `string=${optionValue(entry.string)}` : `file=${optionValue(entry.file)}`;
  return ["-fw_cfg", `name=${optionValue(entry.name)},${source}`];
}

function networkArguments(network: Network, index: number): string[] {
  const id = `net${index}`;
  let backend: string;
  if (network.kind === "user") {
    const forwards = network.portForwards.map((forward) => `,hostfwd=${forward.protocol}:${forward.hostAddress ?? ""}:${forward.hostPort}-:${forward.guestPort}`);
    backend = `user,id=${id}${forwards.join("")}`;
  } else {
    backend = `bridge,id=${id},br=${optionValue(network.bridge)}`;
  }
  // romfile= keeps iPXE's option ROM out: the kernel is started directly, nothing boots from the network.
  return ["-netdev", backend, "-device", `virtio-net-pci,netdev=${id},mac=${network.mac},romfile=`];
}

function shareArguments(share: ShareSpec, index: number): string[] {
  if (share.via === "9p") {
    // mapped-xattr keeps the guest's owners and modes in extended attributes, so QEMU needs no
    // privilege to store them; writeout=immediate makes a guest's write reach the host at once.
    return ["-virtfs", `local,path=${optionValue(share.path)},mount_tag=${share.tag},security_model=mapped-xattr,writeout=immediate`];
  }
  const id = `fs${index}`;
  return ["-chardev", `socket,id=${id},path=${optionValue(share.socket)}`, "-device", `vhost-user-fs-pci,queue-size=1024,chardev=${id},tag=${share.tag}`];
}

/**
 * One xHCI controller (it serves every USB speed) and a usb-host device per host device. The
 * device is matched by its port and ids rather than its address: QEMU then waits for it instead
 * of refusing to start when it is not there, takes it again when it is unplugged and plugged
 * back into the same port (it gets a new address each time), and never takes another device
 * plugged into that port.
 */
function usbArguments(devices: readonly UsbHostDevice[]): string[] {
  if (devices.length === 0) return [];
  return [
    "-device", "qemu-xhci,id=usb",
    ...devices.flatMap((device, index) => ["-device", `usb-host,id=usbhost${index},bus=usb.0,hostbus=${device.bus},hostport=${device.port},vendorid=0x${device.vendorId},productid=0x${device.productId}`]),
  ];
}

/**
 * QEMU's command line (without the program name) for a VM. A pure function of the spec, so what
 * reaches QEMU can be read and pinned in tests.
 *
 * Every disk is a `-drive if=none` with its own `-device virtio-blk-pci`, in the order system,
 * data: the guest's kernel names virtio disks in PCI order, and the genpack initramfs takes
 * /dev/vda for the system and /dev/vdb for the data. (`-drive if=virtio` disks are created after
 * every explicit `-device`, which is how the reference's disks came to be out of order.)
 */
export function qemuArguments(spec: VmSpec): string[] {
  const accelerated = spec.accel === "kvm";
  const shares = spec.shares ?? [];
  const args: string[] = [
    "-name", `${optionValue(spec.name)},process=gp-vm-${spec.name}`,
    "-machine", `${ARCH_FACTS[spec.arch].qemu.machine},accel=${spec.accel}`,
    "-cpu", accelerated ? "host" : "max",
    "-m", `${spec.memoryMiB}M`,
    // virtiofsd reads and writes the guest's memory directly: it must be shared memory it can map.
    ...(shares.some((share) => share.via === "virtiofs") ? ["-object", `memory-backend-memfd,id=mem,size=${spec.memoryMiB}M,share=on`, "-numa", "node,memdev=mem"] : []),
    "-smp", String(spec.cpus),
    "-nodefaults",
    "-no-user-config",
    ...screenArguments(spec.screen),
  ];
  if (spec.firmware !== undefined) {
    // Flash, not -bios: current OVMF builds (the 4 MiB ones) cannot be loaded as a BIOS ROM.
    args.push(
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${optionValue(spec.firmware.code)}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${optionValue(spec.firmware.vars)}`,
    );
  }
  const direct = spec.kernel !== undefined && spec.initramfs !== undefined;
  if (direct) args.push("-kernel", spec.kernel!, "-initrd", spec.initramfs!, "-append", kernelCommandLine(spec));
  args.push(
    "-chardev", `socket,id=console0,path=${optionValue(spec.consoleSocket)},server=on,wait=off,logfile=${optionValue(spec.consoleLog)},logappend=on`,
    "-serial", "chardev:console0",
    "-chardev", `socket,id=qmp0,path=${optionValue(spec.qmpSocket)},server=on,wait=off`,
    "-mon", "chardev=qmp0,mode=control",
    "-pidfile", spec.pidFile,
  );
  if (spec.cdrom !== undefined) {
    // The CD on the AHCI controller q35 brings, where the firmware and every kernel find it.
    args.push("-drive", `file=${optionValue(spec.cdrom)},format=raw,if=none,id=cdrom,media=cdrom,readonly=on`, "-device", "ide-cd,bus=ide.0,drive=cdrom,bootindex=0");
  }
  if (spec.system !== undefined && direct) args.push("-drive", `file=${optionValue(spec.system)},format=raw,if=none,id=system,readonly=on`, "-device", "virtio-blk-pci,drive=system,serial=system");
  // A disk gp install wrote is booted by the firmware and written by the guest (system.ini, the data partition).
  else if (spec.system !== undefined) args.push("-drive", `file=${optionValue(spec.system)},format=raw,if=none,id=system`, "-device", "virtio-blk-pci,drive=system,serial=system,bootindex=1");
  if (spec.data !== undefined) args.push("-drive", `file=${optionValue(spec.data)},format=raw,if=none,id=data,discard=unmap`, "-device", "virtio-blk-pci,drive=data,serial=data");
  spec.networks.forEach((network, index) => args.push(...networkArguments(network, index)));
  if (spec.vsockCid !== undefined) args.push("-device", `vhost-vsock-pci,guest-cid=${spec.vsockCid}`);
  args.push(...usbArguments(spec.usb ?? []));
  args.push("-object", "rng-random,id=rng0,filename=/dev/urandom", "-device", "virtio-rng-pci,rng=rng0");
  for (const entry of spec.fwCfg) args.push(...fwCfgArguments(entry));
  if (spec.noReboot === true) args.push("-no-reboot");
  shares.forEach((share, index) => args.push(...shareArguments(share, index)));
  return args;
}
