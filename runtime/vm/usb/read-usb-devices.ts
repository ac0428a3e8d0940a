import { closeSync, constants, openSync, readdirSync, readlinkSync, readSync, type Dirent } from "node:fs";
import { basename, join } from "node:path";
import type { UsbDevice, UsbInterface } from "./usb-device.js";

/** Where Linux lists every USB device and interface, each a link to its directory under /sys/devices. */
export const USB_SYSFS = "/sys/bus/usb/devices";

/** A sysfs attribute is at most a page; anything longer is not one. */
const ATTRIBUTE_LIMIT = 4096;
/** `1-1`, `1-1.2.4`: a device behind a root port. Root hubs (`usb1`) are the host controller's own and are left out. */
const DEVICE_NAME = /^[1-9]\d{0,2}-\d{1,3}(?:\.\d{1,3}){0,6}$/;
/** `1-1.2:1.0`: configuration 1, interface 0 of device `1-1.2`. */
const INTERFACE_NAME = /^([1-9]\d{0,2}-\d{1,3}(?:\.\d{1,3}){0,6}):\d{1,3}\.\d{1,3}$/;
const DECIMAL = /^\d{1,3}$/;
const HEX4 = /^[0-9a-f]{4}$/;
const HEX2 = /^[0-9a-f]{2}$/;

/** The failure to read the list itself: sysfs is not there, or the root is not a directory. */
export class UsbSysfsUnreadable extends Error {
  override name = "UsbSysfsUnreadable";
}

/**
 * Text as people and documents can take it: bytes that are not UTF-8 and control characters
 * (which could move a terminal's cursor, and which XML 1.0 cannot hold) become U+FFFD.
 */
export function printable(bytes: Uint8Array): string {
  // eslint-disable-next-line no-control-regex
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g, "\ufffd");
}

/** The regular files of a directory, by name; nothing else in it is ever opened. */
function regularFiles(directory: string): Map<string, Dirent> | undefined {
  try {
    return new Map(readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, entry]));
  } catch {
    return undefined;
  }
}

/** One attribute's value without its newline, or undefined when the device has none (or went away while read). */
function attribute(directory: string, files: ReadonlyMap<string, Dirent>, name: string): string | undefined {
  if (!files.has(name)) return undefined;
  let fd: number;
  try {
    // O_NONBLOCK and O_NOFOLLOW: should a FIFO or a link have taken the file's place since the directory was listed, nothing waits or leads elsewhere.
    fd = openSync(join(directory, name), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(ATTRIBUTE_LIMIT);
    const length = readSync(fd, buffer, 0, ATTRIBUTE_LIMIT, 0);
    const text = printable(buffer.subarray(0, length).subarray(0, buffer[length - 1] === 0x0a ? length - 1 : length));
    return text.trim();
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The name of the driver bound to a device or interface: the last part of where its `driver` link leads. */
function driver(directory: string): string | undefined {
  try {
    return printable(Buffer.from(basename(readlinkSync(join(directory, "driver")))));
  } catch {
    return undefined;
  }
}

function optional<K extends string>(key: K, value: string | undefined): { readonly [P in K]?: string } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { readonly [P in K]?: string };
}

function readInterface(directory: string): UsbInterface | undefined {
  const files = regularFiles(directory);
  if (files === undefined) return undefined;
  const number = attribute(directory, files, "bInterfaceNumber");
  const klass = attribute(directory, files, "bInterfaceClass");
  const subclass = attribute(directory, files, "bInterfaceSubClass");
  const protocol = attribute(directory, files, "bInterfaceProtocol");
  if (number === undefined || !HEX2.test(number) || klass === undefined || !HEX2.test(klass) || subclass === undefined || !HEX2.test(subclass) || protocol === undefined || !HEX2.test(protocol)) return undefined;
  const altsetting = attribute(directory, files, "bAlternateSetting");
  return {
    number,
    ...optional("altsetting", altsetting?.trim()),
    class: klass,
    subclass,
    protocol,
    ...optional("name", attribute(directory, files, "interface")),
    ...optional("driver", driver(directory)),
  };
}

function readDevice(root: string, name: string, interfaces: readonly string[]): UsbDevice | undefined {
  const directory = join(root, name);
  const files = regularFiles(directory);
  if (files === undefined) return undefined;
  const busnum = attribute(directory, files, "busnum");
  const devnum = attribute(directory, files, "devnum");
  const idVendor = attribute(directory, files, "idVendor");
  const idProduct = attribute(directory, files, "idProduct");
  const klass = attribute(directory, files, "bDeviceClass");
  const subclass = attribute(directory, files, "bDeviceSubClass");
  const protocol = attribute(directory, files, "bDeviceProtocol");
  // A device without these is not one sysfs would show, or is going away as it is read: it is passed over.
  if (busnum === undefined || !DECIMAL.test(busnum) || devnum === undefined || !DECIMAL.test(devnum)) return undefined;
  if (idVendor === undefined || !HEX4.test(idVendor) || idProduct === undefined || !HEX4.test(idProduct)) return undefined;
  if (klass === undefined || !HEX2.test(klass) || subclass === undefined || !HEX2.test(subclass) || protocol === undefined || !HEX2.test(protocol)) return undefined;
  if (name.slice(0, name.indexOf("-")) !== String(Number(busnum))) return undefined;
  const bcdDevice = attribute(directory, files, "bcdDevice");
  const read = interfaces.map((interfaceName) => readInterface(join(root, interfaceName))).filter((entry) => entry !== undefined);
  return {
    busnum: Number(busnum),
    devnum: Number(devnum),
    port: name,
    path: `/dev/bus/usb/${busnum.padStart(3, "0")}/${devnum.padStart(3, "0")}`,
    idVendor,
    idProduct,
    ...(bcdDevice !== undefined && HEX4.test(bcdDevice) ? { bcdDevice } : {}),
    ...optional("manufacturer", attribute(directory, files, "manufacturer")),
    ...optional("product", attribute(directory, files, "product")),
    ...optional("serial", attribute(directory, files, "serial")),
    class: klass,
    subclass,
    protocol,
    ...optional("speed", attribute(directory, files, "speed")),
    ...optional("version", attribute(directory, files, "version")),
    ...optional("driver", driver(directory)),
    interfaces: read,
  };
}

/** Orders `1-2` before `1-10` and `1-1` before `1-1.1`: bus, then each port number in turn. */
function comparePorts(a: string, b: string): number {
  const left = a.split(/[-.]/).map(Number);
  const right = b.split(/[-.]/).map(Number);
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/**
 * The USB devices of the host, from a sysfs `bus/usb/devices` directory (`root`; tests give a
 * tree they write): one listing of the directory, then each device's and interface's own
 * attributes, so the time grows with the number of devices and nothing else. Root hubs are left
 * out: they are the host controllers' own and cannot be given to a VM. Devices come in bus and
 * port order, each with its interfaces in the order of their numbers.
 */
export function readUsbDevices(root: string = USB_SYSFS): UsbDevice[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    throw new UsbSysfsUnreadable(code === "ENOENT" ? `${root} does not exist: the host has no USB, or sysfs is not mounted` : `${root} cannot be read: ${(problem as Error).message}`);
  }
  const interfaces = new Map<string, string[]>();
  const devices: string[] = [];
  for (const name of names) {
    if (DEVICE_NAME.test(name)) {
      devices.push(name);
      continue;
    }
    const owner = INTERFACE_NAME.exec(name)?.[1];
    if (owner === undefined) continue;
    const list = interfaces.get(owner);
    if (list === undefined) interfaces.set(owner, [name]);
    else list.push(name);
  }
  devices.sort(comparePorts);
  return devices.flatMap((name) => {
    const device = readDevice(root, name, interfaces.get(name) ?? []);
    if (device === undefined) return [];
    const ordered = [...device.interfaces].sort((a, b) => parseInt(a.number, 16) - parseInt(b.number, 16) || (a.altsetting ?? "").localeCompare(b.altsetting ?? ""));
    return [{ ...device, interfaces: ordered }];
  });
}
