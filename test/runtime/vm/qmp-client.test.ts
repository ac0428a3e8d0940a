import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { QmpClient, QmpError } from "../../../runtime/vm/qmp-client.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { QEMU, qemuSupport, requireQemu as requireQemuOf } from "./qemu-support.js";
import { skipFor } from "../../helpers/skip.js";

const qemu = qemuSupport();

// ---------------------------------------------------------------------------------------------
// Against a real QEMU: `-machine none` has no guest and serves QMP at once.

const started: ChildProcess[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((done) => child.once("exit", done));
    child.kill("SIGKILL");
    await gone;
  }
});

interface RunningQemu {
  readonly socket: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

async function startQemu(): Promise<RunningQemu> {
  const socket = join(temporaryDirectory("gp-qmp-"), "qmp.sock");
  const child = spawn(QEMU, ["-machine", "none", "-nodefaults", "-display", "none", "-no-user-config", "-qmp", `unix:${socket},server=on,wait=off`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  started.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const deadline = Date.now() + 10_000;
  // The socket file appears when QEMU binds it, a moment before it listens: wait until it accepts,
  // as gp vm run does, or a connection in between is refused.
  while (!(existsSync(socket) && (await accepts(socket)))) {
    if (child.exitCode !== null) throw new Error(`QEMU exited with ${child.exitCode} before opening ${socket}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`QEMU did not open ${socket} within 10 s: ${stderr}`);
    await new Promise((done) => setTimeout(done, 20));
  }
  return { socket, child, exited };
}

/** Whether a Unix socket accepts a connection now; the probe's connection is closed at once. */
function accepts(path: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = createConnection({ path });
    probe.once("connect", () => {
      probe.destroy();
      done(true);
    });
    probe.once("error", () => done(false));
  });
}

/** The version `qemu --version` prints, to hold the greeting against. */
function qemuVersion(): { major: number; minor: number; micro: number } {
  const match = /version (\d+)\.(\d+)\.(\d+)/.exec(spawnSync(QEMU, ["--version"], { encoding: "utf8" }).stdout);
  if (match === null) throw new Error(`cannot read the version of ${QEMU}`);
  return { major: Number(match[1]), minor: Number(match[2]), micro: Number(match[3]) };
}

describe("QmpClient against a real QEMU", skipFor(qemu.skip ? qemu.reason : undefined), () => {
  beforeAll(() => {
    requireQemuOf(qemu);
  });

  it("reads QEMU's version from the greeting", async () => {
    const { socket } = await startQemu();
    const client = await QmpClient.connect(socket);
    try {
      expect(client.greeting.version.qemu).toEqual(qemuVersion());
      expect(Array.isArray(client.greeting.capabilities)).toBe(true);
    } finally {
      client.close();
    }
  });

  it("returns what query-status returns", async () => {
    const { socket } = await startQemu();
    const client = await QmpClient.connect(socket);
    try {
      const status = await client.execute<{ status: string; running: boolean }>("query-status");
      expect(typeof status.status).toBe("string");
      expect(typeof status.running).toBe("boolean");
    } finally {
      client.close();
    }
  });

  it("rejects an unknown command with a QmpError of class CommandNotFound", async () => {
    const { socket } = await startQemu();
    const client = await QmpClient.connect(socket);
    try {
      const refused = await client.execute("no-such-command").catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(QmpError);
      expect((refused as QmpError).qmpClass).toBe("CommandNotFound");
      expect((refused as QmpError).message).toMatch(/no-such-command/);
      // The connection is still good afterwards.
      await expect(client.execute("query-status")).resolves.toHaveProperty("status");
    } finally {
      client.close();
    }
  });

  it("gives each of several concurrent commands its own reply", async () => {
    const { socket } = await startQemu();
    const client = await QmpClient.connect(socket);
    try {
      const [status, version, name, refused, commands] = await Promise.all([
        client.execute<{ status: string }>("query-status"),
        client.execute<{ qemu: { major: number } }>("query-version"),
        client.execute<Record<string, unknown>>("query-name"),
        client.execute("no-such-command").catch((error: unknown) => error),
        client.execute<{ name: string }[]>("query-commands"),
      ]);
      expect(status).toHaveProperty("status");
      expect(version.qemu.major).toBe(qemuVersion().major);
      expect(name).toEqual({});
      expect((refused as QmpError).qmpClass).toBe("CommandNotFound");
      expect(commands.map((command) => command.name)).toContain("quit");
    } finally {
      client.close();
    }
  });

  it("resolves quit and then closed, as QEMU exits", async () => {
    const { socket, exited } = await startQemu();
    const client = await QmpClient.connect(socket);
    await expect(client.execute("quit")).resolves.toBeDefined();
    await client.closed;
    expect(await exited).toBe(0);
    await expect(client.execute("query-status")).rejects.toThrow(QmpError);
  });

  it("tells a second client that QMP may be held by another one, and lets it in once the first lets go", async () => {
    const { socket } = await startQemu();
    const first = await QmpClient.connect(socket);
    const began = Date.now();
    const second = await QmpClient.connect(socket, { timeoutMs: 500 }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(QmpError);
    expect((second as Error).message).toMatch(/another client/);
    expect((second as Error).message).toContain(socket);
    expect(Date.now() - began).toBeLessThan(3000);
    first.close();
    const third = await QmpClient.connect(socket);
    await expect(third.execute("query-status")).resolves.toHaveProperty("status");
    third.close();
  });

  it("says nothing is listening when QEMU has died and left its socket behind", async () => {
    const { socket, child, exited } = await startQemu();
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(socket)).toBe(true);
    await expect(QmpClient.connect(socket)).rejects.toThrow(/nothing listening/);
  });
});

describe("QmpClient, whatever the host", () => {
  it("says there is no QMP socket at a path where there is none", async () => {
    const missing = join(temporaryDirectory("gp-qmp-"), "qmp.sock");
    const error = await QmpClient.connect(missing).catch((problem: unknown) => problem);
    expect(error).toBeInstanceOf(QmpError);
    expect((error as Error).message).toBe(`no QMP socket at ${missing} (is the VM running?)`);
  });
});

// ---------------------------------------------------------------------------------------------
// Against a fake QMP server, for what a real QEMU does not do on demand.

const GREETING = { QMP: { version: { qemu: { major: 7, minor: 2, micro: 22 }, package: "" }, capabilities: ["oob"] } };

interface Command {
  readonly execute: string;
  readonly arguments?: Record<string, unknown>;
  readonly id?: string;
}

const servers: Server[] = [];
const connections = new Set<Socket>();

afterEach(async () => {
  for (const connection of connections) connection.destroy();
  connections.clear();
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

async function listen(server: Server, prefix = "gp-qmp-fake-"): Promise<string> {
  const socket = join(temporaryDirectory(prefix), "qmp.sock");
  server.on("connection", (connection) => {
    connections.add(connection);
    connection.on("error", () => undefined);
    connection.on("close", () => connections.delete(connection));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(socket, done));
  return socket;
}

/**
 * A unix socket server that greets, accepts qmp_capabilities, and hands every other command to
 * `answer` together with a function that writes lines back.
 */
async function fakeQmp(answer: (command: Command, send: (...messages: unknown[]) => void, connection: Socket) => void, greet = true): Promise<string> {
  const server = createServer((connection) => {
    const send = (...messages: unknown[]) => connection.write(messages.map((message) => `${typeof message === "string" ? message : JSON.stringify(message)}\r\n`).join(""));
    if (greet) send(GREETING);
    let buffered = "";
    connection.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const command = JSON.parse(buffered.slice(0, newline)) as Command;
        buffered = buffered.slice(newline + 1);
        if (command.execute === "qmp_capabilities") send({ return: {}, id: command.id });
        else answer(command, send, connection);
      }
    });
  });
  return listen(server);
}

/**
 * A server that reads nothing: it greets and answers qmp_capabilities blindly (repeating the
 * answer until the client has asked, which it ignores until then), and `reset()` closes the
 * connection. Closing a unix socket with unread data resets it, so the client's next read
 * fails with ECONNRESET, as when QEMU exits on quit while commands are in flight.
 */
async function resettingQmp(): Promise<{ readonly socket: string; readonly reset: () => Promise<void> }> {
  let connection: Socket | undefined;
  let repeat: NodeJS.Timeout | undefined;
  const server = createServer({ pauseOnConnect: true }, (accepted) => {
    connection = accepted;
    accepted.write(`${JSON.stringify(GREETING)}\r\n`);
    repeat = setInterval(() => accepted.write(`${JSON.stringify({ return: {}, id: "gp-1" })}\r\n`), 10);
    accepted.on("close", () => clearInterval(repeat));
  });
  const reset = async () => {
    clearInterval(repeat);
    // The client must have read everything first: with data still to read when the peer goes,
    // libuv reports the end of the stream instead of the reset.
    await new Promise((done) => setTimeout(done, 50));
    connection?.destroy();
  };
  return { socket: await listen(server), reset };
}

describe("QmpClient against a fake QMP server", () => {
  it("keeps an event that comes before a reply as an event, and ignores a reply with another id", async () => {
    const socket = await fakeQmp((command, send) => {
      send(
        { event: "POWERDOWN", timestamp: { seconds: 1, microseconds: 2 } },
        { return: { taken: "for the wrong command" }, id: "someone-else" },
        { return: { taken: "for this command" }, id: command.id },
      );
    });
    const client = await QmpClient.connect(socket);
    try {
      await expect(client.execute("system_powerdown")).resolves.toEqual({ taken: "for this command" });
      expect(client.events).toEqual([{ event: "POWERDOWN", timestamp: { seconds: 1, microseconds: 2 } }]);
      await expect(client.waitForEvent("POWERDOWN", { timeoutMs: 10 })).resolves.toMatchObject({ event: "POWERDOWN" });
    } finally {
      client.close();
    }
  });

  it("sends the command's arguments and an id of the form gp-N", async () => {
    const seen: Command[] = [];
    const socket = await fakeQmp((command, send) => {
      seen.push(command);
      send({ return: command.arguments ?? null, id: command.id });
    });
    const client = await QmpClient.connect(socket);
    try {
      await expect(client.execute("human-monitor-command", { "command-line": "info version" })).resolves.toEqual({ "command-line": "info version" });
      await client.execute("query-status");
      expect(seen).toEqual([
        { execute: "human-monitor-command", arguments: { "command-line": "info version" }, id: expect.stringMatching(/^gp-\d+$/) },
        { execute: "query-status", id: expect.stringMatching(/^gp-\d+$/) },
      ]);
      expect(seen[0]?.id).not.toBe(seen[1]?.id);
    } finally {
      client.close();
    }
  });

  it("reads messages split across writes and several in one write", async () => {
    const socket = await fakeQmp((command, _send, connection) => {
      const text = `${JSON.stringify({ event: "STOP" })}\n${JSON.stringify({ event: "RESUME" })}\n${JSON.stringify({ return: 42, id: command.id })}\n`;
      connection.write(text.slice(0, 7));
      setTimeout(() => connection.write(text.slice(7, 30)), 5);
      setTimeout(() => connection.write(text.slice(30)), 10);
    });
    const client = await QmpClient.connect(socket);
    try {
      await expect(client.execute("query-anything")).resolves.toBe(42);
      expect(client.events.map((event) => event.event)).toEqual(["STOP", "RESUME"]);
    } finally {
      client.close();
    }
  });

  it("resolves waitForEvent with an event still to come that matches", async () => {
    const socket = await fakeQmp((command, send) => {
      send({ return: {}, id: command.id });
      setTimeout(() => send({ event: "SHUTDOWN", data: { guest: false, reason: "host-qmp-quit" } }), 10);
      setTimeout(() => send({ event: "SHUTDOWN", data: { guest: true, reason: "guest-shutdown" } }), 20);
    });
    const client = await QmpClient.connect(socket);
    try {
      const waiting = client.waitForEvent("SHUTDOWN", { timeoutMs: 2000, matches: (event) => (event.data as { guest: boolean }).guest });
      await client.execute("system_powerdown");
      await expect(waiting).resolves.toEqual({ event: "SHUTDOWN", data: { guest: true, reason: "guest-shutdown" } });
      await expect(client.waitForEvent("RESET", { timeoutMs: 30 })).rejects.toThrow(/no RESET event/);
    } finally {
      client.close();
    }
  });

  it("carries QMP's error class and description on a refused command", async () => {
    const socket = await fakeQmp((command, send) => send({ error: { class: "DeviceNotFound", desc: "Device 'x' not found" }, id: command.id }));
    const client = await QmpClient.connect(socket);
    try {
      const error = (await client.execute("device_del", { id: "x" }).catch((problem: unknown) => problem)) as QmpError;
      expect(error).toBeInstanceOf(QmpError);
      expect(error.qmpClass).toBe("DeviceNotFound");
      expect(error.message).toBe("QEMU refused device_del: Device 'x' not found (DeviceNotFound)");
    } finally {
      client.close();
    }
  });

  it("takes a reset connection for a failure, naming the error", async () => {
    const { socket, reset } = await resettingQmp();
    const client = await QmpClient.connect(socket);
    const pending = client.execute("query-status");
    await reset();
    await expect(pending).rejects.toThrow(/no reply to query-status: the QMP connection to .* failed: read ECONNRESET/);
  });

  it("resolves quit when the connection is reset instead of answered", async () => {
    const { socket, reset } = await resettingQmp();
    const client = await QmpClient.connect(socket);
    const pending = client.execute("query-status").catch((error: unknown) => error);
    const quit = client.execute("quit");
    await reset();
    await expect(quit).resolves.toEqual({});
    await client.closed;
    expect(await pending).toBeInstanceOf(QmpError);
    expect(((await pending) as Error).message).toMatch(/no reply to query-status: the QMP connection to .* closed$/);
  });

  it("rejects a command when no reply comes in time, and everything waiting when the connection closes", async () => {
    const socket = await fakeQmp((command, _send, connection) => {
      if (command.execute === "hang-up") connection.end();
    });
    const client = await QmpClient.connect(socket);
    await expect(client.execute("query-status", undefined, { timeoutMs: 50 })).rejects.toThrow(/did not reply to query-status within 0.1 s/);
    const event = client.waitForEvent("SHUTDOWN", { timeoutMs: Infinity });
    await expect(client.execute("hang-up")).rejects.toThrow(/no reply to hang-up: the QMP connection to .* closed/);
    await expect(event).rejects.toThrow(/no SHUTDOWN event/);
    await client.closed;
  });

  it("times out without a greeting, naming another client as the likely cause", async () => {
    const socket = await fakeQmp(() => undefined, false);
    await expect(QmpClient.connect(socket, { timeoutMs: 100 })).rejects.toThrow(/no greeting from QMP at .* within 0.1 s: QMP serves one client at a time, so another client may be holding it/);
  });

  it("refuses a peer that does not speak QMP", async () => {
    const socket = await listen(createServer((connection) => connection.end("login: \n")));
    await expect(QmpClient.connect(socket)).rejects.toThrow(`${socket} does not speak QMP: it sent login:`);
  });

  it("stops connecting when cancelled, with the signal's reason", async () => {
    const socket = await fakeQmp(() => undefined, false);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the user pressed ^C")), 20);
    await expect(QmpClient.connect(socket, { signal: controller.signal, timeoutMs: 5000 })).rejects.toThrow("the user pressed ^C");
  });
});
