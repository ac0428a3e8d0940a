import { accessSync, closeSync, constants, copyFileSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { readInputFile } from "../../host/input-file.js";
import { hasCommand, ProgramNotStarted, startProgram, type RunningProgram } from "../../host/exec.js";
import { codes, type CodeEntry } from "../../errors/codes.js";
import { inspectSystemImage, type SystemImage } from "../install/system-image.js";
import { admitSystemIni } from "../system-ini/admit-system-ini.js";
import { verifyImageSignature, type SignatureCheck } from "../signature/verify-image.js";
import { KIND_NAMES } from "../signature/signature-kind.js";
import { ARCH_FACTS, hostArch } from "../../genpack/arch.js";
import { chooseAccelerator, type AcceleratorChoice, type AcceleratorDecision } from "./accelerator.js";
import { APPLICATION_INI_FW_CFG, readApplicationIni } from "./application-ini.js";
import { readBootFiles } from "./boot-files.js";
import { readBootMedium } from "./boot-medium.js";
import { imageLockConflict, loopDeviceOf } from "./disk-in-use.js";
import { findUefiFirmware } from "./firmware.js";
import { freeCid, macAddress, vsockCid } from "./identity.js";
import { probeKvm } from "./kvm-probe.js";
import { processIdentity, type ProcessIdentity } from "./process-identity.js";
import { qemuArguments } from "./qemu-arguments.js";
import { QmpClient } from "./qmp-client.js";
import { claimRuntimeDirectory, removeRuntimeDirectory, runtimeDirectoryNames, vmStatus, type RemovedStale } from "./runtime-directory.js";
import { runtimeRoot, vmPaths, type VmPaths } from "./runtime-paths.js";
import { sshProbeRoute, type SshProbeRoute } from "./ssh-wait.js";
import { wantsScreen, type Screen, type ScreenRequest } from "./screen.js";
import { probeScreenSupport, resolveScreen } from "./screen-support.js";
import { defaultName, nameProblem } from "./vm-name.js";
import { VmProblem } from "./vm-problem.js";
import type { FwCfgEntry, Network, PortForward, VmArch, VmSpec } from "./vm-spec.js";
import type { DataDiskChoice } from "./vm-options.js";
import { writeVmState, type VmState } from "./vm-state.js";
import { makeVolatileDataDisk } from "./volatile-data-disk.js";
import { duplicateTag, tagProblem, type SharedFolder } from "./shared-folder.js";
import { serveShares } from "./serve-shares.js";
import { usbHolder, usbPassthrough, usbSysfsRoot } from "./usb/usb-passthrough.js";

export type NetworkChoice = { readonly kind: "user" } | { readonly kind: "bridge"; readonly bridge: string };

/** What `gp vm run` and `gp vm service` start a VM from. */
export interface VmRunOptions {
  /** A system image (its kernel is started directly) or a disk gp install wrote (the firmware boots it); none when booting a CD. */
  readonly image?: string;
  /** An ISO in a CD drive, which the firmware boots first. */
  readonly cdrom?: string;
  readonly name?: string;
  readonly memoryMiB: number;
  readonly cpus: number;
  /** An existing raw disk file, or the size of a data disk made for this run only. */
  readonly dataDisk?: DataDiskChoice;
  /** No networks: no network interface at all. */
  readonly networks: readonly NetworkChoice[];
  readonly portForwards: readonly PortForward[];
  readonly accel: AcceleratorChoice;
  readonly uefi: boolean;
  readonly systemIni?: string;
  /** A file passed to the guest as fw_cfg opt/application.ini (the reference VM tool's --application-ini). */
  readonly applicationIni?: string;
  /** The signature the image must carry, checked before anything else is done with the image. */
  readonly signature?: SignatureCheck;
  readonly serialLog?: string;
  readonly append?: string;
  readonly vsock: "auto" | "on" | "off";
  /** Host folders the guest may mount by their tags, over virtiofs or else 9p. */
  readonly shares?: readonly SharedFolder[];
  readonly noReboot?: boolean;
  /** A graphics card and how to see it (--display, --vnc, --spice, --gpu); none: the serial console only. */
  readonly screen?: ScreenRequest;
  /**
   * The caller will wait for the guest's sshd (--wait-ssh): a way to reach it is worked out, and
   * its lack refused, before anything starts.
   */
  readonly sshRoute?: boolean;
  /** XPath queries on the host's USB devices (gp vm usb); every device they select is passed through. */
  readonly usb?: readonly string[];
  /** Where the host's USB devices are read (default: GP_VM_USB_SYSFS, else /sys/bus/usb/devices). */
  readonly usbSysfs?: string;
  /**
   * The starting gp stays to look after the VM (a foreground run, a service): it stops QEMU when
   * told to stop, and removes the runtime files when QEMU exits.
   */
  readonly supervised?: boolean;
  /** Where runtime directories live (default: {@link runtimeRoot}). */
  readonly runtimeRoot?: string;
  readonly signal?: AbortSignal;
}

/** What a start tells the user about as it goes. */
export interface StartEvents {
  readonly progress: (message: string) => void;
  readonly warning: (message: string) => void;
}

export interface StartedVm {
  readonly name: string;
  readonly paths: VmPaths;
  readonly state: VmState;
  readonly qemu: RunningProgram;
  /** The virtiofsd processes serving the shared folders; they end when QEMU does. */
  readonly virtiofsd: readonly RunningProgram[];
  readonly accel: AcceleratorDecision;
  /** How the guest's sshd is reached, when {@link VmRunOptions.sshRoute} asked for it. */
  readonly sshRoute?: SshProbeRoute;
  /** From the call to QMP answering. */
  readonly seconds: number;
}

/** How long QEMU gets to open its QMP socket; it does so before the guest runs, within a second or two. */
const QMP_READY_TIMEOUT_MS = 60_000;
/** The SSH public keys given to the guest, as the reference gives them (authorized_keys is not a key of this user's). */
const SSH_KEY_FILES = ["id_ecdsa.pub", "id_ed25519.pub", "id_rsa.pub"];

function must<T>(value: T | undefined, entry: CodeEntry, problem: string): T {
  if (value === undefined) throw new VmProblem(entry, problem);
  return value;
}

function readableFile(path: string, what: string): string {
  const absolute = resolve(path);
  let stats;
  try {
    stats = statSync(absolute);
    accessSync(absolute, constants.R_OK);
  } catch (problem) {
    throw new VmProblem(codes.vmFileUnusable, `${what} ${path} cannot be read: ${(problem as Error).message}`);
  }
  if (!stats.isFile() && !stats.isBlockDevice()) throw new VmProblem(codes.vmFileUnusable, `${what} ${path} is not a file`);
  return absolute;
}

/** The content of the system.ini given, read now: a FIFO or unreadable file is named before anything starts. */
function readSystemIni(path: string): Uint8Array {
  const read = readInputFile(path);
  if (!read.ok) throw new VmProblem(codes.vmFileUnusable, `--system-ini ${path} ${read.reason}`);
  return read.data;
}

/**
 * The system.ini given, read now and checked against the image's settings as gp install checks
 * it: an error refuses before anything starts or is written, warnings are said.
 */
async function admittedSystemIni(path: string, image: string, system: SystemImage, events: StartEvents, signal?: AbortSignal): Promise<Uint8Array> {
  const bytes = readSystemIni(path);
  const admitted = await admitSystemIni({ image, reader: system.reader, given: { path, bytes }, command: "gp vm run", warn: (text) => events.warning(text), ...(signal === undefined ? {} : { signal }) });
  return admitted.bytes;
}

/** The VMs running now, for the checks that two must not share a data disk or a vsock CID. */
function runningStates(root: string): VmState[] {
  return runtimeDirectoryNames(root).flatMap((name) => {
    const status = vmStatus(vmPaths(root, name));
    return status.kind === "stale" ? [] : [status.state];
  });
}

function sshPublicKeys(home: string): string | undefined {
  const keys = SSH_KEY_FILES.map((file) => join(home, ".ssh", file))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, "utf8").trim())
    .filter((key) => key !== "");
  return keys.length === 0 ? undefined : `${keys.join("\n")}\n`;
}

function hostTimezone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone === undefined || zone === "" ? undefined : zone;
}

/**
 * Waits until QEMU answers on its QMP socket and says the machine runs. QEMU serves QMP from its
 * main loop, which it enters once the machine is built and the kernel loaded, so an answer means
 * QEMU has started (not that the guest has booted). If QEMU exits first, its own words say why.
 */
async function waitForQemu(paths: VmPaths, qemu: RunningProgram, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + QMP_READY_TIMEOUT_MS;
  let exited: string | undefined;
  void qemu.ended.then(
    ({ code, signal: killed }) => (exited = killed === null ? `exited with status ${code}` : `was killed by ${killed}`),
    () => {},
  );
  for (;;) {
    if (exited !== undefined) {
      const log = existsSync(paths.qemuLog) ? readFileSync(paths.qemuLog, "utf8").trim() : "";
      if (imageLockConflict(log)) throw new VmProblem(codes.dataDiskInUse, `a disk of the VM is in use: another process (another QEMU, qemu-nbd) has it open, and QEMU refused to share it:\n${log}`);
      throw new VmProblem(codes.qemuDidNotStart, `QEMU ${exited} before the VM started${log === "" ? "" : `:\n${log}`}`);
    }
    if (signal?.aborted === true) throw new VmProblem(codes.vmRefused, "interrupted while QEMU was starting");
    if (Date.now() > deadline) throw new VmProblem(codes.qemuDidNotStart, `QEMU did not open its QMP socket ${paths.qmp} within ${QMP_READY_TIMEOUT_MS / 1000} s`);
    if (existsSync(paths.qmp)) {
      try {
        const client = await QmpClient.connect(paths.qmp, { timeoutMs: 5000 });
        try {
          await client.execute("query-status");
          return;
        } finally {
          client.close();
        }
      } catch {
        // Not listening yet, or QEMU just exited: the next round tells which.
      }
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The system image of `options`, checked (its signature first, when one is asked for), with the VM's name. */
async function systemImageToRun(options: VmRunOptions, events: StartEvents): Promise<{ image: string; system: SystemImage; arch: VmArch; name: string }> {
  const image = readableFile(options.image!, "the image");
  if (options.signature !== undefined) {
    const good = await verifyImageSignature(image, options.signature);
    events.progress(`${options.image} is signed by the ${KIND_NAMES[good.kind]} key ${good.fingerprint} of ${good.signedBy}`);
  }
  // The image is checked as gp install checks it, and refused with the same codes.
  const system = await inspectSystemImage(image, {}, options.signal);
  const name = options.name ?? must(defaultName(system.artifact), codes.invalidVmName, `${options.image} names no artifact to call the VM by; give --name`);
  return { image, system, arch: system.arch as VmArch, name };
}

/** Checks the options against the image and the host before anything is made. */
async function prepare(options: VmRunOptions, root: string, events: StartEvents) {
  const booted = bootedByFirmware(options);
  const { image, system, arch, name } = booted === undefined ? await systemImageToRun(options, events) : { image: resolve(booted.shown), system: undefined, arch: booted.arch, name: options.name ?? must(defaultName(basename(booted.shown).replace(/\.[^.]*$/, "")), codes.invalidVmName, `${booted.shown}'s file name gives no VM name; give --name`) };
  const invalid = nameProblem(name);
  if (invalid !== undefined) throw new VmProblem(codes.invalidVmName, options.name === undefined ? `${invalid} (it comes from the image's artifact; give --name)` : invalid);
  if (!Number.isInteger(options.memoryMiB) || options.memoryMiB < 128) throw new VmProblem(codes.vmOptionInvalid, `--memory ${options.memoryMiB}: a VM needs at least 128 MiB`);
  if (!Number.isInteger(options.cpus) || options.cpus < 1) throw new VmProblem(codes.vmOptionInvalid, `--cpus ${options.cpus}: give a whole number of at least 1`);
  if (options.portForwards.length > 0 && !options.networks.some((network) => network.kind === "user")) {
    throw new VmProblem(codes.vmOptionInvalid, "--port-forward needs user networking (--net user): with a bridge the guest has its own address");
  }
  for (const network of options.networks) {
    if (network.kind === "bridge" && !existsSync(`/sys/class/net/${network.bridge}/bridge`)) {
      throw new VmProblem(codes.vmOptionInvalid, `--net bridge:${network.bridge}: the host has no bridge named ${network.bridge} (ip -br link shows its interfaces)`);
    }
  }
  const systemIni = options.systemIni === undefined || system === undefined ? undefined : await admittedSystemIni(options.systemIni, image, system, events, options.signal);
  const applicationIni = options.applicationIni === undefined ? undefined : readApplicationIni(options.applicationIni);
  const dataFile = options.dataDisk !== undefined && "file" in options.dataDisk ? readableFile(options.dataDisk.file, "the data disk") : undefined;
  if (dataFile !== undefined) {
    try {
      accessSync(dataFile, constants.W_OK);
    } catch {
      throw new VmProblem(codes.vmFileUnusable, `the data disk ${options.dataDisk && "file" in options.dataDisk ? options.dataDisk.file : dataFile} is not writable by this user`);
    }
  }
  const shares = options.shares ?? [];
  for (const share of shares) checkSharedFolder(share);
  const twiceTagged = duplicateTag(shares);
  if (twiceTagged !== undefined) throw new VmProblem(codes.vmOptionInvalid, `--share ${twiceTagged.path}: the tag ${twiceTagged.tag} is given to another folder too; give each its own (HOST_DIR:TAG)`);
  const usb = usbPassthrough(options.usb ?? [], options.usbSysfs ?? usbSysfsRoot(process.env), events.warning);
  if (options.serialLog !== undefined && !existsSync(dirname(resolve(options.serialLog)))) throw new VmProblem(codes.vmFileUnusable, `--serial-log ${options.serialLog}: the directory ${dirname(options.serialLog)} does not exist`);

  const qemu = ARCH_FACTS[arch].qemu;
  if (!(await hasCommand(qemu.system))) throw new VmProblem(codes.qemuNotInstalled, `${qemu.system} is not installed; it runs ${arch} VMs (Debian package ${qemu.systemPackage})`);
  let screen: Screen | undefined;
  if (options.screen !== undefined && wantsScreen(options.screen)) {
    const resolved = resolveScreen(options.screen, await probeScreenSupport(qemu.system, arch), arch, vmPaths(root, name));
    if ("problem" in resolved) throw new VmProblem(codes.displayUnavailable, resolved.problem);
    screen = resolved.value;
  }
  const firmware = options.uefi ? findUefiFirmware(arch) : undefined;
  if (firmware !== undefined && firmware.found === undefined) {
    throw new VmProblem(codes.qemuNotInstalled, `--uefi: no UEFI firmware for ${arch} found (looked for ${firmware.looked.join(", ") || "none known"}); ${ARCH_FACTS[arch].uefiFirmware === undefined ? "leave out --uefi" : `install it (Debian: ${ARCH_FACTS[arch].uefiFirmware.debianPackage}) or leave out --uefi`}`);
  }
  const vsockDevice = existsSync("/dev/vhost-vsock");
  if (options.vsock === "on" && !vsockDevice) throw new VmProblem(codes.vsockUnavailable, "--vsock on: /dev/vhost-vsock is missing (load the vhost_vsock module)");
  const useVsock = options.vsock === "on" || (options.vsock === "auto" && vsockDevice);

  const host = hostArch();
  const accel = await chooseAccelerator(options.accel, arch, () =>
    host === "x86_64" ? probeKvm(options.signal === undefined ? {} : { signal: options.signal }) : Promise.resolve(kvmByAccess()),
  );
  if (accel.warning !== undefined) events.warning(accel.warning);
  const socat = options.sshRoute === true && (await hasCommand("socat")) ? "socat" : undefined;
  return { image, system, disk: booted?.disk, cdrom: booted?.cdrom, arch, name, systemIni, applicationIni, socat, dataFile, firmware: firmware?.found, useVsock, accel, qemuBinary: qemu.system, screen, usb };
}

/** A shared folder must be a folder this user can list and read, before anything starts. */
function checkSharedFolder(share: SharedFolder): void {
  const invalid = tagProblem(share.tag);
  if (invalid !== undefined) throw new VmProblem(codes.vmOptionInvalid, `--share ${share.path}: ${invalid}`);
  let stats;
  try {
    stats = statSync(share.path);
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    throw new VmProblem(codes.vmFileUnusable, `--share ${share.path}: ${code === "ENOENT" ? "there is no such folder" : `it cannot be read: ${(problem as Error).message}`}`);
  }
  if (!stats.isDirectory()) throw new VmProblem(codes.vmFileUnusable, `--share ${share.path}: it is not a folder; a share gives the guest a whole folder`);
  try {
    accessSync(share.path, constants.R_OK | constants.X_OK);
  } catch {
    throw new VmProblem(codes.vmFileUnusable, `--share ${share.path}: this user cannot read the folder`);
  }
}

/**
 * What the firmware boots instead of the image's kernel: a disk gp install --disk wrote (given
 * as the image), an ISO (--cdrom), or both; undefined for a system image, whose kernel QEMU
 * starts directly (a CD beside one is not supported). What only a system image takes is refused:
 * the disk and the ISO carry their own system.ini and kernel command line, and gp verifies
 * signatures of system images.
 */
function bootedByFirmware(options: VmRunOptions): { readonly disk?: string; readonly cdrom?: string; readonly shown: string; readonly arch: VmArch } | undefined {
  const cdrom = options.cdrom === undefined ? undefined : readableFile(options.cdrom, "--cdrom");
  if (cdrom !== undefined && readBootMedium(cdrom) !== "iso") throw new VmProblem(codes.vmFileUnusable, `--cdrom ${options.cdrom} is not an ISO 9660 image (gp install --iso writes one)`);
  if (options.image === undefined && cdrom === undefined) throw new VmProblem(codes.vmOptionInvalid, "give a system image, a disk gp install --disk wrote, or --cdrom ISO");
  const image = options.image === undefined ? undefined : readableFile(options.image, "the image");
  const medium = image === undefined ? undefined : readBootMedium(image);
  if (medium === "iso") throw new VmProblem(codes.vmOptionInvalid, `${options.image} is an ISO image; boot it from a CD drive with --cdrom ${options.image}`);
  if (medium === "squashfs" || medium === "unknown") {
    if (cdrom !== undefined) throw new VmProblem(codes.vmOptionInvalid, `--cdrom boots through the firmware, and ${options.image} is not a disk gp install --disk wrote; give --cdrom alone, or with such a disk`);
    // A system image, or something the image checks refuse with their own reasons.
    return undefined;
  }
  const what = image !== undefined ? `${options.image} is a disk, booted by its firmware,` : "--cdrom boots through the firmware, and";
  if (options.signature !== undefined) throw new VmProblem(codes.vmOptionInvalid, `${what} --signed-by checks system images; check the image before gp install writes it`);
  if (options.systemIni !== undefined) throw new VmProblem(codes.vmOptionInvalid, `${what} its system.ini is the one gp install wrote to its boot partition; leave out --system-ini`);
  if (options.append !== undefined) throw new VmProblem(codes.vmOptionInvalid, `${what} its boot loader makes the kernel command line; leave out --append`);
  return { ...(image === undefined ? {} : { disk: image }), ...(cdrom === undefined ? {} : { cdrom }), shown: options.image ?? options.cdrom!, arch: "x86_64" };
}

function kvmByAccess() {
  try {
    accessSync("/dev/kvm", constants.R_OK | constants.W_OK);
    return { usable: true, reason: "/dev/kvm is usable", seconds: 0 };
  } catch {
    return { usable: false, reason: "/dev/kvm is missing or not readable and writable", seconds: 0 };
  }
}

/**
 * Starts a VM and returns once QEMU runs it: checks everything first; claims the runtime
 * directory; copies the kernel and initramfs out of the image; starts QEMU in a session of its
 * own (so it outlives gp: `--detach`, or a foreground run the user detaches from) with its
 * serial port on a socket whose every byte is also logged; waits for QMP. On any failure the
 * runtime directory and whatever else was made are removed.
 */
export async function startVm(options: VmRunOptions, events: StartEvents, onStale: (removed: RemovedStale) => void = () => {}): Promise<StartedVm> {
  const began = Date.now();
  const root = options.runtimeRoot ?? runtimeRoot({ uid: process.getuid?.() ?? 0, env: process.env });
  const prepared = await prepare(options, root, events);
  const { name } = prepared;
  const running = runningStates(root).filter((state) => state.name !== name);
  for (const disk of [prepared.disk, prepared.dataFile]) {
    if (disk === undefined) continue;
    const sharing = running.find((state) => state.data?.path === disk || state.image === disk);
    const what = disk === prepared.disk ? "the disk" : "the data disk";
    if (sharing !== undefined) throw new VmProblem(codes.dataDiskInUse, `${what} ${disk} is in use by the running VM ${sharing.name}; two VMs writing one file system would destroy it`);
    const loop = loopDeviceOf(disk);
    if (loop !== undefined) throw new VmProblem(codes.dataDiskInUse, `${what} ${disk} is attached to ${loop} (mounted, or set up with losetup); unmount it and detach it (losetup -d ${loop}) first: the host and the guest writing one file system would destroy it`);
  }
  const holder = usbHolder(prepared.usb, running);
  if (holder !== undefined) {
    throw new VmProblem(codes.usbDeviceInUse, `--usb: the USB device in port ${holder.device.bus}-${holder.device.port} (${holder.device.vendorId}:${holder.device.productId}) is passed through to the running VM ${holder.vm}; QEMU gives a device to one VM at a time`);
  }
  const uid = process.getuid?.() ?? 0;
  const cid = prepared.useVsock ? freeCid(vsockCid(uid, name), new Set(running.flatMap((state) => (state.vsockCid === undefined ? [] : [state.vsockCid])))) : undefined;
  const networks: Network[] = options.networks.map((network, index) =>
    network.kind === "user" ? { kind: "user", mac: macAddress(name, index), portForwards: options.portForwards } : { kind: "bridge", bridge: network.bridge, mac: macAddress(name, index) },
  );
  let sshRoute: SshProbeRoute | undefined;
  if (options.sshRoute === true) {
    const route = sshProbeRoute({ ...(cid === undefined ? {} : { vsockCid: cid }), networks }, prepared.socat);
    if ("problem" in route) throw new VmProblem(codes.sshUnreachable, route.problem);
    sshRoute = route;
  }
  const starter = must(processIdentity(process.pid), codes.vmRefused, "gp cannot read its own /proc entry");
  const consoleLog = options.serialLog === undefined ? vmPaths(root, name).consoleLog : resolve(options.serialLog);
  let state: VmState = {
    version: 1,
    name,
    image: prepared.image,
    arch: prepared.arch,
    accel: prepared.accel.accel,
    memoryMiB: options.memoryMiB,
    cpus: options.cpus,
    uefi: prepared.firmware !== undefined,
    networks,
    ...(cid === undefined ? {} : { vsockCid: cid }),
    ...(prepared.dataFile === undefined ? {} : { data: { path: prepared.dataFile, volatile: false } }),
    ...(prepared.usb.length === 0 ? {} : { usb: prepared.usb }),
    ...(prepared.screen === undefined ? {} : { screen: prepared.screen }),
    consoleLog,
    starter,
    ...(options.supervised === true ? { supervisor: starter } : {}),
    startedAt: new Date().toISOString(),
  };
  const paths = claimRuntimeDirectory(root, name, state, onStale);
  let qemu: RunningProgram | undefined;
  let virtiofsd: readonly RunningProgram[] = [];
  try {
    if (prepared.system !== undefined) {
      events.progress(`reading the kernel and initramfs from ${options.image}`);
      const boot = await readBootFiles(prepared.system, options.signal);
      writeFileSync(paths.kernel, boot.kernel, { mode: 0o600 });
      writeFileSync(paths.initramfs, boot.initramfs, { mode: 0o600 });
    }

    let data = prepared.dataFile;
    if (options.dataDisk !== undefined && "bytes" in options.dataDisk) {
      events.progress(`making a ${Math.round(options.dataDisk.bytes / 1024 ** 2)} MiB data disk for this run`);
      data = await makeVolatileDataDisk({ name, bytes: options.dataDisk.bytes, ...(prepared.systemIni === undefined ? {} : { systemIni: prepared.systemIni }), ...(options.signal === undefined ? {} : { signal: options.signal }) });
      state = { ...state, data: { path: data, volatile: true } };
      writeVmState(paths.state, state);
    } else if (prepared.systemIni !== undefined && prepared.dataFile !== undefined) {
      events.warning(`the data disk ${prepared.dataFile} is used as it is, with its own system.ini; ${options.systemIni} reaches the guest only as fw_cfg opt/system.ini`);
    }

    const fwCfg: FwCfgEntry[] = [{ name: "opt/vmname", string: name }];
    const keys = sshPublicKeys(homedir());
    if (keys !== undefined) {
      writeFileSync(paths.sshPublicKeys, keys, { mode: 0o600 });
      fwCfg.push({ name: "opt/ssh-public-key", file: paths.sshPublicKeys });
    }
    const timezone = hostTimezone();
    if (timezone !== undefined) fwCfg.push({ name: "opt/timezone", string: timezone });
    const lang = process.env.LANG;
    if (lang !== undefined && lang !== "") fwCfg.push({ name: "opt/lang", string: lang });
    if (prepared.systemIni !== undefined) {
      writeFileSync(paths.systemIni, prepared.systemIni);
      fwCfg.push({ name: "opt/system.ini", file: paths.systemIni });
    }
    if (prepared.applicationIni !== undefined) {
      writeFileSync(paths.applicationIni, prepared.applicationIni, { mode: 0o600 });
      fwCfg.push({ name: APPLICATION_INI_FW_CFG, file: paths.applicationIni });
    }

    const served = await serveShares(options.shares ?? [], paths.directory, {
      progress: events.progress,
      warning: events.warning,
      record: (shares) => {
        state = { ...state, shares };
        writeVmState(paths.state, state);
      },
    });
    virtiofsd = served.daemons;

    let firmware: VmSpec["firmware"];
    if (prepared.firmware !== undefined) {
      const vars = join(paths.directory, "efivars.fd");
      copyFileSync(prepared.firmware.vars, vars);
      firmware = { code: prepared.firmware.code, vars };
    }
    const spec: VmSpec = {
      name,
      arch: prepared.arch,
      accel: prepared.accel.accel,
      memoryMiB: options.memoryMiB,
      cpus: options.cpus,
      ...(prepared.system !== undefined ? { system: prepared.image, kernel: paths.kernel, initramfs: paths.initramfs } : prepared.disk !== undefined ? { system: prepared.disk } : {}),
      ...(prepared.cdrom === undefined ? {} : { cdrom: prepared.cdrom }),
      ...(data === undefined ? {} : { data }),
      ...(options.append === undefined ? {} : { append: options.append }),
      ...(firmware === undefined ? {} : { firmware }),
      networks,
      ...(cid === undefined ? {} : { vsockCid: cid }),
      fwCfg,
      ...(served.specs.length === 0 ? {} : { shares: served.specs }),
      ...(prepared.usb.length === 0 ? {} : { usb: prepared.usb }),
      qmpSocket: paths.qmp,
      consoleSocket: paths.console,
      consoleLog,
      pidFile: paths.pidFile,
      ...(options.noReboot === true ? { noReboot: true } : {}),
      ...(prepared.screen === undefined ? {} : { screen: prepared.screen }),
    };
    if (options.serialLog === undefined) rmSync(paths.consoleLog, { force: true });

    events.progress(`starting QEMU (${prepared.accel.accel === "kvm" ? "KVM" : "software emulation"}, ${options.memoryMiB} MiB, ${options.cpus} CPU${options.cpus === 1 ? "" : "s"})`);
    const output = openSync(paths.qemuLog, "a", 0o600);
    try {
      qemu = startProgram(prepared.qemuBinary, qemuArguments(spec), { ownSession: true, stdio: ["ignore", output, output], cwd: "/" });
      await qemu.started;
    } catch (problem) {
      throw problem instanceof ProgramNotStarted ? new VmProblem(codes.qemuDidNotStart, problem.reason) : problem;
    } finally {
      closeSync(output);
    }
    const spawned = qemu;
    const identity: ProcessIdentity | undefined = spawned.child.pid === undefined ? undefined : processIdentity(spawned.child.pid);
    if (identity !== undefined) {
      state = { ...state, qemu: identity };
      writeVmState(paths.state, state);
    }
    await waitForQemu(paths, spawned, options.signal);
    // QEMU holds the kernel and initramfs in memory from here on (a reboot reloads them from there).
    rmSync(paths.kernel, { force: true });
    rmSync(paths.initramfs, { force: true });
    if (state.qemu === undefined) throw new VmProblem(codes.qemuDidNotStart, "QEMU started but its process cannot be found");
    return { name, paths, state, qemu: spawned, virtiofsd, accel: prepared.accel, ...(sshRoute === undefined ? {} : { sshRoute }), seconds: (Date.now() - began) / 1000 };
  } catch (problem) {
    if (qemu !== undefined && !qemu.hasEnded) {
      qemu.kill("SIGKILL");
      await qemu.ended.catch(() => {});
    }
    removeRuntimeDirectory(paths, state);
    throw problem;
  }
}
