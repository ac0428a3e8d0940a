import { describe, expect, it } from "vitest";
import { parseDataDisk, parseMemory, parseNetwork, parsePortForward, duplicateForward } from "../../../runtime/vm/vm-options.js";

describe("gp vm run option values", () => {
  it("reads memory as MiB or as a size", () => {
    expect(parseMemory("2048")).toEqual({ value: 2048 });
    expect(parseMemory("4G")).toEqual({ value: 4096 });
    expect(parseMemory("512MiB")).toEqual({ value: 512 });
    expect(parseMemory("lots")).toHaveProperty("problem");
    expect(parseMemory("1.3M")).toHaveProperty("problem");
  });

  it("reads a data disk as a size when it has a unit and as a file otherwise", () => {
    expect(parseDataDisk("4G")).toEqual({ value: { bytes: 4 * 1024 ** 3 } });
    expect(parseDataDisk("data.img")).toEqual({ value: { file: "data.img" } });
    expect(parseDataDisk("1024")).toEqual({ value: { file: "1024" } });
    expect(parseDataDisk("1M")).toEqual({ problem: expect.stringMatching(/too small/) });
  });

  it("reads user, bridge:BR and none as networks", () => {
    expect(parseNetwork("user")).toEqual({ value: { kind: "user" } });
    expect(parseNetwork("bridge:br0")).toEqual({ value: { kind: "bridge", bridge: "br0" } });
    expect(parseNetwork("none")).toEqual({ value: undefined });
    expect(parseNetwork("bridge:")).toHaveProperty("problem");
    expect(parseNetwork("tap0")).toEqual({ problem: expect.stringMatching(/user, bridge:BRIDGE or none/) });
  });

  it("reads port forwards with an optional protocol and listening address", () => {
    expect(parsePortForward("8080:80")).toEqual({ value: { protocol: "tcp", hostPort: 8080, guestPort: 80 } });
    expect(parsePortForward("udp:5353:53")).toEqual({ value: { protocol: "udp", hostPort: 5353, guestPort: 53 } });
    expect(parsePortForward("127.0.0.1:2222:22")).toEqual({ value: { protocol: "tcp", hostAddress: "127.0.0.1", hostPort: 2222, guestPort: 22 } });
    for (const bad of ["80", "0:80", "8080:70000", "a:b", "host:1:2", "1:2:3:4"]) expect(parsePortForward(bad)).toHaveProperty("problem");
  });

  it("finds a host port forwarded twice", () => {
    expect(duplicateForward([{ protocol: "tcp", hostPort: 1, guestPort: 2 }, { protocol: "udp", hostPort: 1, guestPort: 2 }])).toBeUndefined();
    expect(duplicateForward([{ protocol: "tcp", hostPort: 1, guestPort: 2 }, { protocol: "tcp", hostPort: 1, guestPort: 3 }])).toMatchObject({ guestPort: 3 });
  });
});
