import { join } from "node:path";

/** The environment and identity the runtime root depends on. */
export interface RuntimeEnvironment {
  readonly uid: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Where gp keeps the runtime files of running VMs: `$GP_VM_RUNTIME_DIR` when set; `/run/gp/vm`
 * for root; otherwise the user's runtime directory (`$XDG_RUNTIME_DIR`, else
 * `/run/user/<uid>`), as systemd gives every logged-in user one that is private and emptied at
 * logout and reboot, which is the lifetime of a VM.
 */
export function runtimeRoot({ uid, env }: RuntimeEnvironment): string {
  const override = env.GP_VM_RUNTIME_DIR;
  if (override !== undefined && override !== "") return override;
  if (uid === 0) return "/run/gp/vm";
  const userRuntime = env.XDG_RUNTIME_DIR !== undefined && env.XDG_RUNTIME_DIR !== "" ? env.XDG_RUNTIME_DIR : `/run/user/${uid}`;
  return join(userRuntime, "gp", "vm");
}

/** The files of one VM, all in its runtime directory. */
export interface VmPaths {
  readonly directory: string;
  /** gp's record of the VM (options, QEMU's pid), written atomically. */
  readonly state: string;
  readonly qmp: string;
  readonly console: string;
  /** Everything the serial port printed, whether or not a console was attached. */
  readonly consoleLog: string;
  readonly pidFile: string;
  /** QEMU's own standard output and error. */
  readonly qemuLog: string;
  /** Copies of the image's kernel and initramfs, removed once QEMU has loaded them. */
  readonly kernel: string;
  readonly initramfs: string;
  readonly sshPublicKeys: string;
  readonly systemIni: string;
  /** The --application-ini given, as read at the start: QEMU's fw_cfg opt/application.ini. */
  readonly applicationIni: string;
  /** The VNC and SPICE servers' sockets, for `--vnc unix` and `--spice unix`. */
  readonly vnc: string;
  readonly spice: string;
}

export function vmPaths(root: string, name: string): VmPaths {
  const directory = join(root, name);
  const file = (base: string) => join(directory, base);
  return {
    directory,
    state: file("vm.json"),
    qmp: file("qmp.sock"),
    console: file("console.sock"),
    consoleLog: file("console.log"),
    pidFile: file("qemu.pid"),
    qemuLog: file("qemu.log"),
    kernel: file("kernel"),
    initramfs: file("initramfs"),
    sshPublicKeys: file("ssh-public-key"),
    systemIni: file("system.ini"),
    applicationIni: file("application.ini"),
    vnc: file("vnc.sock"),
    spice: file("spice.sock"),
  };
}

/** The longest path a unix socket address holds (sun_path is 108 bytes with its terminating NUL). */
export const UNIX_SOCKET_PATH_MAX = 107;
