import { describe, expect, it } from "vitest";
import { computeRuntimeClosure, NoMatchError } from "../../../../runtime/upper/closure/runtime-closure.js";
import { FakeRoot } from "./fake-root.js";

const cpvs = (root: FakeRoot, options: Parameters<typeof computeRuntimeClosure>[1] = {}) => computeRuntimeClosure(root.hostDir, options).packages.map((pkg) => pkg.cpv);

/** A root without a profile, whose @genpack-runtime holds the given atoms. */
const runtime = (...atoms: string[]) => new FakeRoot().set("genpack-runtime", atoms);

describe("the runtime closure", () => {
  it("starts from @profile, then @genpack-runtime", () => {
    const root = runtime("app-misc/runtime")
      .repository("genpack-overlay", "/var/db/repos/genpack-overlay", { formats: "portage-2 profile-set" })
      .profile("/var/db/repos/genpack-overlay/profiles/genpack/amd64", { packages: ["genpack/base"] })
      .selectProfile("/var/db/repos/genpack-overlay/profiles/genpack/amd64")
      .pkg("genpack/base-1")
      .pkg("app-misc/runtime-1");
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.roots).toEqual(["@profile", "@genpack-runtime"]);
    expect(closure.packages.map((pkg) => [pkg.cpv, pkg.neededBy])).toEqual([
      ["genpack/base-1", ["@profile"]],
      ["app-misc/runtime-1", ["@genpack-runtime"]],
    ]);
  });

  it("adds @genpack-devel only in devel mode, when /usr/bin/genpack-devel exists", () => {
    const root = runtime("app-misc/runtime").set("genpack-devel", ["dev-util/gdb"]).pkg("app-misc/runtime-1").pkg("dev-util/gdb-15");
    expect(cpvs(root)).toEqual(["app-misc/runtime-1"]);
    root.file("/usr/bin/genpack-devel", "", 0o755);
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.devel).toBe(true);
    expect(closure.roots).toEqual(["@profile", "@genpack-runtime", "@genpack-devel"]);
    expect(closure.packages.map((pkg) => pkg.cpv)).toEqual(["app-misc/runtime-1", "dev-util/gdb-15"]);
  });

  it("walks pre-order depth-first and takes each package once, recording every dependant", () => {
    const root = runtime("app-misc/a", "app-misc/d")
      .pkg("app-misc/a-1", { rdepend: "app-misc/b app-misc/c" })
      .pkg("app-misc/b-1", { rdepend: "app-misc/shared" })
      .pkg("app-misc/c-1", { rdepend: "app-misc/shared" })
      .pkg("app-misc/d-1", { rdepend: "app-misc/c" })
      .pkg("app-misc/shared-1");
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.packages.map((pkg) => [pkg.cpv, pkg.neededBy])).toEqual([
      ["app-misc/a-1", ["@genpack-runtime"]],
      ["app-misc/b-1", ["app-misc/a-1"]],
      ["app-misc/shared-1", ["app-misc/b-1", "app-misc/c-1"]],
      ["app-misc/c-1", ["app-misc/a-1", "app-misc/d-1"]],
      ["app-misc/d-1", ["@genpack-runtime"]],
    ]);
  });

  it("follows RDEPEND, then PDEPEND, and nothing else", () => {
    const root = runtime("app-misc/a")
      .pkg("app-misc/a-1", { rdepend: "app-misc/run", pdepend: "app-misc/post" })
      .file("/var/db/pkg/app-misc/a-1/DEPEND", "app-misc/build\n")
      .file("/var/db/pkg/app-misc/a-1/BDEPEND", "app-misc/build\n")
      .pkg("app-misc/post-1")
      .pkg("app-misc/run-1")
      .pkg("app-misc/build-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/run-1", "app-misc/post-1"]);
  });

  it("ends a dependency cycle at the package already taken", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "app-misc/b" }).pkg("app-misc/b-1", { pdepend: "app-misc/a" });
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.packages.map((pkg) => [pkg.cpv, pkg.neededBy])).toEqual([
      ["app-misc/a-1", ["@genpack-runtime", "app-misc/b-1"]],
      ["app-misc/b-1", ["app-misc/a-1"]],
    ]);
  });

  it("skips blockers", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "!app-misc/old !!<app-misc/older-2 app-misc/b" }).pkg("app-misc/b-1").pkg("app-misc/old-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("takes the first installed alternative of an any-of group", () => {
    const root = runtime("app-misc/a")
      .pkg("app-misc/a-1", { rdepend: "|| ( app-misc/missing app-misc/second app-misc/third )" })
      .pkg("app-misc/second-1")
      .pkg("app-misc/third-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/second-1"]);
  });

  it("takes an all-of alternative only when all of its packages are installed", () => {
    const root = runtime("app-misc/a")
      .pkg("app-misc/a-1", { rdepend: "|| ( ( app-misc/x app-misc/missing ) ( app-misc/x app-misc/y ) app-misc/z )" })
      .pkg("app-misc/x-1")
      .pkg("app-misc/y-1")
      .pkg("app-misc/z-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/x-1", "app-misc/y-1"]);
  });

  it("reports an any-of group none of whose alternatives is installed, and goes on as genpack does", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "|| ( app-misc/gone app-misc/also-gone ) app-misc/b" }).pkg("app-misc/b-1");
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.packages.map((pkg) => pkg.cpv)).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(closure.unsatisfiedGroups).toEqual([{ neededBy: "app-misc/a-1", group: "|| ( app-misc/gone app-misc/also-gone )" }]);
  });

  it("requires the only alternative of an any-of group, as Portage reduces it to a plain dependency", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "|| ( app-misc/gone )" });
    expect(() => computeRuntimeClosure(root.hostDir)).toThrow("no match for package: app-misc/gone, needed by app-misc/a-1");
  });

  it("evaluates leftover USE conditionals with no flag enabled", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "ssl? ( app-misc/with ) !ssl? ( app-misc/without )" }).pkg("app-misc/with-1").pkg("app-misc/without-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/without-1"]);
  });

  it("prunes genpack-ignore packages with their dependencies", () => {
    const root = runtime("app-misc/a", "genpack/genpack-progs")
      .pkg("app-misc/a-1", { rdepend: "sys-kernel/dracut-genpack app-misc/b", inherited: "genpack-ignored mygenpack-ignore" })
      .pkg("sys-kernel/dracut-genpack-1", { rdepend: "sys-kernel/dracut", inherited: "savedconfig genpack-ignore" })
      .pkg("genpack/genpack-progs-1", { rdepend: "dev-python/tqdm", inherited: "genpack-ignore python-r1" })
      .pkg("sys-kernel/dracut-100")
      .pkg("dev-python/tqdm-4")
      .pkg("app-misc/b-1");
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.packages.map((pkg) => pkg.cpv)).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("takes a package pruned in one place when something else needs it directly", () => {
    const root = runtime("app-misc/a", "sys-kernel/dracut").pkg("app-misc/a-1", { rdepend: "sys-kernel/dracut-genpack" }).pkg("sys-kernel/dracut-genpack-1", { rdepend: "sys-kernel/dracut", inherited: "genpack-ignore" }).pkg("sys-kernel/dracut-100");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "sys-kernel/dracut-100"]);
  });

  it("names the atom and the package that needed it when nothing installed matches", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: ">=app-misc/b-2" }).pkg("app-misc/b-1");
    let error: unknown;
    try {
      computeRuntimeClosure(root.hostDir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NoMatchError);
    expect(error).toMatchObject({ atom: ">=app-misc/b-2", neededBy: "app-misc/a-1", message: "no match for package: >=app-misc/b-2, needed by app-misc/a-1" });
  });

  it("names the set when a set entry matches nothing", () => {
    expect(() => computeRuntimeClosure(runtime("app-misc/absent").hostDir)).toThrow("no match for package: app-misc/absent, needed by @genpack-runtime");
  });

  it("takes the highest installed version that satisfies the atom, slot and sub-slot included", () => {
    const root = runtime("dev-lang/python", "dev-lang/python:3.11", "dev-libs/openssl:0/3")
      .pkg("dev-lang/python-3.11.9", { slot: "3.11" })
      .pkg("dev-lang/python-3.12.4", { slot: "3.12/3.12" })
      .pkg("dev-libs/openssl-3.3.2", { slot: "0/3" });
    expect(cpvs(root)).toEqual(["dev-lang/python-3.12.4", "dev-lang/python-3.11.9", "dev-libs/openssl-3.3.2"]);
  });

  it("expands sets named inside sets, but not a set again inside itself", () => {
    const root = runtime("@web", "app-misc/a").set("web", ["www-servers/nginx", "@web"]).pkg("www-servers/nginx-1.27").pkg("app-misc/a-1");
    const closure = computeRuntimeClosure(root.hostDir);
    expect(closure.packages.map((pkg) => [pkg.cpv, pkg.neededBy])).toEqual([
      ["www-servers/nginx-1.27", ["@web"]],
      ["app-misc/a-1", ["@genpack-runtime"]],
    ]);
  });

  it("reads set files without comments and blank lines, and a missing set as empty", () => {
    const root = new FakeRoot()
      .file("/etc/portage/sets/genpack-runtime", "# the image's packages\n\napp-misc/a # the first\n   app-misc/b   \n@missing\n")
      .pkg("app-misc/a-1")
      .pkg("app-misc/b-1");
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("starts from given roots when asked", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1").pkg("app-misc/b-1");
    expect(cpvs(root, { roots: ["app-misc/b"] })).toEqual(["app-misc/b-1"]);
  });

  it("keeps the metadata /.genpack/packages shows, whitespace collapsed", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1-r2", {
      slot: "0/1.2",
      description: "An  example\npackage",
      use: "amd64 ssl",
      homepage: "https://example.org",
      license: "MIT",
      inherited: "systemd",
    });
    expect(computeRuntimeClosure(root.hostDir).packages).toEqual([
      {
        cpv: "app-misc/a-1-r2",
        category: "app-misc",
        name: "a",
        version: "1-r2",
        slot: "0/1.2",
        neededBy: ["@genpack-runtime"],
        pulledBy: { from: "@genpack-runtime", via: "set", atom: "app-misc/a", file: "/etc/portage/sets/genpack-runtime", choices: [] },
        inherited: "systemd",
        description: "An example package",
        use: "amd64 ssl",
        homepage: "https://example.org",
        license: "MIT",
      },
    ]);
  });
});

describe("USE dependencies in the runtime closure", () => {
  /** A root whose app-misc/a-1 has the given RDEPEND and USE, and whose app-misc/b-1 is built with `bUse` out of IUSE "ssl". */
  const withB = (rdepend: string, bUse: string, aUse = "") =>
    runtime("app-misc/a").pkg("app-misc/a-1", { rdepend, use: aUse, iuse: "ssl" }).pkg("app-misc/b-1", { use: bUse, iuse: "ssl" }).pkg("app-misc/c-1");

  it("takes || ( b[ssl] c ) as c when b is built without ssl, as Portage's dep_bestmatch does", () => {
    expect(cpvs(withB("|| ( app-misc/b[ssl] app-misc/c )", ""))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
  });

  it("takes || ( b[ssl] c ) as b when b is built with ssl", () => {
    expect(cpvs(withB("|| ( app-misc/b[ssl] app-misc/c )", "ssl"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("skips an alternative whose [-flag] the installed package has enabled", () => {
    expect(cpvs(withB("|| ( app-misc/b[-ssl] app-misc/c )", "ssl"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(withB("|| ( app-misc/b[-ssl] app-misc/c )", ""))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("reports a plain dependency whose USE dependency the installed package lacks as no match", () => {
    expect(() => computeRuntimeClosure(withB("app-misc/b[ssl]", "").hostDir)).toThrow(new NoMatchError("app-misc/b[ssl]", "app-misc/a-1"));
    expect(cpvs(withB("app-misc/b[ssl]", "ssl"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("takes the highest installed version that satisfies the USE dependencies", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "app-misc/b[ssl]" }).pkg("app-misc/b-1", { use: "ssl", iuse: "ssl" }).pkg("app-misc/b-2", { use: "", iuse: "ssl" });
    expect(cpvs(root)).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("uses the (+) or (-) default when the flag is not in the installed package's IUSE, and no match without one", () => {
    const root = (dependency: string) => runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: `|| ( ${dependency} app-misc/c )` }).pkg("app-misc/b-1", { iuse: "other" }).pkg("app-misc/c-1");
    expect(cpvs(root("app-misc/b[gtk(+)]"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(root("app-misc/b[gtk(-)]"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(root("app-misc/b[-gtk(-)]"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(root("app-misc/b[gtk]"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(root("app-misc/b[-gtk]"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
  });

  it("evaluates [flag=] and [!flag=] against the USE of the package that depends", () => {
    expect(cpvs(withB("|| ( app-misc/b[ssl=] app-misc/c )", "", "ssl"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(withB("|| ( app-misc/b[ssl=] app-misc/c )", "", ""))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(withB("|| ( app-misc/b[!ssl=] app-misc/c )", "", "ssl"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(withB("|| ( app-misc/b[!ssl=] app-misc/c )", "ssl", "ssl"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
  });

  it("evaluates [flag?] and [!flag?] against the USE of the package that depends", () => {
    expect(cpvs(withB("|| ( app-misc/b[ssl?] app-misc/c )", "", "ssl"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(withB("|| ( app-misc/b[ssl?] app-misc/c )", "", ""))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(withB("|| ( app-misc/b[!ssl?] app-misc/c )", "ssl", ""))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(withB("|| ( app-misc/b[!ssl?] app-misc/c )", "ssl", "ssl"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("matches the same conditional atom once per dependant, each against its own USE", () => {
    const root = runtime("app-misc/with", "app-misc/without")
      .pkg("app-misc/with-1", { rdepend: "|| ( app-misc/b[ssl=] app-misc/c )", use: "ssl", iuse: "ssl" })
      .pkg("app-misc/without-1", { rdepend: "|| ( app-misc/b[ssl=] app-misc/c )", use: "", iuse: "ssl" })
      .pkg("app-misc/b-1", { use: "", iuse: "ssl" })
      .pkg("app-misc/c-1");
    expect(computeRuntimeClosure(root.hostDir).packages.map((pkg) => [pkg.cpv, pkg.neededBy])).toEqual([
      ["app-misc/with-1", ["@genpack-runtime"]],
      ["app-misc/c-1", ["app-misc/with-1"]],
      ["app-misc/without-1", ["@genpack-runtime"]],
      ["app-misc/b-1", ["app-misc/without-1"]],
    ]);
  });

  it("checks USE dependencies in nested groups and in USE-conditional groups", () => {
    const nested = "|| ( ( app-misc/c || ( app-misc/b[ssl] app-misc/d[ssl] ) ) app-misc/e )";
    const root = (rdepend: string) =>
      runtime("app-misc/a").pkg("app-misc/a-1", { rdepend }).pkg("app-misc/b-1", { use: "", iuse: "ssl" }).pkg("app-misc/c-1").pkg("app-misc/d-1", { use: "ssl", iuse: "ssl" }).pkg("app-misc/e-1");
    expect(cpvs(root(nested))).toEqual(["app-misc/a-1", "app-misc/c-1", "app-misc/d-1"]);
    expect(cpvs(root("|| ( ( app-misc/c app-misc/b[ssl] ) app-misc/e )"))).toEqual(["app-misc/a-1", "app-misc/e-1"]);
    expect(cpvs(root("!ssl? ( || ( app-misc/b[ssl] app-misc/d[ssl] ) )"))).toEqual(["app-misc/a-1", "app-misc/d-1"]);
  });

  it("reports an any-of group none of whose alternatives satisfies its USE dependencies", () => {
    const closure = computeRuntimeClosure(withB("|| ( app-misc/b[ssl] app-misc/c[ssl] )", "").hostDir);
    expect(closure.packages.map((pkg) => pkg.cpv)).toEqual(["app-misc/a-1"]);
    expect(closure.unsatisfiedGroups).toEqual([{ neededBy: "app-misc/a-1", group: "|| ( app-misc/b[ssl] app-misc/c[ssl] )" }]);
  });

  it("checks USE dependencies of set entries, where conditional forms ask only for the flag in IUSE", () => {
    const root = (entry: string) => runtime(entry).pkg("app-misc/b-1", { use: "", iuse: "ssl" });
    expect(() => computeRuntimeClosure(root("app-misc/b[ssl]").hostDir)).toThrow(new NoMatchError("app-misc/b[ssl]", "@genpack-runtime", "/etc/portage/sets/genpack-runtime"));
    expect(cpvs(root("app-misc/b[-ssl]"))).toEqual(["app-misc/b-1"]);
    expect(cpvs(root("app-misc/b[ssl=]"))).toEqual(["app-misc/b-1"]);
    expect(() => computeRuntimeClosure(root("app-misc/b[gtk?]").hostDir)).toThrow(new NoMatchError("app-misc/b[gtk?]", "@genpack-runtime", "/etc/portage/sets/genpack-runtime"));
  });

  it("names the package and the vdb file when a dependency holds a malformed USE dependency", () => {
    const expected = 'the RDEPEND of app-misc/a-1 (/var/db/pkg/app-misc/a-1/RDEPEND) cannot be followed: "app-misc/b[-ssl?]" is not a valid atom: "[-ssl?]" is not a valid USE dependency: "-ssl?" mixes `-` with `?`';
    expect(() => computeRuntimeClosure(withB("app-misc/b[-ssl?]", "").hostDir)).toThrow(expected);
    expect(() => computeRuntimeClosure(withB("|| ( app-misc/b[-ssl?] app-misc/c )", "").hostDir)).toThrow(expected);
    const pdepend = runtime("app-misc/a").pkg("app-misc/a-1", { pdepend: "app-misc/b[ssl,]" }).pkg("app-misc/b-1");
    expect(() => computeRuntimeClosure(pdepend.hostDir)).toThrow('the PDEPEND of app-misc/a-1 (/var/db/pkg/app-misc/a-1/PDEPEND) cannot be followed: "app-misc/b[ssl,]" is not a valid atom: "[ssl,]" is not a valid USE dependency: an item between commas is empty');
  });

  it("names the set and its file when a set entry holds a malformed USE dependency", () => {
    expect(() => computeRuntimeClosure(runtime("app-misc/b[!ssl]").pkg("app-misc/b-1").hostDir)).toThrow(
      '"[!ssl]" is not a valid USE dependency: "!ssl" negates nothing: `!` needs `=` or `?` after the flag, as in `!ssl=` or `!ssl?` (needed by @genpack-runtime, in /etc/portage/sets/genpack-runtime)',
    );
  });

  it("names the profile's packages file when an @profile entry matches nothing", () => {
    const root = new FakeRoot()
      .repository("genpack-overlay", "/var/db/repos/genpack-overlay", { formats: "portage-2 profile-set" })
      .profile("/var/db/repos/genpack-overlay/profiles/genpack/amd64", { packages: ["genpack/base"] })
      .selectProfile("/var/db/repos/genpack-overlay/profiles/genpack/amd64");
    expect(() => computeRuntimeClosure(root.hostDir)).toThrow(new NoMatchError("genpack/base", "@profile", "/var/db/repos/genpack-overlay/profiles/genpack/amd64/packages"));
  });

  it("checks USE dependencies in PDEPEND as in RDEPEND", () => {
    const root = (bUse: string) => runtime("app-misc/a").pkg("app-misc/a-1", { pdepend: "|| ( app-misc/b[ssl] app-misc/c )" }).pkg("app-misc/b-1", { use: bUse, iuse: "ssl" }).pkg("app-misc/c-1");
    expect(cpvs(root(""))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(root("ssl"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    const plain = runtime("app-misc/a").pkg("app-misc/a-1", { pdepend: "app-misc/b[ssl]" }).pkg("app-misc/b-1", { use: "", iuse: "ssl" });
    expect(() => computeRuntimeClosure(plain.hostDir)).toThrow(new NoMatchError("app-misc/b[ssl]", "app-misc/a-1"));
  });

  it("counts the profile's implicit flags as known, so [elibc_glibc] and [amd64] match by the built USE", () => {
    const root = (bUse: string, eapi = "8") =>
      new FakeRoot()
        .repository("gentoo", "/var/db/repos/gentoo")
        .profile("/var/db/repos/gentoo/profiles/base")
        .file(
          "/var/db/repos/gentoo/profiles/base/make.defaults",
          'USE_EXPAND="ELIBC"\nUSE_EXPAND_IMPLICIT="ARCH ELIBC"\nUSE_EXPAND_UNPREFIXED="ARCH"\nUSE_EXPAND_VALUES_ARCH="amd64 arm64"\nUSE_EXPAND_VALUES_ELIBC="glibc musl"\nIUSE_IMPLICIT="prefix"\n',
        )
        .selectProfile("/var/db/repos/gentoo/profiles/base")
        .set("genpack-runtime", ["app-misc/a"])
        .pkg("app-misc/a-1", { rdepend: "|| ( app-misc/b[elibc_glibc,-prefix] app-misc/c )" })
        .pkg("app-misc/b-1", { use: bUse, iuse: "", eapi })
        .pkg("app-misc/c-1");
    expect(cpvs(root("elibc_glibc amd64"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
    expect(cpvs(root("elibc_musl amd64"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    // Before EAPI 5 a built flag counts only when IUSE or the profile knows it; here the profile does.
    expect(cpvs(root("elibc_glibc", "4"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });

  it("ignores a built USE flag outside IUSE before EAPI 5, as Portage does, and counts it from EAPI 5 on", () => {
    const root = (eapi: string) => withB("|| ( app-misc/b[gtk(-)] app-misc/c )", "").pkg("app-misc/b-1", { use: "gtk", iuse: "ssl", eapi });
    expect(cpvs(root("4"))).toEqual(["app-misc/a-1", "app-misc/c-1"]);
    expect(cpvs(root("5"))).toEqual(["app-misc/a-1", "app-misc/b-1"]);
  });
});

describe("the chain that pulled each package in", () => {
  const pulledBy = (root: FakeRoot) => Object.fromEntries(computeRuntimeClosure(root.hostDir).packages.map((pkg) => [pkg.cpv, pkg.pulledBy]));

  it("records the set entry with its file, then each RDEPEND or PDEPEND with the atom as written", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: ">=app-misc/b-1:0", pdepend: "app-misc/c" }).pkg("app-misc/b-1").pkg("app-misc/c-1");
    expect(pulledBy(root)).toEqual({
      "app-misc/a-1": { from: "@genpack-runtime", via: "set", atom: "app-misc/a", file: "/etc/portage/sets/genpack-runtime", choices: [] },
      "app-misc/b-1": { from: "app-misc/a-1", via: "RDEPEND", atom: ">=app-misc/b-1:0", file: "/var/db/pkg/app-misc/a-1/RDEPEND", choices: [] },
      "app-misc/c-1": { from: "app-misc/a-1", via: "PDEPEND", atom: "app-misc/c", file: "/var/db/pkg/app-misc/a-1/PDEPEND", choices: [] },
    });
  });

  it("keeps the first edge and lists every other dependant in neededBy", () => {
    const root = runtime("app-misc/a", "app-misc/d").pkg("app-misc/a-1", { rdepend: "app-misc/shared" }).pkg("app-misc/d-1", { pdepend: "app-misc/shared" }).pkg("app-misc/shared-1");
    const shared = computeRuntimeClosure(root.hostDir).packages.find((pkg) => pkg.cpv === "app-misc/shared-1");
    expect(shared?.pulledBy).toMatchObject({ from: "app-misc/a-1", via: "RDEPEND" });
    expect(shared?.neededBy).toEqual(["app-misc/a-1", "app-misc/d-1"]);
  });

  it("records which alternative of || ( … ) was taken and why the earlier ones were passed over", () => {
    const root = runtime("app-misc/a")
      .pkg("app-misc/a-1", { rdepend: "|| ( app-misc/gone app-misc/b[ssl] app-misc/c )" })
      .pkg("app-misc/b-1", { use: "", iuse: "ssl" })
      .pkg("app-misc/c-1");
    expect(pulledBy(root)["app-misc/c-1"]).toEqual({
      from: "app-misc/a-1",
      via: "RDEPEND",
      atom: "app-misc/c",
      file: "/var/db/pkg/app-misc/a-1/RDEPEND",
      choices: [
        {
          group: "|| ( app-misc/gone app-misc/b[ssl] app-misc/c )",
          taken: 3,
          passed: [
            { alternative: "app-misc/gone", atom: "app-misc/gone", reason: "not-installed" },
            { alternative: "app-misc/b[ssl]", atom: "app-misc/b[ssl]", reason: "use", installed: "app-misc/b-1" },
          ],
        },
      ],
    });
  });

  it("records the first alternative as taken when its USE dependency is satisfied", () => {
    const root = runtime("app-misc/a").pkg("app-misc/a-1", { rdepend: "|| ( app-misc/b[ssl] app-misc/c )" }).pkg("app-misc/b-1", { use: "ssl", iuse: "ssl" }).pkg("app-misc/c-1");
    expect(pulledBy(root)["app-misc/b-1"]?.choices).toEqual([{ group: "|| ( app-misc/b[ssl] app-misc/c )", taken: 1, passed: [] }]);
  });

  it("records nested groups outermost first, through USE-conditional groups", () => {
    const root = runtime("app-misc/a")
      .pkg("app-misc/a-1", { rdepend: "!ssl? ( || ( ( app-misc/c || ( app-misc/b[ssl] app-misc/d ) ) app-misc/e ) )" })
      .pkg("app-misc/b-1", { use: "", iuse: "ssl" })
      .pkg("app-misc/c-1")
      .pkg("app-misc/d-1")
      .pkg("app-misc/e-1");
    const chains = pulledBy(root);
    expect(chains["app-misc/c-1"]?.choices.map((choice) => choice.taken)).toEqual([1]);
    expect(chains["app-misc/d-1"]?.choices).toEqual([
      { group: "|| ( ( app-misc/c || ( app-misc/b[ssl] app-misc/d ) ) app-misc/e )", taken: 1, passed: [] },
      { group: "|| ( app-misc/b[ssl] app-misc/d )", taken: 2, passed: [{ alternative: "app-misc/b[ssl]", atom: "app-misc/b[ssl]", reason: "use", installed: "app-misc/b-1" }] },
    ]);
  });

  it("costs one record per package however many dependants share it", () => {
    const dependants = Array.from({ length: 300 }, (_, index) => `app-misc/d${index}`);
    let root = runtime(...dependants).pkg("app-misc/shared-1");
    for (const atom of dependants) root = root.pkg(`${atom}-1`, { rdepend: "app-misc/shared" });
    const shared = computeRuntimeClosure(root.hostDir).packages.find((pkg) => pkg.cpv === "app-misc/shared-1");
    expect(shared?.pulledBy.from).toBe("app-misc/d0-1");
    expect(shared?.neededBy).toHaveLength(300);
  });
});
