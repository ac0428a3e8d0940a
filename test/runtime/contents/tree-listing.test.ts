import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedPaths, listTree } from "../../../runtime/contents/tree-listing.js";
import { UpperObserver } from "../../../runtime/contents/upper-observer.js";
import { temporaryDirectory } from "../../helpers/temp.js";

describe("observing the upper layer", () => {
  it("finds new paths and changed files, but not a directory whose mtime moved because a file was added in it", () => {
    const upper = temporaryDirectory("gp-upper-");
    mkdirSync(join(upper, "etc"));
    writeFileSync(join(upper, "etc/a"), "1");
    const before = listTree(upper);
    writeFileSync(join(upper, "etc/b"), "new");
    writeFileSync(join(upper, "etc/a"), "longer");
    expect(changedPaths(before, listTree(upper)).sort()).toEqual(["/etc/a", "/etc/b"]);
  });

  it("tells a file rewritten with the same size, mtime and inode apart by its ctime", () => {
    const upper = temporaryDirectory("gp-upper-");
    writeFileSync(join(upper, "f"), "1");
    utimesSync(join(upper, "f"), 1000, 1000);
    const before = listTree(upper);
    rmSync(join(upper, "f"));
    writeFileSync(join(upper, "f"), "2");
    utimesSync(join(upper, "f"), 1000, 1000);
    expect(changedPaths(before, listTree(upper))).toEqual(["/f"]);
  });

  it("attributes each path to every step that added or changed it, in order, and keeps owners from the copy-up list", () => {
    const upper = temporaryDirectory("gp-upper-");
    const observer = new UpperObserver(upper);
    mkdirSync(join(upper, "etc"));
    writeFileSync(join(upper, "etc/passwd"), "root");
    observer.observe({ kind: "accounts" });
    writeFileSync(join(upper, "etc/passwd"), "root and builder");
    writeFileSync(join(upper, "etc/x.conf"), "x");
    observer.observe({ kind: "files", file: "files/etc/x.conf" });
    expect(observer.paths(new Map([["/etc/passwd", "sys-apps/baselayout-2"]]))).toEqual([
      { path: "/etc", type: "directory", rules: [{ kind: "accounts" }] },
      { path: "/etc/passwd", type: "file", owner: "sys-apps/baselayout-2", rules: [{ kind: "accounts" }, { kind: "files", file: "files/etc/x.conf" }] },
      { path: "/etc/x.conf", type: "file", rules: [{ kind: "files", file: "files/etc/x.conf" }] },
    ]);
  });
});
