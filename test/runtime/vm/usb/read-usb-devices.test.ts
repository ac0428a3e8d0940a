import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readUsbDevices, UsbSysfsUnreadable } from "../../../../runtime/vm/usb/read-usb-devices.js";
import { temporaryDirectory } from "../../../helpers/temp.js";
import { SAMPLE_HOST, writeUsbSysfs, type FakeUsbDevice } from "./sysfs-tree.js";

/** `count` devices with only the attributes gp needs, 100 to a bus, listed as sysfs lists them. */
function writeBareDevices(root: string, count: number): string {
  const list = join(root, "list");
  mkdirSync(list, { recursive: true });
  for (let index = 0; index < count; index += 1) {
    const bus = String(1 + Math.floor(index / 100));
    const name = `${bus}-${1 + (index % 100)}`;
    const directory = join(root, "devices", name);
    mkdirSync(directory, { recursive: true });
    const attributes = { busnum: bus, devnum: String(2 + (index % 100)), idVendor: "1234", idProduct: "abcd", bDeviceClass: "00", bDeviceSubClass: "00", bDeviceProtocol: "00" };
    for (const [attribute, value] of Object.entries(attributes)) writeFileSync(join(directory, attribute), `${value}\n`);
    symlinkSync(join("..", "devices", name), join(list, name));
  }
  return list;
}

describe("readUsbDevices", () => {
  it("reads every device but the root hubs, in bus and port order, with its ids, names, class, speed, driver and interfaces", () => {
    const devices = readUsbDevices(writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST));
    expect(devices.map((device) => device.port)).toEqual(["1-2", "1-2.4", "1-10", "2-1"]);
    expect(devices[1]).toEqual({
      busnum: 1,
      devnum: 7,
      port: "1-2.4",
      path: "/dev/bus/usb/001/007",
      idVendor: "046d",
      idProduct: "c31c",
      bcdDevice: "0100",
      manufacturer: "Logitech",
      product: "USB Keyboard",
      class: "00",
      subclass: "00",
      protocol: "00",
      speed: "1.5",
      version: "2.00",
      driver: "usb",
      interfaces: [
        { number: "00", altsetting: "0", class: "03", subclass: "01", protocol: "01", driver: "usbhid" },
        { number: "01", altsetting: "0", class: "03", subclass: "00", protocol: "00", driver: "usbhid" },
      ],
    });
    expect(devices[0]).toMatchObject({ port: "1-2", class: "09", interfaces: [{ class: "09", driver: "hub" }] });
    expect(devices[3]).toMatchObject({ port: "2-1", serial: "4C530001", interfaces: [{ class: "08", driver: "usb-storage" }] });
  });

  it("leaves out the names a device does not have, and an interface no driver is bound to has no driver", () => {
    const dongle = readUsbDevices(writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST)).find((device) => device.port === "1-10")!;
    expect(Object.keys(dongle)).not.toContain("manufacturer");
    expect(Object.keys(dongle)).not.toContain("product");
    expect(Object.keys(dongle)).not.toContain("serial");
    expect(dongle.interfaces).toEqual([{ number: "00", altsetting: "0", class: "ff", subclass: "00", protocol: "00" }]);
  });

  it("replaces bytes that are not UTF-8 and control characters in names with U+FFFD, and keeps other characters", () => {
    const odd: FakeUsbDevice = {
      name: "3-1",
      busnum: 3,
      devnum: 2,
      idVendor: "abcd",
      idProduct: "0001",
      manufacturer: Buffer.from([0x41, 0xff, 0xfe, 0x42, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x43]),
      product: "Gerät <\"&'> 日本",
    };
    const [device] = readUsbDevices(writeUsbSysfs(temporaryDirectory(), [odd]));
    expect(device!.manufacturer).toBe("A\ufffd\ufffdB\ufffd[2J\ufffdC");
    expect(device!.product).toBe("Gerät <\"&'> 日本");
  });

  it("passes over entries that are not devices, devices missing their ids, and an attribute that is a FIFO, without waiting on it", () => {
    const list = writeUsbSysfs(temporaryDirectory(), [{ name: "1-1", busnum: 1, devnum: 2, idVendor: "1234", idProduct: "5678" }, { name: "1-3", busnum: 1, devnum: 4, idVendor: "1234", idProduct: "9999", product: "piped" }]);
    const root = join(list, "..", "..", "..");
    // A device whose idVendor is gone (unplugged while read), a stray file and a name that only looks like a device.
    const half = join(root, "devices", "half");
    mkdirSync(half);
    writeFileSync(join(half, "busnum"), "1\n");
    symlinkSync(half, join(list, "1-5"));
    writeFileSync(join(list, "uevent"), "x\n");
    mkdirSync(join(list, "1-1.2.3.4.5.6.7.8.9"));
    // The product of 1-3 replaced by a FIFO: reading it would wait for a writer forever.
    const product = join(root, "devices", "pci0000:00", "0000:00:14.0", "1-3", "product");
    execFileSync("rm", [product]);
    execFileSync("mkfifo", [product]);
    const devices = readUsbDevices(list);
    expect(devices.map((device) => device.port)).toEqual(["1-1", "1-3"]);
    expect(devices[1]!.product).toBeUndefined();
  });

  it("says that the tree does not exist rather than listing nothing", () => {
    expect(() => readUsbDevices(join(temporaryDirectory(), "nothing"))).toThrow(UsbSysfsUnreadable);
    expect(() => readUsbDevices(join(temporaryDirectory(), "nothing"))).toThrow(/does not exist: the host has no USB, or sysfs is not mounted/);
  });

  it("reads a 10,000-device tree in time that grows linearly with the number of devices", () => {
    // On tmpfs where there is one: the test is of gp's reading, not of a loaded disk's writing.
    const base = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "gp-usb-scale-"));
    try {
      const small = writeBareDevices(join(base, "small"), 1000);
      const large = writeBareDevices(join(base, "large"), 10_000);
      const time = (root: string) => {
        const started = performance.now();
        const count = readUsbDevices(root).length;
        return { seconds: (performance.now() - started) / 1000, count };
      };
      time(small);
      const one = time(small);
      const ten = time(large);
      expect(one.count).toBe(1000);
      expect(ten.count).toBe(10_000);
      // Ten times the devices, about ten times the time: a reader quadratic in the devices would take a hundred.
      expect(ten.seconds).toBeLessThan(Math.max(one.seconds * 30, 1));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);
});
