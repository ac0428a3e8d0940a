import { readdirSync } from "node:fs";
import { join } from "node:path";
import { QEMU_UI_PACKAGES } from "../../genpack/arch.js";
import { captureOutput } from "../../host/exec.js";
import type { VmArch } from "./vm-spec.js";
import type { Display, Screen, ScreenListen, ScreenRequest } from "./screen.js";
import type { Parsed } from "./vm-options.js";

/**
 * What the host's QEMU and GPU can do for a screen, asked of them rather than assumed: Debian
 * ships QEMU's windows (gtk, sdl) in a package of their own, a `-gl` device can be listed by
 * `-device help` and still be missing the module that makes it, and virgl and egl-headless need
 * a DRM render node, which a GPU-less host (or a container) does not have.
 */
export interface ScreenSupport {
  /** The display backends `-display help` lists. */
  readonly displays: readonly string[];
  /** Whether the virgl devices can be made (`-device virtio-vga-gl,help` succeeds). */
  readonly virgl: boolean;
  /** Whether QEMU has a SPICE server. */
  readonly spice: boolean;
  /** The first DRM render node, if the host has a GPU that renders. */
  readonly renderNode?: string;
}

/** The Debian package each display backend comes in, for the error that says to install it. */
const DISPLAY_PACKAGES: Record<Exclude<Display, "none">, string> = {
  gtk: QEMU_UI_PACKAGES.windows,
  sdl: QEMU_UI_PACKAGES.windows,
  "egl-headless": QEMU_UI_PACKAGES.opengl,
};

/** The names `-display help` lists, one a line after its heading. */
export function parseDisplayHelp(output: string): string[] {
  const lines = output.split("\n");
  const heading = lines.findIndex((line) => /display backend types/i.test(line));
  return lines
    .slice(heading + 1)
    .map((line) => line.trim())
    .filter((line) => /^[a-z][a-z0-9-]*$/.test(line));
}

function firstRenderNode(directory = "/dev/dri"): string | undefined {
  try {
    const nodes = readdirSync(directory).filter((name) => /^renderD\d+$/.test(name));
    nodes.sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    return nodes[0] === undefined ? undefined : join(directory, nodes[0]);
  } catch {
    return undefined;
  }
}

/** Asks `qemu` (the emulator program) what it has; about a tenth of a second. */
export async function probeScreenSupport(qemu: string, arch: VmArch): Promise<ScreenSupport> {
  const glDevice = arch === "x86_64" ? "virtio-vga-gl" : "virtio-gpu-gl-pci";
  const [displays, gl, spice] = await Promise.all([
    captureOutput(qemu, ["-display", "help"]),
    captureOutput(qemu, ["-device", `${glDevice},help`]),
    captureOutput(qemu, ["-spice", "help"]),
  ]);
  const renderNode = firstRenderNode();
  return {
    displays: parseDisplayHelp(displays.stdout),
    virgl: gl.exitCode === 0,
    spice: /spice options/i.test(spice.stdout),
    ...(renderNode === undefined ? {} : { renderNode }),
  };
}

function listenOf(listen: ScreenListen, socketInRuntimeDirectory: string): NonNullable<Screen["vnc"]> {
  return listen.kind === "tcp" ? listen : { kind: "unix", path: listen.path ?? socketInRuntimeDirectory };
}

/**
 * The screen a request gets on a host that supports `support`, or the problem that stops it.
 * Pure: the host was asked by {@link probeScreenSupport}.
 */
export function resolveScreen(request: ScreenRequest, support: ScreenSupport, arch: VmArch, sockets: { readonly vnc: string; readonly spice: string }): Parsed<Screen> {
  const display = request.display ?? "none";
  if (display !== "none" && !support.displays.includes(display)) {
    return { problem: `--display ${display}: this host's QEMU has no ${display} display (qemu -display help lists ${support.displays.join(", ") || "none"}); install the Debian package ${DISPLAY_PACKAGES[display]}` };
  }
  if (request.spice !== undefined && !support.spice) return { problem: `--spice: this host's QEMU has no SPICE server; install the Debian package ${QEMU_UI_PACKAGES.spice}, or use --vnc` };
  const gpu = request.gpu ?? "auto";
  const missingForVirgl = !support.virgl
    ? "this host's QEMU cannot make the virgl device (its virglrenderer module is missing)"
    : support.renderNode === undefined
      ? "this host has no GPU render node (/dev/dri/renderD*)"
      : undefined;
  if (gpu === "virgl" && missingForVirgl !== undefined) return { problem: `--gpu virgl: ${missingForVirgl}; use --gpu virtio` };
  if (display === "egl-headless" && support.renderNode === undefined) return { problem: "--display egl-headless draws on the host's GPU, and this host has no GPU render node (/dev/dri/renderD*); use --display none with --vnc or --spice" };
  // Without a window, virgl still needs something to draw with: egl-headless, on the render node.
  const virgl = gpu === "virgl" || (gpu === "auto" && missingForVirgl === undefined && (display !== "none" || support.displays.includes("egl-headless")));
  const shownOn: Display = virgl && display === "none" ? "egl-headless" : display;
  const device = `${arch === "x86_64" ? "virtio-vga" : "virtio-gpu"}${virgl ? "-gl" : ""}${arch === "x86_64" ? "" : "-pci"}`;
  return {
    value: {
      display: shownOn,
      device,
      virgl,
      ...((virgl || shownOn === "egl-headless") && support.renderNode !== undefined ? { renderNode: support.renderNode } : {}),
      ...(request.vnc === undefined ? {} : { vnc: listenOf(request.vnc, sockets.vnc) }),
      ...(request.spice === undefined ? {} : { spice: listenOf(request.spice, sockets.spice) }),
    },
  };
}
