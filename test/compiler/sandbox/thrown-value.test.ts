import { describe, expect, it } from "vitest";
import { describeThrown, refusedAccess, thrownSummary } from "../../../compiler/sandbox/thrown-value.js";

describe("what a blueprint threw is described without trusting it", () => {
  it("reads an error's name, message, code and stack", () => {
    const problem = Object.assign(new RangeError("too far"), { code: "E_FAR" });
    const described = describeThrown(problem);
    expect(described).toEqual({ kind: "error", name: "RangeError", message: "too far", code: "E_FAR", stack: expect.stringContaining("thrown-value.test.ts") });
    expect(thrownSummary(described)).toBe("RangeError: too far");
  });

  it("never runs a getter on an error's message", () => {
    const problem = new Error("kept");
    Object.defineProperty(problem, "message", {
      get() {
        throw new Error("getter ran");
      },
    });
    expect(describeThrown(problem)).toMatchObject({ kind: "error", message: "" });
  });

  it.each([
    ["a null-prototype object", Object.create(null) as object, "[Object: null prototype] {}"],
    ["an object whose toString throws", { toString: () => { throw new Error("no"); } }, "{ toString: [Function: toString] }"],
    ["a Proxy whose traps throw", new Proxy({}, { get: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } }), "a Proxy"],
    ["undefined", undefined, "undefined"],
    ["a number", 42, "42"],
  ])("shows %s", (_name, value, text) => {
    expect(describeThrown(value)).toEqual({ kind: "value", text });
  });

  it("cuts a message of a megabyte to a few thousand characters", () => {
    const described = describeThrown(new Error("x".repeat(1_000_000)));
    expect(described.kind === "error" && described.message.length).toBeLessThan(2100);
    expect(thrownSummary(described)).toContain("(1000000 characters in all)");
  });

  it("names what the permission model refused", () => {
    const refused = Object.assign(new Error("Access to this API has been restricted"), { code: "ERR_ACCESS_DENIED", permission: "FileSystemWrite", resource: "/etc/motd" });
    expect(refusedAccess(describeThrown(refused))).toBe("write /etc/motd");
    expect(refusedAccess(describeThrown(new Error("other")))).toBeUndefined();
  });
});
