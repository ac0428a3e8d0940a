import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootSupport, makeBootImage, startGpVm, type BootImage, type GpVmSession } from "../../../fixtures/boot/index.js";
import { jsonLines, runGp } from "../../../helpers/gp.js";
import { skipFor } from "../../../helpers/skip.js";
import { testVmName, VM_ROOT } from "../../../helpers/test-vms.js";
import { suiteDirectory } from "../../../helpers/temp.js";
import { QmpClient } from "../../../../runtime/vm/qmp-client.js";
import { vmPaths } from "../../../../runtime/vm/runtime-paths.js";
import { SAMPLE_HOST, writeUsbSysfs } from "./sysfs-tree.js";

/**
 * `gp vm run --usb` with real QEMU (software emulation) on the boot fixture's image, the host's
 * USB devices read from a sysfs tree the test writes. No such device exists on the test host,
 * and QEMU must still start: it is given each device by port and ids, and waits for it (given
 * by address alone, QEMU refuses to start with "failed to find host usb device").
 */
const support = bootSupport();

describe("gp vm run --usb", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let image: BootImage;
  let sysfs: string;
  let vm: GpVmSession | undefined;

  beforeAll(async () => {
    work = suiteDirectory("gp-vm-usb-");
    image = await makeBootImage({ output: join(work, "system.squashfs"), artifact: "usbfixture", marker: "usb" });
    sysfs = writeUsbSysfs(join(work, "sys"), SAMPLE_HOST);
  }, 600_000);

  afterAll(async () => {
    await vm?.kill();
  }, 60_000);

  it("starts QEMU with an xHCI controller and a usb-host device per selected device, and the guest boots to its ready line", async () => {
    vm = startGpVm({
      image: image.path,
      name: testVmName("usb"),
      extraArguments: ["--net", "none", "--usb", "//interface[@class='08']", "--usb", "//device[@idVendor='046d']"],
      env: { GP_VM_USB_SYSFS: sysfs },
    });
    const ready = await vm.waitFor(/^GP-VM-READY /, 120_000);
    expect(ready).toBe(`GP-VM-READY name=${vm.name} image=usbfixture hostname= marker=usb`);
    // QEMU holds the devices gp worked out from the tree, in bus and port order.
    const qmp = await QmpClient.connect(vmPaths(VM_ROOT, vm.name).qmp, { timeoutMs: 10_000 });
    try {
      const property = (path: string, name: string) => qmp.execute("qom-get", { path, property: name });
      expect(await property("/machine/peripheral/usbhost0", "hostbus")).toBe(1);
      expect(await property("/machine/peripheral/usbhost0", "hostport")).toBe("2.4");
      expect(await property("/machine/peripheral/usbhost0", "vendorid")).toBe(0x046d);
      expect(await property("/machine/peripheral/usbhost1", "hostbus")).toBe(2);
      expect(await property("/machine/peripheral/usbhost1", "hostport")).toBe("1");
      expect(await property("/machine/peripheral/usbhost1", "productid")).toBe(0x5581);
      const peripherals = (await qmp.execute<{ name: string }[]>("qom-list", { path: "/machine/peripheral" })).map((entry) => entry.name);
      expect(peripherals.filter((name) => name.startsWith("usbhost")).sort()).toEqual(["usbhost0", "usbhost1"]);
    } finally {
      qmp.close();
    }
    // gp vm show names the devices the VM holds.
    const shown = await runGp(["vm", "show", vm.name, "--json"]);
    expect((jsonLines(shown.stdout)[0] as { usb?: unknown[] }).usb).toHaveLength(2);
    // A second VM may not be given a device the first holds: refused before anything starts.
    const second = testVmName("usb-second");
    const refused = await runGp(["vm", "run", image.path, "--name", second, "--accel", "tcg", "--detach", "--net", "none", "--usb", "//device[@product='Ultra']"], { env: { GP_VM_USB_SYSFS: sysfs } });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`error GP9028: --usb: the USB device in port 2-1 (0781:5581) is passed through to the running VM ${vm.name}`);
    expect(existsSync(join(VM_ROOT, second))).toBe(false);
    // The guest sees the controller: one PCI function of class 0c0330, xHCI.
    expect(await vm.run("grep -l 0x0c0330 /sys/bus/pci/devices/*/class | wc -l", 30_000)).toEqual({ output: "1\n", status: 0 });
    expect(await vm.stop()).toEqual({ stoppedBy: "powerdown" });
  }, 300_000);

  it("refuses a query that does not parse, or matches no device, before anything is started", async () => {
    const env = { GP_VM_USB_SYSFS: sysfs };
    const cases = [
      { query: "//device[@idVendor=", code: "GP9025", text: `--usb: "//device[@idVendor=" is not an XPath 1.0 query gp can run: XPath parse error` },
      { query: "//device[@idVendor='ffff']", code: "GP9026", text: `--usb "//device[@idVendor='ffff']" matches none of the 4 USB devices in ${sysfs}` },
    ];
    for (const { query, code, text } of cases) {
      const name = testVmName("usb-bad");
      const result = await runGp(["vm", "run", image.path, "--name", name, "--accel", "tcg", "--detach", "--usb", query], { env });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`error ${code}: ${text}`);
      expect(existsSync(join(VM_ROOT, name))).toBe(false);
    }
  }, 120_000);
});
