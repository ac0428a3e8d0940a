import { accessSync, constants, existsSync } from "node:fs";
import { codes } from "../../../errors/codes.js";
import { quote } from "../../../errors/quote.js";
import { VmProblem } from "../vm-problem.js";
import type { UsbHostDevice } from "../vm-spec.js";
import type { VmState } from "../vm-state.js";
import { readUsbDevices, UsbSysfsUnreadable, USB_SYSFS } from "./read-usb-devices.js";
import { HUB_CLASS, hostPort, type UsbDevice } from "./usb-device.js";
import { queryUsbDevices } from "./usb-query.js";

/** Where the host's USB devices are read from: `GP_VM_USB_SYSFS` when set (a tree a test wrote), else sysfs. */
export function usbSysfsRoot(env: NodeJS.ProcessEnv): string {
  const given = env["GP_VM_USB_SYSFS"];
  return given === undefined || given === "" ? USB_SYSFS : given;
}

/** The host's USB devices, or a VmProblem saying why they cannot be read. */
export function hostUsbDevices(root: string): UsbDevice[] {
  try {
    return readUsbDevices(root);
  } catch (problem) {
    if (problem instanceof UsbSysfsUnreadable) throw new VmProblem(codes.usbDeviceUnusable, `the host's USB devices cannot be read: ${problem.message}`);
    throw problem;
  }
}

/** How a device is named in messages: `1-1.2 (0781:5581 SanDisk Ultra)`. */
export function describeUsbDevice(device: UsbDevice): string {
  const name = [device.manufacturer, device.product].filter((part) => part !== undefined).join(" ");
  return `${device.port} (${device.idVendor}:${device.idProduct}${name === "" ? "" : ` ${name}`})`;
}

/**
 * The USB devices `--usb` queries give a VM: every device any query selects, once, in bus and
 * port order. Each query must select at least one device that can be passed through, and hubs
 * cannot be (QEMU skips them; the devices behind a hub can be), so a query that selects none
 * refuses the start, as does a matching device whose node this user cannot open. A node that is
 * missing altogether is only warned of: QEMU attaches the device once it can open it.
 */
export function usbPassthrough(queries: readonly string[], root: string, warn: (message: string) => void): UsbHostDevice[] {
  if (queries.length === 0) return [];
  const devices = hostUsbDevices(root);
  const chosen = new Set<UsbDevice>();
  for (const query of queries) {
    const result = queryUsbDevices(devices, query);
    if ("problem" in result) throw new VmProblem(codes.usbQueryInvalid, `--usb: ${result.problem}`);
    const hubs = result.devices.filter((device) => device.class === HUB_CLASS);
    const passable = result.devices.filter((device) => device.class !== HUB_CLASS);
    if (passable.length === 0) {
      const detail = hubs.length > 0 ? `only the hub${hubs.length === 1 ? "" : "s"} ${hubs.map(describeUsbDevice).join(", ")}, which QEMU cannot pass through (select the devices behind it)` : `none of the ${devices.length} USB device${devices.length === 1 ? "" : "s"} in ${root}`;
      throw new VmProblem(codes.usbNoMatch, `--usb ${quote(query)} matches ${detail}; gp vm usb --query shows what a query selects`);
    }
    for (const hub of hubs) warn(`--usb ${quote(query)} matches the hub ${describeUsbDevice(hub)}, which QEMU cannot pass through; the VM gets the other devices it matches`);
    for (const device of passable) chosen.add(device);
  }
  const ordered = devices.filter((device) => chosen.has(device));
  for (const device of ordered) {
    if (!existsSync(device.path)) {
      warn(`${device.path} (${describeUsbDevice(device)}) does not exist; QEMU attaches the device once it appears in that port`);
      continue;
    }
    try {
      accessSync(device.path, constants.R_OK | constants.W_OK);
    } catch {
      throw new VmProblem(codes.usbDeviceUnusable, `--usb: this user cannot open ${device.path} (${describeUsbDevice(device)}) for reading and writing, so QEMU could not take it; run as root or give your user access to the device (a udev rule)`);
    }
  }
  return ordered.map((device) => ({ bus: device.busnum, port: hostPort(device), vendorId: device.idVendor, productId: device.idProduct }));
}

/** The first running VM given one of `wanted` (the same bus and port), and that device. */
export function usbHolder(wanted: readonly UsbHostDevice[], running: readonly VmState[]): { readonly vm: string; readonly device: UsbHostDevice } | undefined {
  for (const state of running) {
    const device = wanted.find((candidate) => (state.usb ?? []).some((held) => held.bus === candidate.bus && held.port === candidate.port));
    if (device !== undefined) return { vm: state.name, device };
  }
  return undefined;
}
