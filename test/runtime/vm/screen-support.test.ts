import { describe, expect, it } from "vitest";
import { parseDisplayHelp, resolveScreen, type ScreenSupport } from "../../../runtime/vm/screen-support.js";

const SOCKETS = { vnc: "/run/gp/vm/demo/vnc.sock", spice: "/run/gp/vm/demo/spice.sock" };
/** Debian 12's qemu-system-x86 without qemu-system-gui, on a host without a GPU. */
const bare: ScreenSupport = { displays: ["none", "egl-headless", "curses", "spice-app", "dbus"], virgl: false, spice: true };
const desktop: ScreenSupport = { displays: ["none", "gtk", "sdl", "egl-headless"], virgl: true, spice: true, renderNode: "/dev/dri/renderD128" };

describe("resolveScreen", () => {
  it("reads the backends of QEMU's -display help, past its heading", () => {
    expect(parseDisplayHelp("Available display backend types:\nnone\negl-headless\ncurses\nspice-app\ndbus\n")).toEqual(["none", "egl-headless", "curses", "spice-app", "dbus"]);
  });

  it("refuses a window the host's QEMU lacks, naming the Debian package that has it", () => {
    expect(resolveScreen({ display: "gtk" }, bare, "x86_64", SOCKETS)).toEqual({ problem: expect.stringMatching(/^--display gtk: this host's QEMU has no gtk display \(qemu -display help lists none, egl-headless, curses, spice-app, dbus\); install the Debian package qemu-system-gui$/) });
    expect(resolveScreen({ display: "sdl" }, bare, "x86_64", SOCKETS)).toEqual({ problem: expect.stringContaining("qemu-system-gui") });
  });

  it("refuses virgl and egl-headless without a render node, and SPICE on a QEMU without it", () => {
    expect(resolveScreen({ gpu: "virgl" }, bare, "x86_64", SOCKETS)).toEqual({ problem: expect.stringMatching(/^--gpu virgl: .*use --gpu virtio$/) });
    expect(resolveScreen({ gpu: "virgl" }, { ...desktop, virgl: false }, "x86_64", SOCKETS)).toEqual({ problem: expect.stringContaining("virglrenderer") });
    expect(resolveScreen({ display: "egl-headless" }, bare, "x86_64", SOCKETS)).toEqual({ problem: expect.stringContaining("no GPU render node") });
    expect(resolveScreen({ spice: { kind: "unix" } }, { ...bare, spice: false }, "x86_64", SOCKETS)).toEqual({ problem: expect.stringContaining("qemu-system-modules-spice") });
  });

  it("gives a 2D virtio-vga card where virgl cannot be had, with the sockets in the runtime directory", () => {
    expect(resolveScreen({ display: "none", vnc: { kind: "unix" }, spice: { kind: "tcp", host: "127.0.0.1", port: 5930 } }, bare, "x86_64", SOCKETS)).toEqual({
      value: { display: "none", device: "virtio-vga", virgl: false, vnc: { kind: "unix", path: SOCKETS.vnc }, spice: { kind: "tcp", host: "127.0.0.1", port: 5930 } },
    });
  });

  it("takes virgl by itself where the host can, drawing on egl-headless when there is no window", () => {
    expect(resolveScreen({ display: "gtk" }, desktop, "x86_64", SOCKETS)).toEqual({ value: { display: "gtk", device: "virtio-vga-gl", virgl: true, renderNode: "/dev/dri/renderD128" } });
    expect(resolveScreen({ vnc: { kind: "unix", path: "/tmp/v.sock" } }, desktop, "x86_64", SOCKETS)).toEqual({
      value: { display: "egl-headless", device: "virtio-vga-gl", virgl: true, renderNode: "/dev/dri/renderD128", vnc: { kind: "unix", path: "/tmp/v.sock" } },
    });
    expect(resolveScreen({ display: "gtk", gpu: "virtio" }, desktop, "x86_64", SOCKETS)).toEqual({ value: { display: "gtk", device: "virtio-vga", virgl: false } });
  });

  it("gives other arches virtio-gpu-pci, which has no VGA part", () => {
    expect(resolveScreen({ display: "none" }, bare, "aarch64", SOCKETS)).toEqual({ value: { display: "none", device: "virtio-gpu-pci", virgl: false } });
    expect(resolveScreen({ display: "sdl" }, desktop, "aarch64", SOCKETS)).toMatchObject({ value: { device: "virtio-gpu-gl-pci", virgl: true } });
  });
});
