import { describe, expect, it } from "vitest";
import { freeCid, macAddress, vsockCid } from "../../../runtime/vm/identity.js";
import { defaultName, nameProblem } from "../../../runtime/vm/vm-name.js";

describe("VM identity", () => {
  it("derives the vsock CID as genpack's vm tool does, per user and name", () => {
    expect(vsockCid(0, "test")).toBe(401442498);
    expect(vsockCid(1000, "test")).toBe(2888310750);
    expect(vsockCid(1000, "gnome")).toBe(2307857458);
  });

  it("moves to the next CID when another running VM has it, wrapping below VMADDR_CID_ANY", () => {
    expect(freeCid(10, new Set([10, 11]))).toBe(12);
    expect(freeCid(0xfffffffe, new Set([0xfffffffe]))).toBe(3);
  });

  it("derives MAC addresses as genpack's vm tool does, locally administered under 52:54:00", () => {
    expect(macAddress("test", 0)).toBe("52:54:00:75:9a:c3");
    expect(macAddress("test", 1)).toBe("52:54:00:07:0e:3a");
  });
});

describe("VM names", () => {
  it("accepts hostname labels and refuses what cannot be a hostname or a path component", () => {
    expect(nameProblem("nextcloud-1")).toBeUndefined();
    expect(nameProblem("a")).toBeUndefined();
    expect(nameProblem("")).toMatch(/empty/);
    expect(nameProblem("../etc")).toMatch(/letters, digits and inner hyphens/);
    expect(nameProblem("a,b")).toMatch(/hostname/);
    expect(nameProblem("-a")).toBeDefined();
    expect(nameProblem("x".repeat(64))).toMatch(/at most 63/);
  });

  it("makes a name from the image's artifact", () => {
    expect(defaultName("nextcloud\n")).toBe("nextcloud");
    expect(defaultName("my_app.v2")).toBe("my-app-v2");
    expect(defaultName("___")).toBeUndefined();
  });
});
