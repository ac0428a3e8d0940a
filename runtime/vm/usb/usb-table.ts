import { usbClassName } from "./usb-classes.js";
import type { UsbDevice } from "./usb-device.js";

/**
 * The devices as a table for people: bus, address, port, ids, speed, what kind of device it is
 * (its class, or its interfaces' when the device leaves that to them), the drivers bound to its
 * interfaces, and its names.
 */
export function usbTable(devices: readonly UsbDevice[]): string {
  const rows = [
    ["BUS", "DEV", "PORT", "ID", "SPEED", "CLASS", "DRIVERS", "NAME"],
    ...devices.map((device) => {
      const classes = device.class === "00" ? [...new Set(device.interfaces.map((entry) => usbClassName(entry.class)))] : [usbClassName(device.class)];
      const drivers = [...new Set(device.interfaces.flatMap((entry) => (entry.driver === undefined ? [] : [entry.driver])))];
      return [
        String(device.busnum),
        String(device.devnum),
        device.port,
        `${device.idVendor}:${device.idProduct}`,
        device.speed === undefined ? "-" : `${device.speed}M`,
        classes.join(",") || "-",
        drivers.join(",") || "-",
        [device.manufacturer, device.product].filter((part) => part !== undefined).join(" ") || "-",
      ];
    }),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}\n`).join("");
}
