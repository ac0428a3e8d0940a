import { readWrittenSize } from "../written-size.js";
import type { NetworkChoice } from "./start-vm.js";
import type { PortForward } from "./vm-spec.js";
import { quote } from "../../errors/quote.js";

/**
 * The values of `gp vm run`'s options, read the same way from the command line and from a
 * service file: each reader returns the value or a problem that says what is accepted.
 */
export type Parsed<T> = { readonly value: T } | { readonly problem: string };

/** `2048` (MiB, as QEMU's -m reads a bare number), `512M`, `4G`. */
export function parseMemory(text: string): Parsed<number> {
  const size = readWrittenSize(text);
  if (size === undefined) return { problem: `${quote(text)} is not an amount of memory; give MiB (2048) or a size (512M, 4G)` };
  const mebibytes = size.unit === "" ? size.amount : size.bytes / 1024 ** 2;
  if (!Number.isInteger(mebibytes)) return { problem: `${quote(text)} is not a whole number of MiB` };
  return { value: mebibytes };
}

/** A size with a unit (`8G`, `512M`), in bytes, or undefined for anything else: a bare number is taken for a file name. */
export function parseDiskSize(text: string): number | undefined {
  const size = readWrittenSize(text);
  return size === undefined || size.unit === "" ? undefined : size.bytes;
}

/** An existing raw disk file, or the size of a data disk made for one run. */
export type DataDiskChoice = { readonly file: string } | { readonly bytes: number };

/** `FILE` (an existing raw disk) or `SIZE` (`4G`: a fresh ext4 data disk for this run only). */
export function parseDataDisk(text: string): Parsed<DataDiskChoice> {
  if (text.trim() === "") return { problem: "give a data disk file or a size such as 4G" };
  const bytes = parseDiskSize(text);
  if (bytes === undefined) return { value: { file: text } };
  if (bytes < 16 * 1024 ** 2) return { problem: `${text} is too small for a data disk; give at least 16M` };
  return { value: { bytes } };
}

const INTERFACE_NAME = /^[A-Za-z0-9_.:-]{1,15}$/;

/** `user`, `bridge:BR` or `none` (undefined: no network at all). */
export function parseNetwork(text: string): Parsed<NetworkChoice | undefined> {
  if (text === "user") return { value: { kind: "user" } };
  if (text === "none") return { value: undefined };
  if (text.startsWith("bridge:")) {
    const bridge = text.slice("bridge:".length);
    if (!INTERFACE_NAME.test(bridge)) return { problem: `${quote(bridge)} is not a network interface name` };
    return { value: { kind: "bridge", bridge } };
  }
  return { problem: `${quote(text)} is not a network; give user, bridge:BRIDGE or none` };
}

function port(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65_535 ? value : undefined;
}

/** `HOST:GUEST`, `ADDRESS:HOST:GUEST`, each optionally after `tcp:` or `udp:` (`8080:80`, `udp:5353:53`, `127.0.0.1:2222:22`). */
export function parsePortForward(text: string): Parsed<PortForward> {
  let rest = text.trim();
  let protocol: "tcp" | "udp" = "tcp";
  const prefix = /^(tcp|udp):/.exec(rest);
  if (prefix !== null) {
    protocol = prefix[1] as "tcp" | "udp";
    rest = rest.slice(prefix[0].length);
  }
  const parts = rest.split(":");
  const usage = `${quote(text)} is not a port forward; give HOST_PORT:GUEST_PORT, optionally ADDRESS: before and tcp: or udp: in front (8080:80, 127.0.0.1:2222:22, udp:5353:53)`;
  if (parts.length !== 2 && parts.length !== 3) return { problem: usage };
  const hostPort = port(parts[parts.length - 2]!);
  const guestPort = port(parts[parts.length - 1]!);
  if (hostPort === undefined || guestPort === undefined) return { problem: usage };
  const hostAddress = parts.length === 3 ? parts[0]! : undefined;
  if (hostAddress !== undefined && !/^[0-9.]+$/.test(hostAddress)) return { problem: `${usage}; the address is an IPv4 address` };
  return { value: { protocol, ...(hostAddress === undefined ? {} : { hostAddress }), hostPort, guestPort } };
}

/** Forwards listening on one host port and protocol twice cannot both be set up. */
export function duplicateForward(forwards: readonly PortForward[]): PortForward | undefined {
  const seen = new Set<string>();
  for (const forward of forwards) {
    const key = `${forward.protocol}:${forward.hostAddress ?? ""}:${forward.hostPort}`;
    if (seen.has(key)) return forward;
    seen.add(key);
  }
  return undefined;
}
