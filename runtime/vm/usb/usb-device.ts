/**
 * A USB device of the host as sysfs describes it (Documentation/ABI/testing/sysfs-bus-usb), in
 * sysfs's own words: the names lsusb, udev rules and the kernel's documentation use. Every text
 * is as the device reported it, with bytes that are not UTF-8 and control characters replaced
 * by U+FFFD, so that no device can write escape sequences to a terminal or break the document.
 */
export interface UsbDevice {
  /** The bus number (sysfs `busnum`), 1 and up. */
  readonly busnum: number;
  /** The device's address on its bus (sysfs `devnum`), 1 to 127; a device gets a new one each time it is plugged in. */
  readonly devnum: number;
  /** sysfs's name for the device: the bus, a dash, then the port on each hub from the root (`1-1.2`). It stays the same while the device stays in that port. */
  readonly port: string;
  /** The character device QEMU opens: `/dev/bus/usb/BBB/DDD`. */
  readonly path: string;
  /** Four lowercase hex digits, as sysfs writes them (`046d`). */
  readonly idVendor: string;
  readonly idProduct: string;
  /** The device's release number, four hex digits. */
  readonly bcdDevice?: string;
  readonly manufacturer?: string;
  readonly product?: string;
  readonly serial?: string;
  /** bDeviceClass, bDeviceSubClass, bDeviceProtocol: two hex digits each (`09` is a hub; `00`: each interface says). */
  readonly class: string;
  readonly subclass: string;
  readonly protocol: string;
  /** In Mbit/s as sysfs writes it: `1.5`, `12`, `480`, `5000`, `10000`, `20000`. */
  readonly speed?: string;
  /** The USB version the device speaks (`2.00`). */
  readonly version?: string;
  /** The kernel driver bound to the device (`usb` for nearly all). */
  readonly driver?: string;
  readonly interfaces: readonly UsbInterface[];
}

/** One interface of a device's active configuration. */
export interface UsbInterface {
  /** bInterfaceNumber, two hex digits. */
  readonly number: string;
  readonly altsetting?: string;
  /** bInterfaceClass, bInterfaceSubClass, bInterfaceProtocol: two hex digits each (`08` is mass storage, `03` HID). */
  readonly class: string;
  readonly subclass: string;
  readonly protocol: string;
  /** The interface's own name string, when the device has one. */
  readonly name?: string;
  /** The kernel driver bound to the interface (`usbhid`, `usb-storage`), absent when none is. */
  readonly driver?: string;
}

/** The hub class: QEMU does not pass hubs through, only the devices behind them. */
export const HUB_CLASS = "09";

/** The port path QEMU's usb-host calls `hostport`: the sysfs name without its bus (`1-1.2` is `1.2`). */
export function hostPort(device: Pick<UsbDevice, "port">): string {
  return device.port.slice(device.port.indexOf("-") + 1);
}
