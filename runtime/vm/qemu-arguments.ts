import { ARCH_FACTS } from "../../genpack/arch.js";
import type { FwCfgEntry, Network, UsbHostDevice, VmArch, VmSpec } from "./vm-spec.js";

/**
 * A value inside one of QEMU's `key=value,key=value` options: a comma would end the value, so
 * QEMU reads a doubled comma as one.
 */
export function optionValue(value: string): string {
  return value.replaceAll(",", ",,");
}

/** The kernel command line: the genpack initramfs's root disk, the hostname, the serial console, then the user's additions. */
export function kernelCommandLine(spec: Pick<VmSpec, "name" | "arch" | "append">): string {
  const words = ["root=/dev/vda", "ro", "net.ifnames=0", "systemd.firstboot=0", `systemd.hostname=${spec.name}`, `console=${ARCH_FACTS[spec.arch].qemu.serialConsole}`];
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
  const args: string[] = [
    "-name", `${optionValue(spec.name)},process=gp-vm-${spec.name}`,
    "-machine", `${ARCH_FACTS[spec.arch].qemu.machine},accel=${spec.accel}`,
    "-cpu", accelerated ? "host" : "max",
    "-m", `${spec.memoryMiB}M`,
    "-smp", String(spec.cpus),
    "-nodefaults",
    "-no-user-config",
    "-display", "none",
  ];
  if (spec.firmware !== undefined) {
    // Flash, not -bios: current OVMF builds (the 4 MiB ones) cannot be loaded as a BIOS ROM.
    args.push(
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${optionValue(spec.firmware.code)}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${optionValue(spec.firmware.vars)}`,
    );
  }
  args.push("-kernel", spec.kernel, "-initrd", spec.initramfs, "-append", kernelCommandLine(spec));
  args.push(
    "-chardev", `socket,id=console0,path=${optionValue(spec.consoleSocket)},server=on,wait=off,logfile=${optionValue(spec.consoleLog)},logappend=on`,
    "-serial", "chardev:console0",
    "-chardev", `socket,id=qmp0,path=${optionValue(spec.qmpSocket)},server=on,wait=off`,
    "-mon", "chardev=qmp0,mode=control",
    "-pidfile", spec.pidFile,
  );
  args.push("-drive", `file=${optionValue(spec.system)},format=raw,if=none,id=system,readonly=on`, "-device", "virtio-blk-pci,drive=system,serial=system");
  if (spec.data !== undefined) args.push("-drive", `file=${optionValue(spec.data)},format=raw,if=none,id=data,discard=unmap`, "-device", "virtio-blk-pci,drive=data,serial=data");
  spec.networks.forEach((network, index) => args.push(...networkArguments(network, index)));
  if (spec.vsockCid !== undefined) args.push("-device", `vhost-vsock-pci,guest-cid=${spec.vsockCid}`);
  args.push(...usbArguments(spec.usb ?? []));
  args.push("-object", "rng-random,id=rng0,filename=/dev/urandom", "-device", "virtio-rng-pci,rng=rng0");
  for (const entry of spec.fwCfg) args.push(...fwCfgArguments(entry));
  if (spec.noReboot === true) args.push("-no-reboot");
  return args;
}
