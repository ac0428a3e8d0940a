import type { Arch } from "../../dsl/index.js";
import type { Screen } from "./screen.js";

/**
 * Everything a VM is started from, as plain data: what `gp vm run` and `gp vm service` work out
 * from their options, the image and the host, and what {@link qemuArguments} turns into QEMU's
 * command line. Paths are absolute.
 */
export type VmArch = Arch;
export type Accelerator = "kvm" | "tcg";

export interface PortForward {
  readonly protocol: "tcp" | "udp";
  /** The host address to listen on; all addresses when absent. */
  readonly hostAddress?: string;
  readonly hostPort: number;
  readonly guestPort: number;
}

export type Network =
  | { readonly kind: "user"; readonly mac: string; readonly portForwards: readonly PortForward[] }
  | { readonly kind: "bridge"; readonly bridge: string; readonly mac: string };

/** A firmware configuration entry the guest reads from /sys/firmware/qemu_fw_cfg/by_name/NAME/raw. */
export type FwCfgEntry = { readonly name: string; readonly string: string } | { readonly name: string; readonly file: string };

/**
 * A host folder the guest mounts by its tag: through virtiofsd's socket (virtiofs), or through
 * QEMU itself (9p), which needs no daemon but is slower and less faithful to the host's files.
 */
export type ShareSpec =
  | { readonly via: "virtiofs"; readonly path: string; readonly tag: string; readonly socket: string }
  | { readonly via: "9p"; readonly path: string; readonly tag: string };

/**
 * A host USB device given to the VM, named by where it is plugged in and what it is: QEMU
 * attaches the device with these ids in that port, now or whenever it is plugged in again, and
 * no other device that lands in the port.
 */
export interface UsbHostDevice {
  readonly bus: number;
  /** The port path from the root hub (`1.2`), as QEMU's hostport reads it. */
  readonly port: string;
  /** Four hex digits each. */
  readonly vendorId: string;
  readonly productId: string;
}

export interface VmSpec {
  readonly name: string;
  readonly arch: VmArch;
  readonly accel: Accelerator;
  readonly memoryMiB: number;
  readonly cpus: number;
  /**
   * The system disk, the guest's /dev/vda: the image, read-only, when its kernel is started
   * directly; a disk `gp install --disk` wrote, which the guest writes, when the firmware boots
   * it. None when the VM boots only from its CD.
   */
  readonly system?: string;
  /** An ISO in a CD drive, which the firmware boots first. */
  readonly cdrom?: string;
  /** The data disk: the guest's /dev/vdb, where genpack keeps its writable layer. */
  readonly data?: string;
  /** The image's kernel and initramfs, which QEMU starts directly; without them the firmware boots a disk or CD. */
  readonly kernel?: string;
  readonly initramfs?: string;
  /** Added to the kernel command line gp makes. */
  readonly append?: string;
  /**
   * UEFI firmware as two flash chips: its code, read-only, and a copy of its variable store the
   * VM may write. Without it x86 starts the kernel from SeaBIOS, and the other arches directly.
   */
  readonly firmware?: { readonly code: string; readonly vars: string };
  readonly networks: readonly Network[];
  readonly vsockCid?: number;
  readonly fwCfg: readonly FwCfgEntry[];
  readonly shares?: readonly ShareSpec[];
  /** Host USB devices passed through, on an xHCI controller of their own (none: no USB controller at all). */
  readonly usb?: readonly UsbHostDevice[];
  readonly qmpSocket: string;
  readonly consoleSocket: string;
  readonly consoleLog: string;
  readonly pidFile: string;
  /** A graphics card and the ways to see it; none: no graphics card, the serial console only. */
  readonly screen?: Screen;
  /** A guest reboot ends QEMU instead of restarting the machine (for tests, so a panic ends the run). */
  readonly noReboot?: boolean;
}
