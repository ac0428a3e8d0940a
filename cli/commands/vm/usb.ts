import { Command } from "clipanion";
import { codes } from "../../../errors/codes.js";
import { BaseCommand, EXIT } from "../../base-command.js";
import { Option } from "../../options.js";
import { vmOutput } from "./vm-output.js";

export class VmUsbCommand extends BaseCommand {
  private readonly out = vmOutput(this, "vm usb");
  static override paths = [["vm", "usb"]];
  static override usage = Command.Usage({
    description: "list the host's USB devices, or those an XPath query selects",
    details: `
      Reads the host's USB devices from sysfs (/sys/bus/usb/devices; GP_VM_USB_SYSFS names
      another tree) into an XML document, one device element per device (root hubs, which
      belong to the host controllers, are left out), and prints them as a table; --xml prints
      the document, --json one object per device.

      The device elements' attributes are sysfs's names: busnum, devnum, port (1-1.2), path
      (/dev/bus/usb/001/004), idVendor, idProduct, bcdDevice, manufacturer, product, serial,
      class, subclass, protocol (two hex digits: 09 is a hub, 00 leaves it to the interfaces),
      speed (Mbit/s), version, driver; each holds interface elements with number, altsetting,
      class, subclass, protocol (08 is mass storage, 03 HID), name and driver.

      --query XPATH (XPath 1.0) prints only the devices it selects; a node inside a device (an
      interface, an attribute) counts for that device. gp vm run --usb XPATH passes the same
      devices through to a VM, so this is how to try a query first.
    `,
    examples: [
      ["List the USB devices", "$0 vm usb"],
      ["The document queries run on", "$0 vm usb --xml"],
      ["The devices of one vendor", "$0 vm usb --query \"//device[@idVendor='0781']\""],
      ["Every USB stick", "$0 vm usb --query \"//device[interface/@class='08']\""],
    ],
  });
  query = Option.String("--query,-q", { description: "An XPath 1.0 query: print only the devices it selects" });
  xml = Option.Boolean("--xml", false, { description: "Print the XML document instead of a table" });

  async run(): Promise<number> {
    if (this.xml && this.json) return this.out.fail(codes.vmOptionInvalid, "--xml and --json cannot go together; give one");
    const { hostUsbDevices, usbSysfsRoot, queryUsbDevices, usbDocumentText, usbTable } = await import("../../../runtime/vm/index.js");
    const root = usbSysfsRoot(process.env);
    let devices = hostUsbDevices(root);
    if (this.query !== undefined) {
      const result = queryUsbDevices(devices, this.query);
      if ("problem" in result) return this.out.fail(codes.usbQueryInvalid, `--query: ${result.problem}`);
      devices = [...result.devices];
      if (devices.length === 0 && !this.json && !this.xml) {
        this.context.stderr.write(`gp vm usb: no USB device matches ${this.query}\n`);
        return EXIT.ok;
      }
    }
    if (this.json) {
      for (const device of devices) this.printJson({ type: "usb-device", ...device });
    } else if (this.xml) {
      this.context.stdout.write(usbDocumentText(devices));
    } else if (devices.length === 0) {
      this.context.stdout.write(`No USB devices (${root} lists none but root hubs).\n`);
    } else {
      this.context.stdout.write(usbTable(devices));
    }
    return EXIT.ok;
  }
}
