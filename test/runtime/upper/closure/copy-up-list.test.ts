import { describe, expect, it } from "vitest";
import { collectCopyUpList, isExcludedPath } from "../../../../runtime/upper/closure/copy-up-list.js";
import { computeRuntimeClosure } from "../../../../runtime/upper/closure/runtime-closure.js";
import { parseContents } from "../../../../runtime/upper/closure/vdb.js";
import { FakeRoot } from "./fake-root.js";

/** The copy-up list of a root whose @genpack-runtime is `app-misc/a`, owning the given CONTENTS lines. */
function copyUp(root: FakeRoot, contents: (root: FakeRoot) => string[]): string[] {
  root.set("genpack-runtime", ["app-misc/a"]).pkg("app-misc/a-1", { contents: contents(root) });
  return [...collectCopyUpList(root.hostDir, computeRuntimeClosure(root.hostDir)).paths];
}

describe("CONTENTS", () => {
  it("reads obj, sym and dir lines whose paths hold spaces", () => {
    expect(
      parseContents(
        ["dir /usr/share/My Files", "obj /usr/share/My Files/a b.txt 0123abcd 1700000000", "sym /usr/bin/my link -> ../share/My Files/a b.txt 1700000000", "fif /run/fifo", "bogus line", ""].join("\n"),
      ),
    ).toEqual([
      { type: "dir", path: "/usr/share/My Files" },
      { type: "obj", path: "/usr/share/My Files/a b.txt", md5: "0123abcd", mtime: "1700000000" },
      { type: "sym", path: "/usr/bin/my link", target: "../share/My Files/a b.txt", mtime: "1700000000" },
      { type: "fif", path: "/run/fifo" },
    ]);
  });
});

describe("the copy-up list", () => {
  it("keeps an obj that exists, a sym that is a symlink and a dir that is a directory", () => {
    const paths = copyUp(new FakeRoot(), (root) => [
      root.dir("/etc/app"),
      root.obj("/etc/app/app.conf"),
      root.sym("/etc/app/current", "app.conf"),
      "obj /etc/app/deleted-by-a-script 0123 1700000000",
      "sym /etc/app/removed-link -> elsewhere 1700000000",
      "dir /etc/app/removed-directory",
      root.obj("/usr/share/app/data with spaces.txt"),
    ]);
    expect(paths).toEqual(["/etc/app", "/etc/app/app.conf", "/etc/app/current", "/usr/share/app/data with spaces.txt"]);
  });

  it("drops entries whose kind changed since the merge", () => {
    const root = new FakeRoot().file("/etc/app/was-a-link", "now a file\n").file("/etc/app/was-a-dir", "now a file\n");
    const paths = copyUp(root, () => ["sym /etc/app/was-a-link -> target 1700000000", "dir /etc/app/was-a-dir"]);
    expect(paths).toEqual([]);
  });

  it("keeps a dir that is now a symlink to a directory, as os.path.isdir follows it", () => {
    const root = new FakeRoot().directory("/srv/real").symlink("/etc/app/linked-dir", "/srv/real");
    expect(copyUp(root, () => ["dir /etc/app/linked-dir"])).toEqual(["/etc/app/linked-dir"]);
  });

  it("keeps an obj that is now a symlink to an existing file, as os.path.exists follows it", () => {
    const root = new FakeRoot().file("/usr/lib/real.so", "").symlink("/usr/lib/libx.so", "/usr/lib/real.so").symlink("/usr/lib/dangling.so", "/usr/lib/missing.so");
    const paths = copyUp(root, () => ["obj /usr/lib/libx.so 0123 1700000000", "obj /usr/lib/dangling.so 0123 1700000000"]);
    expect(paths).toEqual(["/usr/lib/libx.so"]);
  });

  it("resolves a path's parent through merged-usr links and keeps its name", () => {
    const root = new FakeRoot().mergedUsr();
    const paths = copyUp(root, (fake) => [fake.obj("/bin/ls"), fake.obj("/sbin/ip"), fake.sym("/lib/libfoo.so.1", "libfoo.so.1.2"), fake.obj("/lib/libfoo.so.1.2")]);
    expect(paths).toContain("/usr/bin/ls");
    expect(paths).toContain("/usr/bin/ip");
    expect(paths).toContain("/usr/lib/libfoo.so.1");
    expect(paths).toContain("/usr/lib/libfoo.so.1.2");
    expect(paths).not.toContain("/bin/ls");
  });

  it("resolves absolute symlinks inside the root, not on the host", () => {
    // The host has /etc/passwd; the root does not, so the entry through the link is gone.
    const root = new FakeRoot().symlink("/etc-link", "/etc");
    const paths = copyUp(root, (fake) => [fake.obj("/etc/app.conf"), "obj /etc-link/app.conf 0123 1700000000", "obj /etc-link/passwd 0123 1700000000"]);
    expect(paths).toEqual(["/etc/app.conf"]);
  });

  it("excludes runtime state, caches, kernel sources, dracut and genpack's own files always", () => {
    for (const devel of [false, true]) {
      for (const path of ["/run/lock/x", "/var/run/x.pid", "/var/lock/x", "/var/cache/ldconfig/aux-cache", "/usr/lib/dracut/modules.d/x", "/usr/lib/genpack/package-scripts/x"]) {
        expect(isExcludedPath(path, devel), `${path} (devel: ${devel})`).toBe(true);
      }
    }
    expect(isExcludedPath("/run", false)).toBe(false);
    expect(isExcludedPath("/var/lib/cache", false)).toBe(false);
  });

  it("excludes /usr/src/linux as a prefix, so versioned kernel sources too", () => {
    expect(isExcludedPath("/usr/src/linux", true)).toBe(true);
    expect(isExcludedPath("/usr/src/linux-6.12.8-gentoo/Makefile", true)).toBe(true);
    expect(isExcludedPath("/usr/src/debug/app/main.c", false)).toBe(false);
    expect(isExcludedPath("/usr/lib/debug/usr/bin/ls.debug", false)).toBe(false);
  });

  it("excludes documentation only outside devel mode", () => {
    for (const path of ["/usr/share/man/man1/ls.1.bz2", "/usr/share/doc/app-1/README", "/usr/share/gtk-doc/html/x", "/usr/share/info/dir", "/usr/include/stdio.h"]) {
      expect(isExcludedPath(path, false), path).toBe(true);
      expect(isExcludedPath(path, true), path).toBe(false);
    }
    expect(isExcludedPath("/usr/share/manuals/x", false)).toBe(false);
  });

  it("excludes Python's test suites and static libraries only outside devel mode", () => {
    for (const path of ["/usr/lib/python3.12/test/test_os.py", "/usr/lib/python3/test/x", "/usr/lib64/libc.a"]) {
      expect(isExcludedPath(path, false), path).toBe(true);
      expect(isExcludedPath(path, true), path).toBe(false);
    }
    expect(isExcludedPath("/usr/lib/python3.12/site-packages/app/test/x.py", false)).toBe(false);
    expect(isExcludedPath("/usr/lib64/libc.so", false)).toBe(false);
  });

  it("applies the exclusions to the resolved path", () => {
    const root = new FakeRoot().mergedUsr().symlink("/usr/lib/genpack-link", "genpack");
    const paths = copyUp(root, (fake) => [fake.obj("/usr/lib/genpack/x"), fake.obj("/usr/lib/genpack-link/y"), fake.obj("/lib/libz.a")]);
    expect(paths).toEqual(["/bin", "/sbin", "/lib", "/lib64", "/usr/sbin"]);
  });

  it("keeps documentation in devel mode", () => {
    const root = new FakeRoot().file("/usr/bin/genpack-devel", "", 0o755);
    const paths = copyUp(root, (fake) => [fake.obj("/usr/share/man/man1/a.1"), fake.obj("/usr/include/a.h"), fake.obj("/usr/share/doc/a/README")]);
    expect(paths).toEqual(["/usr/share/man/man1/a.1", "/usr/include/a.h", "/usr/share/doc/a/README"]);
  });

  it("adds the top-level paths that exist, a symlink counting, after the packages' files", () => {
    const root = new FakeRoot().mergedUsr().directory("/proc").directory("/root").directory("/tmp").directory("/run");
    const paths = copyUp(root, (fake) => [fake.obj("/etc/a.conf")]);
    expect(paths).toEqual(["/etc/a.conf", "/bin", "/sbin", "/lib", "/lib64", "/usr/sbin", "/run", "/proc", "/root", "/tmp"]);
  });

  it("lists each path once, in closure and CONTENTS order", () => {
    const root = new FakeRoot().set("genpack-runtime", ["app-misc/a"]).directory("/home");
    root.pkg("app-misc/a-1", { rdepend: "app-misc/b", contents: [root.dir("/etc/shared"), root.obj("/etc/shared/a")] });
    root.pkg("app-misc/b-1", { contents: [root.dir("/etc/shared"), root.obj("/etc/shared/b"), root.dir("/home")] });
    expect(collectCopyUpList(root.hostDir, computeRuntimeClosure(root.hostDir)).paths).toEqual(["/etc/shared", "/etc/shared/a", "/etc/shared/b", "/home"]);
  });

  it("takes no files from packages outside the closure", () => {
    const root = new FakeRoot();
    root.pkg("sys-devel/gcc-14", { contents: [root.obj("/usr/bin/gcc")] });
    expect(copyUp(root, (fake) => [fake.obj("/usr/bin/a")])).toEqual(["/usr/bin/a"]);
  });
});
