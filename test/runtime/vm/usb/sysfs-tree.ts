import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A device as a test describes it; attributes are written as sysfs writes them (a value and a newline). */
export interface FakeUsbDevice {
  /** sysfs name: `usb1` for a root hub, `1-1`, `1-1.2`. */
  readonly name: string;
  readonly busnum: number;
  readonly devnum: number;
  readonly idVendor: string;
  readonly idProduct: string;
  readonly class?: string;
  readonly speed?: string;
  /** Raw bytes allowed, to write what a device may report. */
  readonly manufacturer?: string | Uint8Array;
  readonly product?: string | Uint8Array;
  readonly serial?: string;
  readonly interfaces?: readonly { readonly number: string; readonly class: string; readonly subclass?: string; readonly protocol?: string; readonly driver?: string }[];
}

function attribute(directory: string, name: string, value: string | Uint8Array): void {
  writeFileSync(join(directory, name), typeof value === "string" ? `${value}\n` : Buffer.concat([value, Buffer.from("\n")]));
}

/**
 * Writes a sysfs tree the way Linux lays it out: each device and interface a directory under
 * `devices/` (interfaces inside their device's), listed by links in `bus/usb/devices/`, drivers
 * bound by `driver` links into `bus/usb/drivers/`. Returns the `bus/usb/devices` directory gp reads.
 */
export function writeUsbSysfs(root: string, devices: readonly FakeUsbDevice[]): string {
  const list = join(root, "bus", "usb", "devices");
  const drivers = join(root, "bus", "usb", "drivers");
  mkdirSync(list, { recursive: true });
  mkdirSync(drivers, { recursive: true });
  const bind = (directory: string, driver: string) => {
    mkdirSync(join(drivers, driver), { recursive: true });
    symlinkSync(relative(directory, join(drivers, driver)), join(directory, "driver"));
  };
  for (const device of devices) {
    const directory = join(root, "devices", "pci0000:00", "0000:00:14.0", device.name);
    mkdirSync(directory, { recursive: true });
    attribute(directory, "busnum", String(device.busnum));
    attribute(directory, "devnum", String(device.devnum));
    attribute(directory, "devpath", device.name.startsWith("usb") ? "0" : device.name.slice(device.name.indexOf("-") + 1));
    attribute(directory, "idVendor", device.idVendor);
    attribute(directory, "idProduct", device.idProduct);
    attribute(directory, "bcdDevice", "0100");
    attribute(directory, "bDeviceClass", device.class ?? "00");
    attribute(directory, "bDeviceSubClass", "00");
    attribute(directory, "bDeviceProtocol", device.class === "09" ? "01" : "00");
    attribute(directory, "speed", device.speed ?? "480");
    attribute(directory, "version", " 2.00");
    if (device.manufacturer !== undefined) attribute(directory, "manufacturer", device.manufacturer);
    if (device.product !== undefined) attribute(directory, "product", device.product);
    if (device.serial !== undefined) attribute(directory, "serial", device.serial);
    bind(directory, "usb");
    symlinkSync(relative(list, directory), join(list, device.name));
    const interfaces = device.interfaces ?? [{ number: "00", class: device.class ?? "ff", driver: device.class === "09" ? "hub" : undefined }];
    for (const entry of interfaces) {
      const name = `${device.name.startsWith("usb") ? `${device.busnum}-0` : device.name}:1.${parseInt(entry.number, 16)}`;
      const child = join(directory, name);
      mkdirSync(child);
      attribute(child, "bInterfaceNumber", entry.number);
      attribute(child, "bAlternateSetting", " 0");
      attribute(child, "bInterfaceClass", entry.class);
      attribute(child, "bInterfaceSubClass", entry.subclass ?? "00");
      attribute(child, "bInterfaceProtocol", entry.protocol ?? "00");
      if (entry.driver !== undefined) bind(child, entry.driver);
      symlinkSync(relative(list, child), join(list, name));
    }
  }
  return list;
}

/** A small host: two buses' root hubs, an external hub with a keyboard behind it, a USB stick, a vendor-specific dongle without names. */
export const SAMPLE_HOST: readonly FakeUsbDevice[] = [
  { name: "usb1", busnum: 1, devnum: 1, idVendor: "1d6b", idProduct: "0002", class: "09", manufacturer: "Linux 6.1.0 xhci-hcd", product: "xHCI Host Controller" },
  { name: "usb2", busnum: 2, devnum: 1, idVendor: "1d6b", idProduct: "0003", class: "09", speed: "5000" },
  { name: "1-2", busnum: 1, devnum: 3, idVendor: "05e3", idProduct: "0610", class: "09", manufacturer: "GenesysLogic", product: "USB2.1 Hub" },
  {
    name: "1-2.4", busnum: 1, devnum: 7, idVendor: "046d", idProduct: "c31c", speed: "1.5", manufacturer: "Logitech", product: "USB Keyboard",
    interfaces: [{ number: "00", class: "03", subclass: "01", protocol: "01", driver: "usbhid" }, { number: "01", class: "03", driver: "usbhid" }],
  },
  { name: "2-1", busnum: 2, devnum: 2, idVendor: "0781", idProduct: "5581", speed: "5000", manufacturer: "SanDisk", product: "Ultra", serial: "4C530001", interfaces: [{ number: "00", class: "08", subclass: "06", protocol: "50", driver: "usb-storage" }] },
  { name: "1-10", busnum: 1, devnum: 12, idVendor: "10c4", idProduct: "ea60", speed: "12", interfaces: [{ number: "00", class: "ff" }] },
];
