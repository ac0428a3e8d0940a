import { dirname, isAbsolute, resolve } from "node:path";
import type { AcceleratorChoice } from "./accelerator.js";
import type { NetworkChoice, VmRunOptions } from "./start-vm.js";
import { duplicateForward, type DataDiskChoice, parseDataDisk, parseMemory, parseNetwork, parsePortForward, type Parsed } from "./vm-options.js";
import type { PortForward } from "./vm-spec.js";
import { quote } from "../../errors/quote.js";
import { parseShare, type SharedFolder } from "./shared-folder.js";
import { parseDisplay, parseGpu, parseSpice, parseVnc, type ScreenRequest } from "./screen.js";

/** When `gp vm service` starts the VM again after QEMU exits. */
export type RestartPolicy = "no" | "on-failure" | "always";

export interface ServicePolicy {
  readonly restart: RestartPolicy;
  readonly restartDelaySeconds: number;
  /** At most this many restarts within {@link restartWindowSeconds}; then the service gives up. */
  readonly restartLimit: number;
  readonly restartWindowSeconds: number;
  /** How long the guest gets to power off when the service is stopped. */
  readonly stopTimeoutSeconds: number;
}

export interface ServiceConfig {
  readonly vm: Omit<VmRunOptions, "signal" | "runtimeRoot">;
  readonly policy: ServicePolicy;
}

/** A mistake in a service file, at its line. */
export interface ServiceConfigProblem {
  readonly line: number;
  readonly message: string;
}

const VM_KEYS = ["image", "name", "memory", "cpus", "data-disk", "net", "port-forward", "share", "accel", "uefi", "vsock", "system-ini", "application-ini", "serial-log", "append", "signed-by", "signature", "display", "vnc", "spice", "gpu", "usb"] as const;
const SERVICE_KEYS = ["restart", "restart-delay", "restart-limit", "restart-window", "stop-timeout"] as const;
const REPEATABLE = new Set(["net", "port-forward", "share", "usb"]);

function parseBoolean(text: string): Parsed<boolean> {
  if (/^(y|yes|true|on|1)$/i.test(text)) return { value: true };
  if (/^(n|no|false|off|0)$/i.test(text)) return { value: false };
  return { problem: `${quote(text)} is not a yes or no (give true or false)` };
}

function parseCount(text: string, least: number): Parsed<number> {
  if (!/^\d+$/.test(text) || Number(text) < least) return { problem: `${quote(text)} is not a whole number of at least ${least}` };
  return { value: Number(text) };
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}

/**
 * Reads a `gp vm service` file: INI with the options of `gp vm run` as keys (before any
 * section, or under `[vm]`) and the restart policy under `[service]`. `#` and `;` start
 * comments, at the start of a line or after a space; `net`, `port-forward`, `share` and `usb` may be given more than once. Relative paths are taken
 * from the file's directory. Every mistake is reported with its line, not just the first.
 */
export function parseServiceConfig(text: string, file: string): { config?: ServiceConfig; problems: ServiceConfigProblem[] } {
  const problems: ServiceConfigProblem[] = [];
  const values = new Map<string, { value: string; line: number }[]>();
  let section = "vm";
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, "").trim();
    if (content === "" || content.startsWith("#") || content.startsWith(";")) return;
    const header = /^\[([^\]]*)\]$/.exec(content);
    if (header !== null) {
      section = header[1]!.trim().toLowerCase();
      if (section !== "vm" && section !== "service") problems.push({ line, message: `unknown section [${header[1]}]; a service file has [vm] and [service]` });
      return;
    }
    const equals = content.indexOf("=");
    if (equals === -1) {
      problems.push({ line, message: `${quote(content)} is not a key = value line` });
      return;
    }
    const key = content.slice(0, equals).trim().toLowerCase();
    // A comment may follow a value after a space: `restart = always  ; why`.
    const value = content.slice(equals + 1).replace(/\s[;#].*$/, "").trim();
    const known: readonly string[] = section === "service" ? SERVICE_KEYS : VM_KEYS;
    if (section !== "vm" && section !== "service") return;
    if (!known.includes(key)) {
      problems.push({ line, message: `unknown key ${quote(key)} in [${section}]; known: ${known.join(", ")}` });
      return;
    }
    const entries = values.get(key) ?? [];
    if (entries.length > 0 && !REPEATABLE.has(key)) {
      problems.push({ line, message: `${key} is given twice (first at line ${entries[0]!.line})` });
      return;
    }
    entries.push({ value, line });
    values.set(key, entries);
  });

  const base = dirname(resolve(file));
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));
  const one = <T>(key: string, parse: (text: string) => Parsed<T>, fallback: T): T => {
    const entry = values.get(key)?.[0];
    if (entry === undefined) return fallback;
    const parsed = parse(entry.value);
    if ("problem" in parsed) {
      problems.push({ line: entry.line, message: `${key}: ${parsed.problem}` });
      return fallback;
    }
    return parsed.value;
  };
  const text1 = (key: string) => values.get(key)?.[0]?.value;

  const image = text1("image");
  if (image === undefined || image === "") problems.push({ line: 1, message: "no image = … line: a service file names the system image to run" });
  const networks: NetworkChoice[] = [];
  for (const entry of values.get("net") ?? [{ value: "user", line: 0 }]) {
    for (const item of entry.value.split(",").map((part) => part.trim())) {
      const parsed = parseNetwork(item);
      if ("problem" in parsed) problems.push({ line: entry.line, message: `net: ${parsed.problem}` });
      else if (parsed.value !== undefined) networks.push(parsed.value);
    }
  }
  const portForwards: PortForward[] = [];
  for (const entry of values.get("port-forward") ?? []) {
    for (const item of entry.value.split(",").map((part) => part.trim())) {
      const parsed = parsePortForward(item);
      if ("problem" in parsed) problems.push({ line: entry.line, message: `port-forward: ${parsed.problem}` });
      else portForwards.push(parsed.value);
    }
  }
  const twice = duplicateForward(portForwards);
  if (twice !== undefined) problems.push({ line: values.get("port-forward")![0]!.line, message: `port-forward: host port ${twice.hostPort}/${twice.protocol} is forwarded twice` });
  const shares: SharedFolder[] = [];
  const tags = new Set<string>();
  for (const entry of values.get("share") ?? []) {
    // One folder a line, unlike net and port-forward: a folder's name may hold a comma.
    const parsed = parseShare(entry.value, base);
    if ("problem" in parsed) problems.push({ line: entry.line, message: `share: ${parsed.problem}` });
    else if (tags.has(parsed.value.tag)) problems.push({ line: entry.line, message: `share: the tag ${parsed.value.tag} is given to another folder too; give each its own (HOST_DIR:TAG)` });
    else {
      shares.push(parsed.value);
      tags.add(parsed.value.tag);
    }
  }
  const dataDisk = one<DataDiskChoice | undefined>("data-disk", parseDataDisk, undefined);
  const accel = one<AcceleratorChoice>("accel", (value) => (["auto", "kvm", "tcg"].includes(value) ? { value: value as AcceleratorChoice } : { problem: `${quote(value)} is not auto, kvm or tcg` }), "auto");
  const vsock = one<"auto" | "on" | "off">("vsock", (value) => (["auto", "on", "off"].includes(value) ? { value: value as "auto" } : { problem: `${quote(value)} is not auto, on or off` }), "auto");
  const restart = one<RestartPolicy>("restart", (value) => (["no", "on-failure", "always"].includes(value) ? { value: value as RestartPolicy } : { problem: `${quote(value)} is not no, on-failure or always` }), "on-failure");
  const systemIni = text1("system-ini");
  const applicationIni = text1("application-ini");
  const serialLog = text1("serial-log");
  const name = text1("name");
  const append = text1("append");
  const signedBy = text1("signed-by");
  const signature = text1("signature");
  if (signature !== undefined && signedBy === undefined) problems.push({ line: values.get("signature")![0]!.line, message: "signature needs signed-by: the key file the signature must come from" });
  const screen: ScreenRequest = {
    ...optional("display", one("display", parseDisplay, undefined)),
    ...optional("vnc", one("vnc", parseVnc, undefined)),
    ...optional("spice", one("spice", parseSpice, undefined)),
    ...optional("gpu", one("gpu", parseGpu, undefined)),
  };
  // An XPath may hold commas, so each usb line is one query, unlike net and port-forward.
  const usb = (values.get("usb") ?? []).map((entry) => entry.value);
  const vm: ServiceConfig["vm"] = {
    image: path(image ?? ""),
    ...(name === undefined ? {} : { name }),
    memoryMiB: one("memory", parseMemory, 2048),
    cpus: one("cpus", (value) => parseCount(value, 1), 1),
    ...(dataDisk === undefined ? {} : { dataDisk: "file" in dataDisk ? { file: path(dataDisk.file) } : dataDisk }),
    networks,
    portForwards,
    ...(shares.length === 0 ? {} : { shares }),
    accel,
    uefi: one("uefi", parseBoolean, false),
    ...(systemIni === undefined ? {} : { systemIni: path(systemIni) }),
    ...(applicationIni === undefined ? {} : { applicationIni: path(applicationIni) }),
    ...(serialLog === undefined ? {} : { serialLog: path(serialLog) }),
    ...(append === undefined ? {} : { append }),
    // Checked at every start, restarts included: an image replaced while the service ran is refused.
    ...(signedBy === undefined ? {} : { signature: { signedBy: path(signedBy), ...(signature === undefined ? {} : { signature: path(signature) }) } }),
    vsock,
    ...(Object.keys(screen).length === 0 ? {} : { screen }),
    ...(usb.length === 0 ? {} : { usb }),
  };
  const policy: ServicePolicy = {
    restart,
    restartDelaySeconds: one("restart-delay", (value) => parseCount(value, 0), 5),
    restartLimit: one("restart-limit", (value) => parseCount(value, 0), 5),
    restartWindowSeconds: one("restart-window", (value) => parseCount(value, 1), 300),
    stopTimeoutSeconds: one("stop-timeout", (value) => parseCount(value, 1), 60),
  };
  return problems.length > 0 ? { problems: problems.sort((a, b) => a.line - b.line) } : { config: { vm, policy }, problems };
}
