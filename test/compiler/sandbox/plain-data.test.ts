import { describe, expect, it } from "vitest";
import { defineImage, defineProfile, file, remove } from "../../../dsl/index.js";
import { brandOf, IMAGE_BRAND, PROFILE_BRAND } from "../../../dsl/brand.js";
import { callSiteOf } from "../../../dsl/call-site.js";
import { takePlainData } from "../../../compiler/sandbox/plain-data.js";
import { excessiveNesting, MAX_NESTING } from "../../../compiler/validate/nesting.js";
import { findUncrossable, restoreExports } from "../../../compiler/sandbox/restore-exports.js";

/** Through the process boundary and back, as a blueprint's exports travel. */
function cross(namespace: Record<string, unknown>): Readonly<Record<string, unknown>> {
  return restoreExports(structuredClone(takePlainData(namespace)));
}

describe("the exports of a blueprint cross as plain data", () => {
  it("keeps brands and call sites, and a profile reached twice stays one object", () => {
    const base = defineProfile({ packages: ["app-misc/screen"] });
    const image = defineImage({ extends: [base, base], packages: [remove("app-misc/screen")], files: { "/etc/motd": file("./motd") } });
    const crossed = cross({ default: image });
    const copy = crossed["default"] as { extends: object[]; files: Record<string, object> };
    expect(brandOf(copy, IMAGE_BRAND)).toEqual(brandOf(image, IMAGE_BRAND));
    expect(copy.extends[0]).toBe(copy.extends[1]);
    expect(brandOf(copy.extends[0], PROFILE_BRAND)).toEqual(brandOf(base, PROFILE_BRAND));
    expect(callSiteOf(copy)?.stack).toBe(callSiteOf(image)?.stack);
    expect(callSiteOf(copy.files["/etc/motd"])?.stack).toContain("plain-data.test.ts");
    expect(Object.isFrozen(copy) && Object.isFrozen(copy.extends) && Object.isFrozen(copy.files["/etc/motd"])).toBe(true);
    expect(JSON.parse(JSON.stringify(copy))).toEqual(JSON.parse(JSON.stringify(image)));
  });

  it("runs each getter once and copies what it gave", () => {
    let reads = 0;
    const spec = {
      get packages() {
        reads++;
        return ["app-misc/screen"];
      },
    };
    const crossed = cross({ default: spec });
    expect(reads).toBe(1);
    expect(crossed["default"]).toEqual({ packages: ["app-misc/screen"] });
  });

  it("keeps a key named __proto__ a key, and leaves values on prototypes behind", () => {
    const spec = JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}') as object;
    const inherited = Object.create({ compression: "xz" }) as Record<string, unknown>;
    inherited["name"] = "y";
    const crossed = cross({ default: spec, other: inherited });
    const copy = crossed["default"] as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(["__proto__", "name"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("leaves named exports that are not DSL values behind, and takes images among them", () => {
    const image = defineImage({ name: "second" });
    const crossed = cross({ default: defineImage({ name: "first" }), helper: () => 1, constant: 3, second: image });
    expect(Object.keys(crossed)).toEqual(["default", "second"]);
  });

  it.each([
    ["a function", () => "x", "a function"],
    ["a Proxy", new Proxy({}, {}), "a Proxy"],
    ["a Map", new Map(), "a Map"],
    ["a Date", new Date(0), "a Date"],
    ["a class instance", new (class Widget {})(), "an instance of Widget"],
    ["a symbol", Symbol("s"), "a symbol"],
    ["a bigint", 1n, "a bigint"],
  ])("marks %s in place, with its path", (_name, value, what) => {
    const crossed = cross({ default: { packages: ["app-misc/screen", value] } });
    expect(findUncrossable(crossed["default"] as Record<string, unknown>)).toEqual([{ path: ["packages", 1], what }]);
  });

  it("marks a getter that throws", () => {
    const spec = {
      get name(): string {
        throw new TypeError("no name today");
      },
    };
    expect(findUncrossable(cross({ default: spec })["default"] as Record<string, unknown>)).toEqual([{ path: ["name"], what: "a getter that threw TypeError: no name today" }]);
  });

  it("carries a value that contains itself as such, for validation to report", () => {
    const cycle: Record<string, unknown> = { EDITOR: "vi" };
    cycle["self"] = cycle;
    const copy = cross({ default: { env: cycle } })["default"] as { env: Record<string, unknown> };
    expect(copy.env["self"]).toBe(copy.env);
    expect(excessiveNesting(copy)).toEqual({ path: ["env", "self"], cycle: true });
  });

  it("carries 10,000 levels of nesting whole, through a structured clone that would overflow on a tree", () => {
    let deep: unknown = "x";
    for (let level = 0; level < 10_000; level++) deep = [deep];
    const plain = takePlainData({ default: { packages: deep } });
    expect(() => structuredClone({ packages: deep })).toThrow(RangeError);
    const copy = restoreExports(structuredClone(plain))["default"] as Record<string, unknown>;
    let depth = 0;
    let value: unknown = copy["packages"];
    for (; Array.isArray(value); value = value[0]) depth++;
    expect([depth, value]).toEqual([10_000, "x"]);
    expect(excessiveNesting(copy)).toEqual({ path: ["packages", ...Array.from({ length: MAX_NESTING - 1 }, () => 0)], cycle: false });
  });

  it("does not report what sits under extends, which is a spec of its own", () => {
    const profile = defineProfile({ packages: [(() => 1) as unknown as "a/b"] });
    const crossed = cross({ default: defineImage({ extends: profile }) })["default"] as { extends: Record<string, unknown> };
    expect(findUncrossable(crossed as unknown as Record<string, unknown>)).toEqual([]);
    expect(findUncrossable(crossed.extends)).toEqual([{ path: ["packages", 0], what: "a function" }]);
  });
});
