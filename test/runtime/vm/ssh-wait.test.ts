import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { codes } from "../../../errors/codes.js";
import { sshAnswers, sshProbeRoute, waitForSsh } from "../../../runtime/vm/ssh-wait.js";
import type { VmState } from "../../../runtime/vm/vm-state.js";

/** A TCP server on a free loopback port that treats each connection as `serve` says. */
async function server(serve: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const listening = createServer(serve);
  await new Promise<void>((ready) => listening.listen(0, "127.0.0.1", ready));
  const address = listening.address();
  return { server: listening, port: typeof address === "object" && address !== null ? address.port : 0 };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((open) => new Promise((closed) => open.close(closed))));
});

async function answering(serve: (socket: Socket) => void): Promise<number> {
  const { server: open, port } = await server(serve);
  servers.push(open);
  return port;
}

const forwardTo22 = (port: number): Pick<VmState, "networks"> => ({ networks: [{ kind: "user", mac: "52:54:00:00:00:01", portForwards: [{ protocol: "tcp", hostPort: port, guestPort: 22 }] }] });

describe("waiting for the guest's sshd", () => {
  it("counts an SSH identification line as an answer, also after other lines the server sends first", async () => {
    const plain = await answering((socket) => socket.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
    const chatty = await answering((socket) => socket.write("welcome\r\nSSH-2.0-dropbear\r\n"));
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: plain })).toBe(true);
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: chatty })).toBe(true);
  });

  it("does not count a connection that is accepted and closed, another protocol, or silence: a port forward accepts before the guest listens", async () => {
    const closing = await answering((socket) => socket.end());
    const http = await answering((socket) => socket.end("HTTP/1.0 400 Bad Request\r\n\r\n"));
    const silent = await answering(() => {});
    const endless = await answering((socket) => socket.write("x".repeat(4096)));
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: closing })).toBe(false);
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: http })).toBe(false);
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: silent }, 300)).toBe(false);
    expect(await sshAnswers({ kind: "tcp", address: "127.0.0.1", port: endless })).toBe(false);
  });

  it("gives up after the time given with an error naming the VM, where it looked and that the VM keeps running", async () => {
    const closing = await answering((socket) => socket.end());
    const began = Date.now();
    const wait = waitForSsh("demo", { kind: "tcp", address: "127.0.0.1", port: closing }, 1);
    await expect(wait).rejects.toMatchObject({ code: codes.sshWaitTimedOut.code, message: expect.stringContaining(`demo's sshd did not answer on 127.0.0.1:${closing} within 1 s; the VM keeps running`) });
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it("returns once the sshd answers, however many looks it takes", async () => {
    let looks = 0;
    const seconds = await waitForSsh("demo", { kind: "tcp", address: "127.0.0.1", port: 1 }, 10, undefined, async () => ++looks === 3);
    expect(looks).toBe(3);
    expect(seconds).toBeGreaterThanOrEqual(1);
  });

  it("goes over vsock when the VM has a CID and socat can carry it, else through the port forward to 22, else says why it cannot", () => {
    expect(sshProbeRoute({ vsockCid: 1234, ...forwardTo22(2222) }, "socat")).toEqual({ kind: "vsock", cid: 1234, socat: "socat" });
    expect(sshProbeRoute({ vsockCid: 1234, ...forwardTo22(2222) }, undefined)).toEqual({ kind: "tcp", address: "127.0.0.1", port: 2222 });
    expect(sshProbeRoute(forwardTo22(2222), "socat")).toEqual({ kind: "tcp", address: "127.0.0.1", port: 2222 });
    expect(sshProbeRoute({ vsockCid: 1234, networks: [] }, undefined)).toEqual({ problem: expect.stringContaining("socat, which carries the wait over vsock, is not installed") });
    expect(sshProbeRoute({ networks: [] }, "socat")).toEqual({ problem: expect.stringContaining("the VM gets no vsock") });
  });
});
