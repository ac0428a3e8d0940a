import { describe, expect, it } from "vitest";
import { parseDisplay, parseGpu, parseSpice, parseVnc, wantsScreen } from "../../../runtime/vm/screen.js";

describe("screen options", () => {
  it("reads VNC displays as ports from 5900, on 127.0.0.1 unless an address is given", () => {
    expect(parseVnc("1")).toEqual({ value: { kind: "tcp", host: "127.0.0.1", port: 5901 } });
    expect(parseVnc(":0")).toEqual({ value: { kind: "tcp", host: "127.0.0.1", port: 5900 } });
    expect(parseVnc("0.0.0.0:2")).toEqual({ value: { kind: "tcp", host: "0.0.0.0", port: 5902 } });
  });

  it("reads unix alone as a socket in the runtime directory, and unix:PATH as that socket", () => {
    expect(parseVnc("unix")).toEqual({ value: { kind: "unix" } });
    expect(parseSpice("unix:/run/demo/spice.sock")).toEqual({ value: { kind: "unix", path: "/run/demo/spice.sock" } });
  });

  it("refuses VNC displays past the last port, names, relative socket paths and NUL bytes", () => {
    for (const text of ["", "-1", "65536", "60000", "host:1", "localhost:1", "1.2.3.400:1", "1:2:3", "1".repeat(100_000)]) {
      expect(parseVnc(text), text.slice(0, 20)).toHaveProperty("problem");
    }
    expect(parseVnc("unix:vnc.sock")).toEqual({ problem: expect.stringMatching(/give an absolute path after unix:/) });
    expect(parseVnc("unix:/run/a\0b")).toEqual({ problem: expect.stringMatching(/NUL byte/) });
  });

  it("reads SPICE ports with or without an address and refuses port 0 and names", () => {
    expect(parseSpice("5930")).toEqual({ value: { kind: "tcp", host: "127.0.0.1", port: 5930 } });
    expect(parseSpice("0.0.0.0:5930")).toEqual({ value: { kind: "tcp", host: "0.0.0.0", port: 5930 } });
    for (const text of ["0", "65536", "spice", "localhost:5930", ":5930"]) expect(parseSpice(text), text).toHaveProperty("problem");
  });

  it("knows the displays and graphics cards by name only", () => {
    expect(parseDisplay("egl-headless")).toEqual({ value: "egl-headless" });
    expect(parseDisplay("GTK")).toEqual({ problem: '"GTK" is not a display; give none, gtk, sdl, egl-headless' });
    expect(parseGpu("virgl")).toEqual({ value: "virgl" });
    expect(parseGpu("qxl")).toHaveProperty("problem");
  });

  it("wants a screen when any screen option is given, and none without", () => {
    expect(wantsScreen({})).toBe(false);
    expect(wantsScreen({ display: "none" })).toBe(true);
    expect(wantsScreen({ gpu: "virtio" })).toBe(true);
    expect(wantsScreen({ vnc: { kind: "unix" } })).toBe(true);
  });
});
