import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kernelCommandLine, optionValue, qemuArguments } from "../../../runtime/vm/qemu-arguments.js";
import type { VmSpec } from "../../../runtime/vm/vm-spec.js";
import type { Screen } from "../../../runtime/vm/screen.js";

const R = "/run/gp/vm/demo";
const GOLDEN = join(import.meta.dirname, "golden");

const minimal: VmSpec = {
  name: "demo",
  arch: "x86_64",
  accel: "tcg",
  memoryMiB: 2048,
  cpus: 1,
  system: "/images/demo.squashfs",
  kernel: `${R}/kernel`,
  initramfs: `${R}/initramfs`,
  networks: [{ kind: "user", mac: "52:54:00:75:9a:c3", portForwards: [] }],
  fwCfg: [{ name: "opt/vmname", string: "demo" }],
  qmpSocket: `${R}/qmp.sock`,
  consoleSocket: `${R}/console.sock`,
  consoleLog: `${R}/console.log`,
  pidFile: `${R}/qemu.pid`,
};

/** One argument per line, options with their values on one line: what a reader of the golden file wants. */
function readable(args: readonly string[]): string {
  const lines: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("-") && !arg.startsWith("-:")) lines.push(arg);
    else lines[lines.length - 1] += ` ${arg}`;
  }
  return `${lines.join("\n")}\n`;
}

describe("qemuArguments", () => {
  it("starts a minimal x86 VM from its kernel with the system image as a read-only virtio disk", async () => {
    await expect(readable(qemuArguments(minimal))).toMatchFileSnapshot(join(GOLDEN, "minimal-x86_64.argv"));
  });

  it("declares every option of a full VM: KVM, UEFI flash, data disk, networks, vsock, fw_cfg", async () => {
    const full: VmSpec = {
      ...minimal,
      accel: "kvm",
      memoryMiB: 4096,
      cpus: 4,
      data: "/var/vm/demo/data.img",
      append: "systemd.log_level=debug",
      firmware: { code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: `${R}/efivars.fd` },
      networks: [
        { kind: "user", mac: "52:54:00:75:9a:c3", portForwards: [{ protocol: "tcp", hostPort: 8080, guestPort: 80 }, { protocol: "udp", hostAddress: "127.0.0.1", hostPort: 5353, guestPort: 53 }] },
        { kind: "bridge", bridge: "br0", mac: "52:54:00:07:0e:3a" },
      ],
      vsockCid: 401442498,
      fwCfg: [
        { name: "opt/vmname", string: "demo" },
        { name: "opt/ssh-public-key", file: `${R}/ssh-public-key` },
        { name: "opt/timezone", string: "Asia/Tokyo" },
        { name: "opt/lang", string: "ja_JP.UTF-8" },
      ],
      noReboot: true,
    };
    await expect(readable(qemuArguments(full))).toMatchFileSnapshot(join(GOLDEN, "full-x86_64.argv"));
  });

  it("uses arm's virt board, its PL011 console and -cpu max for an aarch64 image", async () => {
    await expect(readable(qemuArguments({ ...minimal, arch: "aarch64", networks: [] }))).toMatchFileSnapshot(join(GOLDEN, "aarch64.argv"));
  });

  describe("a screen", () => {
    const screens: Record<string, Screen> = {
      "none-vnc-unix": { display: "none", device: "virtio-vga", virgl: false, vnc: { kind: "unix", path: `${R}/vnc.sock` } },
      gtk: { display: "gtk", device: "virtio-vga", virgl: false },
      "sdl-virgl": { display: "sdl", device: "virtio-vga-gl", virgl: true, renderNode: "/dev/dri/renderD128" },
      "egl-headless-spice": { display: "egl-headless", device: "virtio-vga-gl", virgl: true, renderNode: "/dev/dri/renderD128", spice: { kind: "unix", path: `${R}/spice.sock` } },
      "none-vnc-spice-tcp": { display: "none", device: "virtio-vga", virgl: false, vnc: { kind: "tcp", host: "0.0.0.0", port: 5901 }, spice: { kind: "tcp", host: "127.0.0.1", port: 5930 } },
    };
    for (const [label, screen] of Object.entries(screens)) {
      it(`gives a ${label} screen its display, virtio graphics card, virtio input and servers`, async () => {
        await expect(readable(qemuArguments({ ...minimal, screen }))).toMatchFileSnapshot(join(GOLDEN, `screen-${label}-x86_64.argv`));
      });
    }

    it("gives an aarch64 VM a virtio-gpu-pci card, which has no VGA to fall back on", async () => {
      await expect(readable(qemuArguments({ ...minimal, arch: "aarch64", networks: [], screen: { display: "none", device: "virtio-gpu-pci", virgl: false, vnc: { kind: "tcp", host: "127.0.0.1", port: 5900 } } }))).toMatchFileSnapshot(join(GOLDEN, "screen-vnc-aarch64.argv"));
    });

    it("shows the kernel's messages on the screen while /dev/console stays the serial port, and adds nothing without a screen", () => {
      expect(kernelCommandLine({ ...minimal, screen: screens["gtk"]! })).toMatch(/ console=tty0 console=ttyS0,115200n8$/);
      expect(kernelCommandLine(minimal)).not.toContain("tty0");
      const args = qemuArguments(minimal);
      expect(args.slice(args.indexOf("-display"), args.indexOf("-display") + 2)).toEqual(["-display", "none"]);
      expect(args.some((arg) => arg.startsWith("virtio-vga") || arg.startsWith("virtio-gpu"))).toBe(false);
    });

    it("doubles commas in socket paths and render nodes", () => {
      const args = qemuArguments({ ...minimal, screen: { display: "egl-headless", device: "virtio-vga-gl", virgl: true, renderNode: "/dev/dri/a,b", vnc: { kind: "unix", path: "/run/x,y.sock" } } });
      expect(args).toContain("egl-headless,rendernode=/dev/dri/a,,b");
      expect(args).toContain("unix:/run/x,,y.sock");
    });
  });

  it("passes host USB devices through on one xHCI controller, each matched by its bus, port and ids", async () => {
    const args = qemuArguments({
      ...minimal,
      usb: [
        { bus: 1, port: "2.4", vendorId: "046d", productId: "c31c" },
        { bus: 2, port: "1", vendorId: "0781", productId: "5581" },
      ],
    });
    await expect(readable(args)).toMatchFileSnapshot(join(GOLDEN, "usb-x86_64.argv"));
    expect(args.filter((arg) => arg.startsWith("qemu-xhci"))).toEqual(["qemu-xhci,id=usb"]);
    expect(qemuArguments(minimal).some((arg) => arg.includes("xhci") || arg.includes("usb-host"))).toBe(false);
  });

  it("puts the system disk before the data disk, each with its own virtio-blk-pci device", () => {
    const args = qemuArguments({ ...minimal, data: "/data.img" });
    const devices = args.filter((arg) => arg.startsWith("virtio-blk-pci"));
    expect(devices).toEqual(["virtio-blk-pci,drive=system,serial=system", "virtio-blk-pci,drive=data,serial=data"]);
    expect(args.some((arg) => arg.includes("if=virtio"))).toBe(false);
  });

  it("doubles commas in values so a path or string cannot start another option", () => {
    expect(optionValue("a,b")).toBe("a,,b");
    const args = qemuArguments({ ...minimal, system: "/images/a,b.squashfs", fwCfg: [{ name: "opt/lang", string: "x,readonly=off" }] });
    expect(args).toContain("file=/images/a,,b.squashfs,format=raw,if=none,id=system,readonly=on");
    expect(args).toContain("name=opt/lang,string=x,,readonly=off");
  });

  it("logs the serial console to a file while it is a socket nobody may be attached to", () => {
    const args = qemuArguments(minimal);
    expect(args).toContain(`socket,id=console0,path=${R}/console.sock,server=on,wait=off,logfile=${R}/console.log,logappend=on`);
    expect(args[args.indexOf("-serial") + 1]).toBe("chardev:console0");
  });
});

describe("kernelCommandLine", () => {
  it("names /dev/vda as root, the hostname, the arch's arguments and serial console, then the user's words", () => {
    expect(kernelCommandLine({ name: "demo", arch: "x86_64", append: " quiet " })).toBe("root=/dev/vda ro net.ifnames=0 systemd.firstboot=0 systemd.hostname=demo no_timer_check console=ttyS0,115200n8 quiet");
    expect(kernelCommandLine({ name: "a", arch: "aarch64" })).toBe("root=/dev/vda ro net.ifnames=0 systemd.firstboot=0 systemd.hostname=a console=ttyAMA0,115200n8");
  });

  it("turns off the PC kernel's IO-APIC timer check, which an emulated CPU on a busy host can fail, and only on PCs", () => {
    expect(kernelCommandLine({ name: "a", arch: "i686" }).split(" ")).toContain("no_timer_check");
    expect(kernelCommandLine({ name: "a", arch: "riscv64" }).split(" ")).not.toContain("no_timer_check");
  });
});
