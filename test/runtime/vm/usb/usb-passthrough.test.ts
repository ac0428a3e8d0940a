import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usbHolder, usbPassthrough } from "../../../../runtime/vm/usb/usb-passthrough.js";
import { VmProblem } from "../../../../runtime/vm/vm-problem.js";
import type { VmState } from "../../../../runtime/vm/vm-state.js";
import { codes, type CodeEntry } from "../../../../errors/codes.js";
import { temporaryDirectory } from "../../../helpers/temp.js";
import { SAMPLE_HOST, writeUsbSysfs } from "./sysfs-tree.js";

function refusal(action: () => unknown): { code: CodeEntry["code"]; message: string } {
  try {
    action();
  } catch (problem) {
    if (problem instanceof VmProblem) return { code: problem.code as CodeEntry["code"], message: problem.message };
    throw problem;
  }
  throw new Error("not refused");
}

describe("usbPassthrough", () => {
  it("gives the VM every device the queries select, once, in bus and port order, by bus, port and ids", () => {
    const warnings: string[] = [];
    const devices = usbPassthrough(["//device[@idVendor='0781']", "//interface[@class='03']", "//device[@idVendor='0781']"], writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST), (text) => warnings.push(text));
    expect(devices).toEqual([
      { bus: 1, port: "2.4", vendorId: "046d", productId: "c31c" },
      { bus: 2, port: "1", vendorId: "0781", productId: "5581" },
    ]);
    // This host has no /dev/bus/usb: QEMU waits for the devices, and the user is told.
    expect(warnings.filter((text) => text.includes("does not exist"))).toHaveLength(2);
  });

  it("passes no hub, warns of one a query also matches, and refuses a query that matches only hubs", () => {
    const warnings: string[] = [];
    const root = writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST);
    expect(usbPassthrough(["//device[@busnum='1']"], root, (text) => warnings.push(text)).map((device) => device.port)).toEqual(["2.4", "10"]);
    expect(warnings[0]).toContain("matches the hub 1-2 (05e3:0610 GenesysLogic USB2.1 Hub), which QEMU cannot pass through");
    expect(refusal(() => usbPassthrough(["//device[@class='09']"], root, () => {}))).toEqual({
      code: codes.usbNoMatch.code,
      message: `--usb "//device[@class='09']" matches only the hub 1-2 (05e3:0610 GenesysLogic USB2.1 Hub), which QEMU cannot pass through (select the devices behind it); gp vm usb --query shows what a query selects`,
    });
  });

  it("refuses the start when any query matches no device, naming the query", () => {
    const root = writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST);
    expect(refusal(() => usbPassthrough(["//device[@idVendor='0781']", "//device[@idVendor='ffff']"], root, () => {}))).toEqual({
      code: codes.usbNoMatch.code,
      message: `--usb "//device[@idVendor='ffff']" matches none of the 4 USB devices in ${root}; gp vm usb --query shows what a query selects`,
    });
  });

  it("refuses a query that does not parse, and a host whose USB devices cannot be read", () => {
    const root = writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST);
    expect(refusal(() => usbPassthrough(["//device[@idVendor="], root, () => {}))).toEqual({ code: codes.usbQueryInvalid.code, message: `--usb: "//device[@idVendor=" is not an XPath 1.0 query gp can run: XPath parse error` });
    const missing = join(temporaryDirectory(), "no-sysfs");
    expect(refusal(() => usbPassthrough(["//device"], missing, () => {}))).toEqual({ code: codes.usbDeviceUnusable.code, message: `the host's USB devices cannot be read: ${missing} does not exist: the host has no USB, or sysfs is not mounted` });
  });

  it("finds the running VM that holds a device by its bus and port, whatever its address now", () => {
    const state = (name: string, usb?: { bus: number; port: string; vendorId: string; productId: string }[]) => ({ name, ...(usb === undefined ? {} : { usb }) }) as unknown as VmState;
    const stick = { bus: 2, port: "1", vendorId: "0781", productId: "5581" };
    const running = [state("plain"), state("other", [{ bus: 1, port: "1", vendorId: "0781", productId: "5581" }]), state("holder", [stick])];
    expect(usbHolder([{ bus: 1, port: "2.4", vendorId: "046d", productId: "c31c" }, stick], running)).toEqual({ vm: "holder", device: stick });
    expect(usbHolder([{ bus: 2, port: "1.1", vendorId: "0781", productId: "5581" }], running)).toBeUndefined();
  });

  it("reads nothing when no query is given", () => {
    expect(usbPassthrough([], join(temporaryDirectory(), "no-sysfs"), () => {})).toEqual([]);
  });
});
