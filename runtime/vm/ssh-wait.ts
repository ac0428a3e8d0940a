import { connect } from "node:net";
import type { Readable } from "node:stream";
import { codes } from "../../errors/codes.js";
import { startProgram } from "../../host/exec.js";
import { forwardedSshPort } from "./ssh-command.js";
import { VmProblem } from "./vm-problem.js";
import type { VmState } from "./vm-state.js";

/**
 * `gp vm run --detach --wait-ssh`: returning only once the guest's sshd answers, so that a
 * script's next `gp vm ssh` gets in. An answer is sshd's identification line (`SSH-2.0-…`,
 * RFC 4253 §4.2), not a connection alone: through a user-network port forward QEMU accepts
 * every connection on the host side whether or not anything listens in the guest.
 */

/** How the guest's sshd is reached to see it answer: over vsock (with socat, as Node has no AF_VSOCK) or a forwarded host port. */
export type SshProbeRoute =
  | { readonly kind: "vsock"; readonly cid: number; readonly socat: string }
  | { readonly kind: "tcp"; readonly address: string; readonly port: number };

/** The route in words: "vsock CID 1234, port 22", "127.0.0.1:2222". */
export function describeSshRoute(route: SshProbeRoute): string {
  return route.kind === "vsock" ? `vsock CID ${route.cid}, port 22` : `${route.address}:${route.port}`;
}

/**
 * How --wait-ssh reaches VM `vm`'s sshd: over vsock when it has a CID and socat is installed,
 * else through a port forward to the guest's port 22; a problem when neither works, said
 * before the VM is started.
 */
export function sshProbeRoute(vm: Pick<VmState, "vsockCid" | "networks">, socat: string | undefined): SshProbeRoute | { readonly problem: string } {
  if (vm.vsockCid !== undefined && socat !== undefined) return { kind: "vsock", cid: vm.vsockCid, socat };
  const forward = forwardedSshPort(vm);
  if (forward !== undefined) return { kind: "tcp", ...forward };
  const vsock = vm.vsockCid === undefined ? "the VM gets no vsock (--vsock off, or the host has no /dev/vhost-vsock)" : "socat, which carries the wait over vsock, is not installed";
  return { problem: `--wait-ssh has no way to reach the guest's sshd: ${vsock}, and there is no --port-forward to the guest's port 22 (add --port-forward 2222:22)` };
}

/** How much of the server's first bytes is read for its identification line; RFC 4253 allows 255 with CR LF. */
const BANNER_BYTES = 256;
/** One attempt's limit: a guest that accepts and says nothing is asked again. */
const ATTEMPT_TIMEOUT_MS = 5_000;
/** The pause between attempts, as the reference waits. */
const RETRY_MS = 500;

/** Whether the first line `stream` gives starts as an SSH server's identification; resolves on the first line, its end or `timeoutMs`. */
function readsSshBanner(stream: Readable, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    const finish = (answer: boolean) => {
      clearTimeout(timer);
      stream.removeAllListeners("data");
      stream.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    stream.on("data", (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]).subarray(0, BANNER_BYTES);
      // A server may send other lines before its identification (RFC 4253 §4.2); the first that starts SSH- counts.
      for (const line of seen.toString("latin1").split("\n").slice(0, -1)) if (line.startsWith("SSH-")) return finish(true);
      if (seen.length >= BANNER_BYTES) finish(false);
    });
    stream.on("end", () => finish(seen.toString("latin1").startsWith("SSH-")));
    stream.on("error", () => finish(false));
  });
}

/** One look: whether the guest's sshd answers on `route` now. */
export async function sshAnswers(route: SshProbeRoute, timeoutMs = ATTEMPT_TIMEOUT_MS): Promise<boolean> {
  if (route.kind === "tcp") return readsSshBanner(connect({ host: route.address, port: route.port }), timeoutMs);
  const socat = startProgram(route.socat, ["-u", `VSOCK-CONNECT:${route.cid}:22`, "STDOUT"], { stdio: ["ignore", "pipe", "ignore"], phase: "gp vm run" });
  socat.ended.catch(() => {});
  try {
    await socat.started;
  } catch {
    return false;
  }
  const answered = await readsSshBanner(socat.child.stdout!, timeoutMs);
  socat.kill("SIGKILL");
  return answered;
}

/**
 * Waits until the guest's sshd answers on `route`, looking every half second, for at most
 * `timeoutSeconds`; then refuses with `sshWaitTimedOut`, naming the VM, which keeps running.
 * An abort ends the wait at once.
 */
export async function waitForSsh(name: string, route: SshProbeRoute, timeoutSeconds: number, signal?: AbortSignal, probe: (route: SshProbeRoute, timeoutMs: number) => Promise<boolean> = sshAnswers): Promise<number> {
  const began = Date.now();
  const deadline = began + timeoutSeconds * 1000;
  for (;;) {
    if (signal?.aborted === true) throw new VmProblem(codes.vmRefused, `interrupted while waiting for ${name}'s sshd; the VM keeps running (gp vm stop ${name} stops it)`);
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new VmProblem(
        codes.sshWaitTimedOut,
        `${name}'s sshd did not answer on ${describeSshRoute(route)} within ${timeoutSeconds} s; the VM keeps running (gp vm console ${name} shows how far it got, gp vm stop ${name} stops it)`,
      );
    }
    if (await probe(route, Math.min(ATTEMPT_TIMEOUT_MS, left))) return (Date.now() - began) / 1000;
    await new Promise((done) => setTimeout(done, Math.min(RETRY_MS, Math.max(0, deadline - Date.now()))));
  }
}
