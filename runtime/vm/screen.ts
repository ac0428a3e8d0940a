import { quote } from "../../errors/quote.js";
import type { Parsed } from "./vm-options.js";

/**
 * A VM's screen: the graphics card it gets, and the ways a person sees it (a window on this
 * host, VNC, SPICE). Without any of these a VM has no graphics card at all and its console is
 * the serial port only.
 */

/** QEMU's display backends gp offers: a window (gtk, sdl), or none, or drawing on the host's GPU with no window (egl-headless). */
export const DISPLAYS = ["none", "gtk", "sdl", "egl-headless"] as const;
export type Display = (typeof DISPLAYS)[number];

/** Which virtio graphics card: `virgl` draws the guest's OpenGL on the host's GPU; `auto` takes virgl where the host can. */
export const GPUS = ["auto", "virtio", "virgl"] as const;
export type GpuChoice = (typeof GPUS)[number];

/** Where a VNC or SPICE server listens: a TCP address, or a unix socket (in the runtime directory when no path is given). */
export type ScreenListen = { readonly kind: "tcp"; readonly host: string; readonly port: number } | { readonly kind: "unix"; readonly path?: string };

/** What was asked for on the command line or in a service file, before the host is looked at. */
export interface ScreenRequest {
  readonly display?: Display;
  readonly vnc?: ScreenListen;
  readonly spice?: ScreenListen;
  readonly gpu?: GpuChoice;
}

/** A screen as QEMU gets it: everything decided, paths absolute (part of the VM's spec). */
export interface Screen {
  readonly display: Display;
  /** `virtio-vga` on PCs (a VGA card too, so firmware and the kernel's text console show), `virtio-gpu-pci` elsewhere; `-gl` variants for virgl. */
  readonly device: string;
  readonly virgl: boolean;
  /** The host's DRM render node that draws for virgl and egl-headless. */
  readonly renderNode?: string;
  readonly vnc?: { readonly kind: "tcp"; readonly host: string; readonly port: number } | { readonly kind: "unix"; readonly path: string };
  readonly spice?: { readonly kind: "tcp"; readonly host: string; readonly port: number } | { readonly kind: "unix"; readonly path: string };
}

/** VNC's display numbers are ports from 5900. */
export const VNC_BASE_PORT = 5900;

/** Whether any screen option was given: a VM gets a graphics card only then. */
export function wantsScreen(request: ScreenRequest): boolean {
  return request.display !== undefined || request.vnc !== undefined || request.spice !== undefined || request.gpu !== undefined;
}

export function parseDisplay(text: string): Parsed<Display> {
  return (DISPLAYS as readonly string[]).includes(text) ? { value: text as Display } : { problem: `${quote(text)} is not a display; give ${DISPLAYS.join(", ")}` };
}

export function parseGpu(text: string): Parsed<GpuChoice> {
  return (GPUS as readonly string[]).includes(text) ? { value: text as GpuChoice } : { problem: `${quote(text)} is not a graphics card; give ${GPUS.join(", ")}` };
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4(text: string): boolean {
  const parts = IPV4.exec(text);
  return parts !== null && parts.slice(1).every((part) => Number(part) <= 255);
}

function whole(text: string, max: number): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/**
 * The unix socket forms: `unix` (a socket in the VM's runtime directory) or `unix:PATH`. The
 * path must be absolute, and hold no comma or NUL, which QEMU's option syntax or the kernel
 * would read otherwise.
 */
function unixListen(text: string, option: string): Parsed<ScreenListen> | undefined {
  if (text === "unix") return { value: { kind: "unix" } };
  if (!text.startsWith("unix:")) return undefined;
  const path = text.slice("unix:".length);
  if (!path.startsWith("/")) return { problem: `${quote(text)}: give an absolute path after unix: (${option} unix:/run/demo.sock), or unix alone for a socket in the VM's runtime directory` };
  if (path.includes("\0")) return { problem: `${quote(text)}: a socket path cannot hold a NUL byte` };
  return { value: { kind: "unix", path } };
}

/**
 * `--vnc`: `DISPLAY` or `ADDRESS:DISPLAY` (VNC's display numbers, port 5900+DISPLAY), `unix` or
 * `unix:PATH`. Without an address the server listens on 127.0.0.1 only: QEMU's VNC server has no
 * password unless told, so listening on every address (`0.0.0.0:1`) must be asked for.
 */
export function parseVnc(text: string): Parsed<ScreenListen> {
  const unix = unixListen(text, "--vnc");
  if (unix !== undefined) return unix;
  const usage = `${quote(text)} is not a VNC display; give DISPLAY or ADDRESS:DISPLAY (1, :1, 127.0.0.1:1; the port is 5900+DISPLAY), unix or unix:PATH`;
  const colon = text.lastIndexOf(":");
  const host = colon < 0 || text.slice(0, colon) === "" ? "127.0.0.1" : text.slice(0, colon);
  const display = whole(text.slice(colon + 1), 65_535 - VNC_BASE_PORT);
  if (display === undefined || !ipv4(host)) return { problem: usage };
  return { value: { kind: "tcp", host, port: VNC_BASE_PORT + display } };
}

/** `--spice`: `PORT` or `ADDRESS:PORT` (127.0.0.1 without an address, for the reason VNC's is), `unix` or `unix:PATH`. */
export function parseSpice(text: string): Parsed<ScreenListen> {
  const unix = unixListen(text, "--spice");
  if (unix !== undefined) return unix;
  const usage = `${quote(text)} is not a SPICE port; give PORT or ADDRESS:PORT (5930, 0.0.0.0:5930), unix or unix:PATH`;
  const colon = text.lastIndexOf(":");
  const host = colon < 0 ? "127.0.0.1" : text.slice(0, colon);
  const port = whole(text.slice(colon + 1), 65_535);
  if (port === undefined || port === 0 || !ipv4(host)) return { problem: usage };
  return { value: { kind: "tcp", host, port } };
}
