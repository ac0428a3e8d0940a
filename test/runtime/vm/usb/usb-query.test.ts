import { describe, expect, it } from "vitest";
import { readUsbDevices } from "../../../../runtime/vm/usb/read-usb-devices.js";
import { usbDocumentText } from "../../../../runtime/vm/usb/usb-document.js";
import { queryUsbDevices } from "../../../../runtime/vm/usb/usb-query.js";
import type { UsbDevice } from "../../../../runtime/vm/usb/usb-device.js";
import { temporaryDirectory } from "../../../helpers/temp.js";
import { SAMPLE_HOST, writeUsbSysfs } from "./sysfs-tree.js";

function host(): UsbDevice[] {
  return readUsbDevices(writeUsbSysfs(temporaryDirectory(), SAMPLE_HOST));
}

function ports(expression: string): string[] | string {
  const result = queryUsbDevices(host(), expression);
  return "problem" in result ? result.problem : result.devices.map((device) => device.port);
}

describe("queryUsbDevices", () => {
  it("selects devices by their attributes, as the XPath 1.0 of the reference's examples does", () => {
    expect(ports("//device[@idVendor='0781']")).toEqual(["2-1"]);
    expect(ports("//device[contains(@manufacturer,'Logitech')]")).toEqual(["1-2.4"]);
    expect(ports("//device[@class='09']")).toEqual(["1-2"]);
    expect(ports("/usb/device[@busnum=1 and @speed < 100]")).toEqual(["1-2.4", "1-10"]);
  });

  it("counts a selected interface or attribute for the device it belongs to, once, in document order", () => {
    expect(ports("//interface[@driver='usbhid']")).toEqual(["1-2.4"]);
    expect(ports("//device[interface/@class='08'] | //device[@idVendor='046d']")).toEqual(["1-2.4", "2-1"]);
    expect(ports("//device/@serial")).toEqual(["2-1"]);
  });

  it("selects nothing for a query that matches no device, which is not a problem", () => {
    expect(ports("//device[@idVendor='ffff']")).toEqual([]);
    expect(ports("/usb")).toEqual([]);
  });

  it("refuses a query that does not parse, with the library's reason", () => {
    expect(ports("//device[")).toBe(`"//device[" is not an XPath 1.0 query gp can run: XPath parse error`);
    expect(ports("//device[@product='unterminated]")).toMatch(/is not an XPath 1.0 query gp can run: Unterminated string literal/);
    expect(ports("//device[nosuch()]")).toMatch(/Unknown function nosuch/);
    expect(ports("$devices")).toMatch(/Undeclared variable: \$devices/);
    expect(ports("   ")).toBe("the query is empty; give an XPath such as //device[@idVendor='0781']");
  });

  it("refuses a query that computes a number, string or boolean instead of selecting devices", () => {
    expect(ports("count(//device)")).toBe(`"count(//device)" computes the number 4, not USB devices; write a path that selects device elements, such as //device[@idVendor='0781']`);
    expect(ports("string(//device/@port)")).toMatch(/computes the string "1-2", not USB devices/);
    expect(ports("boolean(//device)")).toMatch(/computes the boolean true, not USB devices/);
  });

  it("keeps names a device reports as text: markup in them neither breaks the document nor adds to it", () => {
    const devices = host().map((device) => (device.port === "1-10" ? { ...device, product: `"/><device idVendor='0781'/><x a="` } : device));
    const result = queryUsbDevices(devices, "//device[@idVendor='0781']");
    expect("devices" in result && result.devices.map((device) => device.port)).toEqual(["2-1"]);
    expect(usbDocumentText(devices)).toContain(`product="&quot;/&gt;&lt;device idVendor='0781'/&gt;&lt;x a=&quot;"`);
  });
});

describe("usbDocumentText", () => {
  it("prints one device element per line, its interfaces inside it, attributes in sysfs's names", () => {
    const text = usbDocumentText(host().filter((device) => device.port === "2-1"));
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<usb>",
        '  <device busnum="2" devnum="2" port="2-1" path="/dev/bus/usb/002/002" idVendor="0781" idProduct="5581" bcdDevice="0100" manufacturer="SanDisk" product="Ultra" serial="4C530001" class="00" subclass="00" protocol="00" speed="5000" version="2.00" driver="usb">',
        '    <interface number="00" altsetting="0" class="08" subclass="06" protocol="50" driver="usb-storage"/>',
        "  </device>",
        "</usb>",
        "",
      ].join("\n"),
    );
  });
});
