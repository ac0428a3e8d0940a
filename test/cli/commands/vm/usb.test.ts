import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasStackTrace, jsonLines, runGp } from "../../../helpers/gp.js";
import { temporaryDirectory } from "../../../helpers/temp.js";
import { SAMPLE_HOST, writeUsbSysfs } from "../../../runtime/vm/usb/sysfs-tree.js";

/** `gp vm usb` on a sysfs tree the test writes (GP_VM_USB_SYSFS). */
function usb(args: readonly string[], sysfs: string) {
  return runGp(["vm", "usb", ...args], { env: { GP_VM_USB_SYSFS: sysfs } });
}

describe("gp vm usb", () => {
  it("prints the devices as a table: ids, speed, class (the interfaces' when the device leaves it to them), drivers, names", { timeout: 30_000 }, async () => {
    const result = await usb([], writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      [
        "BUS  DEV  PORT   ID         SPEED  CLASS         DRIVERS      NAME",
        "1    3    1-2    05e3:0610  480M   hub           hub          GenesysLogic USB2.1 Hub",
        "1    7    1-2.4  046d:c31c  1.5M   hid           usbhid       Logitech USB Keyboard",
        "1    12   1-10   10c4:ea60  12M    vendor        -            -",
        "2    2    2-1    0781:5581  5000M  mass-storage  usb-storage  SanDisk Ultra",
        "",
      ].join("\n"),
    );
  });

  it("prints the devices a query selects, as JSON lines or as the XML document", { timeout: 30_000 }, async () => {
    const sysfs = writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST);
    const json = await usb(["--query", "//interface[@driver='usb-storage']", "--json"], sysfs);
    expect(json.exitCode).toBe(0);
    expect(jsonLines(json.stdout)).toEqual([expect.objectContaining({ type: "usb-device", port: "2-1", idVendor: "0781", interfaces: [expect.objectContaining({ class: "08", driver: "usb-storage" })] })]);
    const xml = await usb(["--xml", "-q", "//device[@busnum=1][not(@class='09')]"], sysfs);
    expect(xml.stdout.split("\n").filter((line) => line.startsWith("  <device")).map((line) => /port="([^"]*)"/.exec(line)?.[1])).toEqual(["1-2.4", "1-10"]);
  });

  it("says so on stderr when a query selects nothing, and exits 0", { timeout: 30_000 }, async () => {
    const result = await usb(["--query", "//device[@idVendor='ffff']"], writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST));
    expect(result).toMatchObject({ exitCode: 0, stdout: "", stderr: "gp vm usb: no USB device matches //device[@idVendor='ffff']\n" });
  });

  it("refuses a query that does not parse or computes a value, with the library's reason, exit 1 and nothing on stdout", { timeout: 30_000 }, async () => {
    const sysfs = writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST);
    for (const [query, reason] of [["//device[", "XPath parse error"], ["count(//device)", "computes the number 4, not USB devices"]] as const) {
      const result = await usb(["--query", query], sysfs);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("error GP9025: --query:");
      expect(result.stderr).toContain(reason);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
  });

  it("refuses a tree that does not exist, naming it, and --xml with --json", { timeout: 30_000 }, async () => {
    const missing = join(temporaryDirectory(), "none");
    const result = await usb([], missing);
    expect(result).toMatchObject({ exitCode: 1, stdout: "" });
    expect(result.stderr).toContain(`error GP9027: the host's USB devices cannot be read: ${missing} does not exist`);
    const both = await usb(["--xml", "--json"], writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST));
    expect(both.exitCode).toBe(1);
    // With --json a failure is the one JSON line, as for every gp command.
    expect(jsonLines(both.stdout)).toEqual([{ type: "result", ok: false, code: "GP9007", failure: "--xml and --json cannot go together; give one" }]);
  });
});
