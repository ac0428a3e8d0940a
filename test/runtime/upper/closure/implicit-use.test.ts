import { describe, expect, it } from "vitest";
import { readImplicitFlags, readMakeDefaults } from "../../../../runtime/upper/closure/implicit-use.js";
import { FakeRoot } from "./fake-root.js";

describe("make.defaults", () => {
  it("reads plain, double-quoted (across lines), single-quoted and exported assignments, and skips comments", () => {
    const values = readMakeDefaults('# comment\nA=one\nB="two\n  lines"\nexport C=\'$A literal\'\nD="${A} and $B"\n');
    expect(Object.fromEntries(values)).toEqual({ A: "one", B: "two\n  lines", C: "$A literal", D: "one and two\n  lines" });
  });

  it("expands variables of the parents' files", () => {
    expect(readMakeDefaults('IUSE_IMPLICIT="${IUSE_IMPLICIT} more"', new Map([["IUSE_IMPLICIT", "prefix"]])).get("IUSE_IMPLICIT")).toBe("prefix more");
  });

  it("reads a hostile file of 100,000 unclosed ${ in time linear in its length", () => {
    const text = `A="${"${".repeat(100_000)}"\n`;
    const started = performance.now();
    expect(readMakeDefaults(text).get("A")).toBe("${".repeat(100_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("the profile's implicit flags", () => {
  it("takes IUSE_IMPLICIT, unprefixed USE_EXPAND_IMPLICIT values and prefixed ones, stacked over the parents", () => {
    const root = new FakeRoot()
      .repository("gentoo", "/var/db/repos/gentoo")
      .profile("/var/db/repos/gentoo/profiles/base", {
        makeDefaults: 'USE_EXPAND="ELIBC KERNEL"\nUSE_EXPAND_IMPLICIT="ARCH ELIBC"\nUSE_EXPAND_UNPREFIXED="ARCH"\nUSE_EXPAND_VALUES_ARCH="amd64 arm64"\nUSE_EXPAND_VALUES_ELIBC="glibc musl"\nUSE_EXPAND_VALUES_KERNEL="linux"\nIUSE_IMPLICIT="prefix prefix-guest"\n',
      })
      .profile("/var/db/repos/gentoo/profiles/child", { parent: ["../base"], makeDefaults: 'IUSE_IMPLICIT="-prefix-guest test"\n' })
      .selectProfile("/var/db/repos/gentoo/profiles/child");
    expect([...readImplicitFlags(root.hostDir)].sort()).toEqual(["amd64", "arm64", "elibc_glibc", "elibc_musl", "prefix", "test"]);
  });

  it("is empty without a profile", () => {
    expect(readImplicitFlags(new FakeRoot().hostDir).size).toBe(0);
  });
});
