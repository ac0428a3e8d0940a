import { quoteForDisplay } from "../../host/exec.js";

/** A directory of the host made visible in the container. */
export interface Bind {
  readonly host: string;
  readonly container: string;
  readonly readOnly?: boolean;
}

/** An overlay over the root: the container sees `root` with `upper` on top, and writes go to `upper`. */
export interface OverlayMount {
  readonly upper: string;
  /** overlayfs's work directory, on the same filesystem as `upper`. */
  readonly work: string;
  /** Where the merged tree is mounted, inside a private mount namespace. */
  readonly mountPoint: string;
}

export interface ContainerSpec {
  /** The root directory: the lower layer. */
  readonly root: string;
  readonly overlay?: OverlayMount;
  readonly binds?: readonly Bind[];
  readonly env?: Readonly<Record<string, string>>;
  readonly hostname?: string;
  /** Standard input and output: pipes (the default), or the terminal for an interactive shell. */
  readonly console?: "pipe" | "interactive";
  readonly workingDirectory?: string;
}

let counter = 0;

/** Colons separate the parts of nspawn's --bind; a path holding one escapes it. */
function bindPath(path: string): string {
  return path.replace(/\\/g, "\\\\").replace(/:/g, "\\:");
}

/**
 * The systemd-nspawn arguments for one command. Hosts without systemd as PID 1 need
 * `--register=no --keep-unit`, and they do no harm elsewhere. The host's resolv.conf is bound
 * over the root's own and the time zone left alone, so running a command writes nothing into
 * the root that nspawn made up; journal linking is off for the same reason.
 */
export function nspawnArguments(spec: ContainerSpec, directory: string, command: readonly string[]): string[] {
  counter += 1;
  const args = [
    "--quiet",
    "--register=no",
    "--keep-unit",
    "--suppress-sync=true",
    "--as-pid2",
    `--machine=gp-${process.pid}-${counter}`,
    `--hostname=${spec.hostname ?? "localhost"}`,
    `--directory=${directory}`,
    "--capability=CAP_MKNOD,CAP_SYS_ADMIN,CAP_NET_ADMIN",
    "--resolv-conf=bind-host",
    "--timezone=off",
    "--link-journal=no",
    `--console=${spec.console ?? "pipe"}`,
  ];
  if (spec.workingDirectory !== undefined) args.push(`--chdir=${spec.workingDirectory}`);
  for (const bind of spec.binds ?? []) args.push(`--bind${bind.readOnly === true ? "-ro" : ""}=${bindPath(bind.host)}:${bindPath(bind.container)}`);
  for (const [name, value] of Object.entries(spec.env ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) args.push(`--setenv=${name}=${value}`);
  return [...args, "--", ...command];
}

/** overlayfs options: full copies on copy-up (the image is the upper layer alone), no index, no redirects. */
export function overlayOptions(root: string, overlay: OverlayMount): string {
  const escape = (path: string) => path.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/:/g, "\\:");
  return `lowerdir=${escape(root)},upperdir=${escape(overlay.upper)},workdir=${escape(overlay.work)},metacopy=off,redirect_dir=off,index=off,xino=off`;
}

/**
 * The command line that runs `command` with the overlay mounted: a private mount namespace
 * (unshare) mounts it and then becomes the program, so the mount lives exactly as long as the
 * program and disappears with it, however the build ends, SIGKILL included.
 */
export function inMountNamespace(root: string, overlay: OverlayMount, command: readonly string[]): { command: string; args: string[] } {
  const script = `mount -t overlay gp-overlay -o ${quoteForDisplay(overlayOptions(root, overlay))} ${quoteForDisplay(overlay.mountPoint)} && exec "$@"`;
  return { command: "unshare", args: ["--mount", "--propagation", "private", "--", "sh", "-c", script, "gp-overlay", ...command] };
}

/**
 * The full command line for a container: nspawn on the root, or on the overlay in its own
 * namespace. setpriv gives nspawn a parent-death signal: should gp be killed outright, nspawn
 * gets SIGTERM and takes the container down with it, instead of an orphaned emerge going on
 * writing into a lower that the next build is already using.
 */
export function containerCommand(spec: ContainerSpec, command: readonly string[]): { command: string; args: string[] } {
  const inner =
    spec.overlay === undefined
      ? { command: "systemd-nspawn", args: nspawnArguments(spec, spec.root, command) }
      : inMountNamespace(spec.root, spec.overlay, ["systemd-nspawn", ...nspawnArguments(spec, spec.overlay.mountPoint, command)]);
  return { command: "setpriv", args: ["--pdeathsig", "TERM", "--", inner.command, ...inner.args] };
}
