import { codes } from "../../errors/codes.js";
import { VmProblem } from "./vm-problem.js";
import type { VmState } from "./vm-state.js";

/** Programs that can carry SSH over vsock for the ssh client. */
export interface VsockProxies {
  /** systemd's own proxy (systemd 256 and later). */
  readonly systemdSshProxy?: string;
  readonly socat?: string;
}

/** Where systemd installs systemd-ssh-proxy. */
export const SYSTEMD_SSH_PROXY_PATHS = ["/usr/lib/systemd/systemd-ssh-proxy", "/lib/systemd/systemd-ssh-proxy", "/usr/libexec/systemd-ssh-proxy"];

/**
 * The guest's host keys are made at its first boot, which for a volatile VM is every boot: a
 * known_hosts entry would be wrong the next time, so none is kept or checked.
 */
const THROWAWAY_HOST_KEYS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];

/** Where on the host a user-network port forward reaches the guest's port 22. */
export interface ForwardedSshPort {
  /** The forward's listening address; the loopback address when it listens on all of them. */
  readonly address: string;
  readonly port: number;
}

/** The host address and port that reach the guest's sshd through a user-network port forward, if the VM has one. */
export function forwardedSshPort(state: Pick<VmState, "networks">): ForwardedSshPort | undefined {
  for (const network of state.networks) {
    if (network.kind !== "user") continue;
    const forward = network.portForwards.find((candidate) => candidate.protocol === "tcp" && candidate.guestPort === 22);
    if (forward !== undefined) {
      return { address: forward.hostAddress === undefined || forward.hostAddress === "0.0.0.0" ? "127.0.0.1" : forward.hostAddress, port: forward.hostPort };
    }
  }
  return undefined;
}

/**
 * The ssh options and destination that reach VM `state` (a command to run there goes after
 * them): over vsock (its CID) when it has vsock and a proxy is installed, else through a
 * user-network port forward to the guest's port 22.
 */
export function sshArguments(state: VmState, user: string, proxies: VsockProxies): string[] {
  if (state.vsockCid !== undefined) {
    if (proxies.systemdSshProxy !== undefined) {
      return [...THROWAWAY_HOST_KEYS, "-o", `ProxyCommand=${proxies.systemdSshProxy} %h %p`, "-o", "ProxyUseFdpass=yes", `${user}@vsock/${state.vsockCid}`];
    }
    if (proxies.socat !== undefined) {
      return [...THROWAWAY_HOST_KEYS, "-o", `ProxyCommand=${proxies.socat} - VSOCK-CONNECT:${state.vsockCid}:22`, "-o", `HostKeyAlias=gp-vm-${state.name}`, `${user}@${state.name}`];
    }
  }
  const forward = forwardedSshPort(state);
  if (forward !== undefined) return [...THROWAWAY_HOST_KEYS, "-p", String(forward.port), `${user}@${forward.address}`];
  const vsock =
    state.vsockCid === undefined
      ? "it was started without vsock (the host had no /dev/vhost-vsock; modprobe vhost_vsock)"
      : "it has vsock (CID " + state.vsockCid + ") but neither systemd-ssh-proxy nor socat is installed to carry ssh over it";
  throw new VmProblem(codes.sshUnreachable, `cannot reach ${state.name} with ssh: ${vsock}, and it has no port forward to the guest's port 22 (start it with --port-forward 2222:22)`);
}
