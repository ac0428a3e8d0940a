import { describe, expect, it } from "vitest";
import { qemuArguments } from "../../../runtime/vm/qemu-arguments.js";
import { parseServiceConfig } from "../../../runtime/vm/service-config.js";
import { defaultTag, duplicateTag, parseShare, tagProblem } from "../../../runtime/vm/shared-folder.js";
import { syntaxOf, virtiofsdArguments } from "../../../runtime/vm/virtiofsd.js";
import type { VmSpec } from "../../../runtime/vm/vm-spec.js";

const R = "/run/gp/vm/demo";
const spec: VmSpec = {
  name: "demo",
  arch: "x86_64",
  accel: "tcg",
  memoryMiB: 1024,
  cpus: 1,
  system: "/images/demo.squashfs",
  kernel: `${R}/kernel`,
  initramfs: `${R}/initramfs`,
  networks: [],
  fwCfg: [],
  qmpSocket: `${R}/qmp.sock`,
  consoleSocket: `${R}/console.sock`,
  consoleLog: `${R}/console.log`,
  pidFile: `${R}/qemu.pid`,
};

/** The words of `args` from `option` on, `count` of them. */
function after(args: readonly string[], option: string, count = 2): string[] {
  const at = args.indexOf(option);
  return at === -1 ? [] : args.slice(at, at + count);
}

describe("--share HOST_DIR[:TAG]", () => {
  it("takes the tag after the last colon, and the folder's name as the tag when none is given", () => {
    expect(parseShare("/srv/www:site", "/work")).toEqual({ value: { path: "/srv/www", tag: "site" } });
    expect(parseShare("data", "/work")).toEqual({ value: { path: "/work/data", tag: "data" } });
    expect(parseShare("./a/b/", "/work")).toEqual({ value: { path: "/work/a/b", tag: "b" } });
    // What follows a colon is a tag only when it holds no slash: a folder's name may have a colon.
    expect(parseShare("/srv/a:b/c", "/work")).toEqual({ value: { path: "/srv/a:b/c", tag: "c" } });
  });

  it("makes a default tag from any folder name: characters a tag cannot hold become _, a long name is cut, the root is share", () => {
    expect(defaultTag("/srv/my photos,2024")).toBe("my_photos_2024");
    expect(defaultTag("/srv/写真")).toBe("__");
    expect(defaultTag(`/srv/${"x".repeat(100)}`)).toBe("x".repeat(31));
    expect(defaultTag("/")).toBe("share");
    expect(tagProblem(defaultTag(`/srv/${"\u0000é".repeat(50_000)}`))).toBeUndefined();
  });

  it("refuses a tag that is empty, too long for 9p, or holds a character QEMU's options or the guest's mount cannot take", () => {
    expect(parseShare("/srv/www:", "/")).toEqual({ problem: expect.stringContaining("the tag is empty") });
    expect(parseShare(`/srv/www:${"t".repeat(32)}`, "/")).toEqual({ problem: expect.stringContaining("longer than 31 characters") });
    expect(parseShare("/srv/www:a,b", "/")).toEqual({ problem: expect.stringContaining("characters other than letters") });
    expect(parseShare(":tag", "/")).toEqual({ problem: expect.stringContaining("names no folder") });
  });

  it("finds two folders under one tag", () => {
    const shares = [
      { path: "/a/site", tag: "site" },
      { path: "/b/site", tag: "site" },
    ];
    expect(duplicateTag(shares)).toEqual({ path: "/b/site", tag: "site" });
    expect(duplicateTag(shares.slice(0, 1))).toBeUndefined();
  });
});

describe("QEMU's arguments for shared folders", () => {
  it("gives a virtiofs share a vhost-user-fs device on virtiofsd's socket and the guest's memory as a shared memfd", () => {
    const args = qemuArguments({ ...spec, shares: [{ via: "virtiofs", path: "/srv/www", tag: "site", socket: `${R}/fs0.sock` }] });
    expect(after(args, "-object")).toEqual(["-object", "memory-backend-memfd,id=mem,size=1024M,share=on"]);
    expect(after(args, "-numa")).toEqual(["-numa", "node,memdev=mem"]);
    expect(args.join(" ")).toContain(`-chardev socket,id=fs0,path=${R}/fs0.sock -device vhost-user-fs-pci,queue-size=1024,chardev=fs0,tag=site`);
  });

  it("gives a 9p share QEMU's own -virtfs, with commas in the folder doubled, and no shared memory", () => {
    const args = qemuArguments({ ...spec, shares: [{ via: "9p", path: "/srv/a,b", tag: "ab" }] });
    expect(after(args, "-virtfs")).toEqual(["-virtfs", "local,path=/srv/a,,b,mount_tag=ab,security_model=mapped-xattr,writeout=immediate"]);
    expect(args.some((arg) => arg.includes("memory-backend"))).toBe(false);
    expect(args).not.toContain("-numa");
  });

  it("adds nothing for a VM without shares", () => {
    const args = qemuArguments(spec);
    expect(args.some((arg) => arg.includes("vhost-user-fs") || arg === "-virtfs" || arg.includes("memfd"))).toBe(false);
  });
});

describe("virtiofsd's command line", () => {
  const share = { path: "/srv/www", tag: "site" };
  it("uses --shared-dir for the Rust daemon and -o source= for QEMU's C daemon, which it tells apart by their --help", () => {
    expect(syntaxOf("Usage: virtiofsd [OPTIONS] --socket-path <path>\n      --shared-dir <shared-dir>")).toBe("shared-dir");
    expect(syntaxOf("usage: /usr/lib/qemu/virtiofsd [options]\n    -o source=PATH             shared directory tree")).toBe("source-option");
    expect(virtiofsdArguments({ program: "virtiofsd", syntax: "shared-dir" }, share, "/r/fs0.sock")).toEqual(["--socket-path=/r/fs0.sock", "--shared-dir=/srv/www", "--cache=auto"]);
    expect(virtiofsdArguments({ program: "/usr/lib/qemu/virtiofsd", syntax: "source-option" }, share, "/r/fs0.sock")).toEqual(["--socket-path=/r/fs0.sock", "-o", "source=/srv/www", "-o", "cache=auto"]);
  });
});

describe("share = in a gp vm service file", () => {
  it("takes one folder a line, relative to the file, and reports a bad or repeated tag at its line", () => {
    const good = parseServiceConfig("image = demo.squashfs\nshare = site\nshare = /srv/data:data\n", "/etc/gp/vm/demo.ini");
    expect(good.config?.vm.shares).toEqual([
      { path: "/etc/gp/vm/site", tag: "site" },
      { path: "/srv/data", tag: "data" },
    ]);
    const bad = parseServiceConfig("image = demo.squashfs\nshare = /a/site\nshare = /b/site\nshare = /c:x,y\n", "/etc/gp/vm/demo.ini");
    expect(bad.problems).toEqual([
      { line: 3, message: expect.stringContaining("the tag site is given to another folder too") },
      { line: 4, message: expect.stringContaining("characters other than letters") },
    ]);
  });
});
