import { chmodSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedInputs, digestTree, digestValue, phaseKey } from "../../../runtime/build/phase-key.js";
import { temporaryDirectory } from "../../helpers/temp.js";

function tree(): string {
  const root = temporaryDirectory();
  mkdirSync(join(root, "etc"));
  writeFileSync(join(root, "etc/a.conf"), "a=1\n");
  symlinkSync("a.conf", join(root, "etc/b.conf"));
  return root;
}

describe("phase keys", () => {
  it("ignore modification times, so a fresh checkout is no change", () => {
    const root = tree();
    const before = digestTree(root);
    utimesSync(join(root, "etc/a.conf"), 1, 1);
    expect(digestTree(root)).toBe(before);
  });

  it("change with a file's bytes, its mode, a link's target, or a new file", () => {
    const digests = new Set<string>();
    const root = tree();
    digests.add(digestTree(root));
    writeFileSync(join(root, "etc/a.conf"), "a=2\n");
    digests.add(digestTree(root));
    chmodSync(join(root, "etc/a.conf"), 0o600);
    digests.add(digestTree(root));
    writeFileSync(join(root, "etc/c.conf"), "");
    digests.add(digestTree(root));
    expect(digests.size).toBe(4);
    expect(digestTree(join(root, "missing"))).not.toBe(digestTree(root));
  });

  it("do not depend on key order, and name the inputs that changed", () => {
    expect(digestValue({ a: 1, b: [1, 2] })).toBe(digestValue({ b: [1, 2], a: 1 }));
    expect(phaseKey({ a: "1", b: "2" })).toBe(phaseKey({ b: "2", a: "1" }));
    expect(phaseKey({ a: "1", b: "2" })).not.toBe(phaseKey({ a: "12", b: "" }));
    expect(changedInputs({ services: "x", users: "y", "files/": "z" }, { services: "x2", users: "y", "files/": "z2" })).toEqual(["files/", "services"]);
  });
});
