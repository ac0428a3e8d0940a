import { describe, expect, it } from "vitest";
import { compareImages, contentCandidates } from "../../../runtime/diff/compare-images.js";
import type { ImageFacts, ListedEntry, PackageRecord } from "../../../runtime/diff/image-facts.js";

const file = (size: number, more: Partial<ListedEntry> = {}): ListedEntry => ({ type: "file", size, mode: "rw-r--r--", owner: "0/0", ...more });
const directory: ListedEntry = { type: "directory", size: 0, mode: "rwxr-xr-x", owner: "0/0" };
const link = (target: string): ListedEntry => ({ type: "symlink", size: target.length, mode: "rwxrwxrwx", owner: "0/0", target });
const pkg = (atom: string, version: string, use: string[] = [], slot = "0"): PackageRecord => {
  const [category = "", name = ""] = atom.split("/");
  return { category, name, version, slot, use };
};

function image(more: Partial<ImageFacts> = {}): ImageFacts {
  return { image: "x.squashfs", imageSize: 4096, packages: [], entries: new Map([["/", directory]]), users: [], groups: [], ...more };
}

describe("comparing packages", () => {
  it("orders versions as Portage does: 1.10 is an upgrade of 1.9, 1.0_rc1 a downgrade of 1.0", () => {
    const diff = compareImages(image({ packages: [pkg("a/x", "1.9"), pkg("a/y", "1.0")] }), image({ packages: [pkg("a/x", "1.10"), pkg("a/y", "1.0_rc1")] }), new Set());
    expect(diff.packages.upgraded).toEqual([{ package: "a/x", oldVersion: "1.9", version: "1.10", useAdded: [], useRemoved: [] }]);
    expect(diff.packages.downgraded).toEqual([{ package: "a/y", oldVersion: "1.0", version: "1.0_rc1", useAdded: [], useRemoved: [] }]);
  });

  it("counts a new revision as an upgrade and an equal version written otherwise as none", () => {
    const diff = compareImages(image({ packages: [pkg("a/x", "1.2"), pkg("a/y", "1.0")] }), image({ packages: [pkg("a/x", "1.2-r1"), pkg("a/y", "1.00-r0")] }), new Set());
    expect(diff.packages.upgraded.map((change) => change.package)).toEqual(["a/x"]);
    expect(diff.differ).toBe(true);
    expect(diff.packages.rebuilt).toEqual([]);
  });

  it("reports a package of the same version with other USE flags as rebuilt, with the flags added and removed", () => {
    const diff = compareImages(image({ packages: [pkg("app-misc/flavour", "1", ["chocolate", "vanilla"])] }), image({ packages: [pkg("app-misc/flavour", "1", ["strawberry", "vanilla"])] }), new Set());
    expect(diff.packages.rebuilt).toEqual([{ package: "app-misc/flavour", version: "1", useAdded: ["strawberry"], useRemoved: ["chocolate"] }]);
  });

  it("reports packages added and removed by category and name", () => {
    const diff = compareImages(image({ packages: [pkg("a/gone", "1")] }), image({ packages: [pkg("a/new", "2", ["x"])] }), new Set());
    expect(diff.packages.added).toEqual([{ package: "a/new", version: "2", slot: "0", use: ["x"] }]);
    expect(diff.packages.removed).toEqual([{ package: "a/gone", version: "1", slot: "0", use: [] }]);
  });

  it("tells the slots of a package installed in several apart, on both sides alike", () => {
    const old = image({ packages: [pkg("dev-lang/python", "3.11.9", [], "3.11")] });
    const now = image({ packages: [pkg("dev-lang/python", "3.11.10", [], "3.11"), pkg("dev-lang/python", "3.12.4", [], "3.12/3.12")] });
    const diff = compareImages(old, now, new Set());
    expect(diff.packages.added.map((view) => view.package)).toEqual(["dev-lang/python:3.12"]);
    expect(diff.packages.upgraded.map((change) => `${change.package} ${change.oldVersion} ${change.version}`)).toEqual(["dev-lang/python:3.11 3.11.9 3.11.10"]);
  });

  it("finds no difference between an image and itself", () => {
    const facts = image({ packages: [pkg("a/x", "1")], entries: new Map([["/", directory], ["/etc", directory], ["/etc/a", file(3)]]), users: [{ name: "root", uid: "0", gid: "0", home: "/root", shell: "/bin/sh" }] });
    const diff = compareImages(facts, facts, new Set());
    expect(diff.differ).toBe(false);
    expect(diff.files).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe("comparing accounts and services", () => {
  it("names each changed field of a user and a group", () => {
    const old = image({ users: [{ name: "bob", uid: "1000", gid: "1000", home: "/home/bob", shell: "/bin/sh" }], groups: [{ name: "wheel", gid: "10", members: ["bob"] }] });
    const now = image({ users: [{ name: "bob", uid: "1001", gid: "1000", home: "/home/bob", shell: "/bin/bash" }], groups: [{ name: "wheel", gid: "10", members: ["alice", "bob"] }] });
    const diff = compareImages(old, now, new Set());
    expect(diff.users.changed).toEqual([{ name: "bob", changes: [{ field: "uid", old: "1000", new: "1001" }, { field: "shell", old: "/bin/sh", new: "/bin/bash" }] }]);
    expect(diff.groups.changed).toEqual([{ name: "wheel", changes: [{ field: "members", old: "bob", new: "alice,bob" }] }]);
  });

  it("reports the wants and requires links below /etc/systemd/system as services enabled and disabled, per target", () => {
    const old = image({ entries: new Map([["/etc/systemd/system/multi-user.target.wants/sshd.service", link("/usr/lib/systemd/system/sshd.service")]]) });
    const now = image({
      entries: new Map([
        ["/etc/systemd/system/sockets.target.requires/app.socket", link("/usr/lib/systemd/system/app.socket")],
        ["/etc/systemd/system/multi-user.target.wants/nested/not-a-unit", link("x")],
        ["/etc/systemd/system/app.service", link("/dev/null")],
      ]),
    });
    const diff = compareImages(old, now, new Set());
    expect(diff.services.enabled).toEqual([{ target: "sockets.target", relation: "requires", unit: "app.socket" }]);
    expect(diff.services.disabled).toEqual([{ target: "multi-user.target", relation: "wants", unit: "sshd.service" }]);
  });
});

describe("comparing files", () => {
  it("calls a file changed for each of type, size, mode, owner, link target and content, and nothing else", () => {
    const old = new Map<string, ListedEntry>([
      ["/type", file(1)],
      ["/size", file(1)],
      ["/mode", file(1)],
      ["/owner", file(1)],
      ["/target", link("a")],
      ["/content", file(5)],
      ["/same", file(5)],
      ["/dir", { ...directory, size: 3 }],
    ]);
    const now = new Map<string, ListedEntry>([
      ["/type", link("x")],
      ["/size", file(2)],
      ["/mode", file(1, { mode: "rwxr-xr-x" })],
      ["/owner", file(1, { owner: "1000/1000" })],
      ["/target", link("b")],
      ["/content", file(5)],
      ["/same", file(5)],
      ["/dir", { ...directory, size: 90 }],
    ]);
    expect(contentCandidates(old, now)).toEqual([{ path: "/content", size: 5 }, { path: "/same", size: 5 }]);
    const diff = compareImages(image({ entries: old }), image({ entries: now }), new Set(["/content"]));
    expect(diff.files.changed.map((change) => `${change.path}: ${change.aspects?.join(",")}`)).toEqual(["/content: content", "/mode: mode", "/owner: owner", "/size: size", "/target: target", "/type: type"]);
  });

  it("gives each file change its size change, and the totals of files and image files", () => {
    const diff = compareImages(image({ imageSize: 4096, entries: new Map([["/gone", file(100)], ["/grows", file(10)]]) }), image({ imageSize: 8192, entries: new Map([["/new", file(30)], ["/grows", file(25)]]) }), new Set());
    expect(diff.files.added).toEqual([{ path: "/new", type: "file", sizeDelta: 30 }]);
    expect(diff.files.removed).toEqual([{ path: "/gone", type: "file", sizeDelta: -100 }]);
    expect(diff.files.changed).toEqual([{ path: "/grows", type: "file", sizeDelta: 15, aspects: ["size"] }]);
    expect(diff.size).toEqual({ files: { old: 110, new: 55, delta: -55 }, image: { old: 4096, new: 8192, delta: 4096 } });
  });

  it("groups files by the package that put them there only when both sides name owners, the unowned under null", () => {
    const old = image({ packages: [pkg("a/x", "1")], owners: new Map([["/usr/bin/x", 0]]), entries: new Map([["/usr/bin/x", file(1)]]) });
    const now = image({ packages: [pkg("a/x", "1"), pkg("a/y", "1")], owners: new Map([["/usr/bin/y", 1]]), entries: new Map([["/usr/bin/y", file(1)], ["/etc/made", file(2)]]) });
    const diff = compareImages(old, now, new Set());
    expect(diff.source).toBe("sbom");
    expect(diff.files.added).toEqual([
      { path: "/etc/made", package: null, type: "file", sizeDelta: 2 },
      { path: "/usr/bin/y", package: "a/y", type: "file", sizeDelta: 1 },
    ]);
    expect(diff.files.removed).toEqual([{ path: "/usr/bin/x", package: "a/x", type: "file", sizeDelta: -1 }]);
    const ungrouped = compareImages({ ...old, owners: undefined } as ImageFacts, now, new Set());
    expect(ungrouped.source).toBe("image");
    expect(ungrouped.files.added[0]).not.toHaveProperty("package");
  });
});
