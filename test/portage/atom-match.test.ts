import { describe, expect, it } from "vitest";
import { atomKey, matchesAtom, parseAtom, type MatchCandidate } from "../../portage/atom-match.js";
import { bestInstalledMatch, matchInstalled, readInstalledPackages } from "../../runtime/upper/closure/vdb.js";
import { FakeRoot } from "../runtime/upper/closure/fake-root.js";

const pkg = (version: string, extra: Partial<MatchCandidate> = {}): MatchCandidate => ({ category: "dev-libs", name: "foo", version, slot: "0", ...extra });
const matches = (atom: string, version: string, extra: Partial<MatchCandidate> = {}) => matchesAtom(parseAtom(atom), pkg(version, extra));

describe("atom parsing", () => {
  it("splits an atom into operator, name, version, slot, sub-slot, repository and USE dependencies", () => {
    expect(parseAtom(">=dev-lang/python-3.12.1-r2:3.12/3.12t::gentoo[sqlite,ssl(+)]")).toEqual({
      text: ">=dev-lang/python-3.12.1-r2:3.12/3.12t::gentoo[sqlite,ssl(+)]",
      operator: ">=",
      category: "dev-lang",
      name: "python",
      version: "3.12.1-r2",
      slot: "3.12",
      subSlot: "3.12t",
      repository: "gentoo",
      useDependencies: [
        { text: "sqlite", flag: "sqlite", form: "enabled", missing: undefined },
        { text: "ssl(+)", flag: "ssl", form: "enabled", missing: "enabled" },
      ],
    });
    expect(atomKey(parseAtom("=sys-devel/gcc-14*:14"))).toBe("sys-devel/gcc");
  });

  it("refuses invalid atoms with the reason", () => {
    expect(() => parseAtom("dev-lang/php-8.2")).toThrow(/is not a valid atom: .*add an operator/);
  });

  it("refuses a malformed USE dependency, naming the atom and the item", () => {
    expect(() => parseAtom("dev-libs/foo[-ssl?]")).toThrow('"dev-libs/foo[-ssl?]" is not a valid atom: "[-ssl?]" is not a valid USE dependency: "-ssl?" mixes');
  });
});

describe("atom matching", () => {
  it("compares versions with = >= <= > <, revisions included", () => {
    expect(matches("=dev-libs/foo-1.0", "1.0")).toBe(true);
    expect(matches("=dev-libs/foo-1.0", "1.0-r0")).toBe(true);
    expect(matches("=dev-libs/foo-1.0", "1.0-r1")).toBe(false);
    expect(matches(">=dev-libs/foo-1.0-r1", "1.0-r1")).toBe(true);
    expect(matches(">=dev-libs/foo-1.0-r1", "1.0")).toBe(false);
    expect(matches(">dev-libs/foo-1.0", "1.0_p1")).toBe(true);
    expect(matches("<dev-libs/foo-1.0", "1.0_rc9")).toBe(true);
    expect(matches("<=dev-libs/foo-1.0", "1.0-r1")).toBe(false);
  });

  it("takes any revision of the version with ~, as Portage compares the version text", () => {
    expect(matches("~dev-libs/foo-1.0", "1.0")).toBe(true);
    expect(matches("~dev-libs/foo-1.0", "1.0-r7")).toBe(true);
    expect(matches("~dev-libs/foo-1.0", "1.0.1")).toBe(false);
    expect(matches("~dev-libs/foo-1.0", "1.00-r1")).toBe(false);
  });

  it("matches =…* as a prefix that ends at a component boundary", () => {
    expect(matches("=dev-libs/foo-1*", "1")).toBe(true);
    expect(matches("=dev-libs/foo-1*", "1.5.2")).toBe(true);
    expect(matches("=dev-libs/foo-1*", "1a")).toBe(true);
    expect(matches("=dev-libs/foo-1*", "1_rc1")).toBe(true);
    expect(matches("=dev-libs/foo-1*", "1-r3")).toBe(true);
    expect(matches("=dev-libs/foo-1*", "10")).toBe(false);
    expect(matches("=dev-libs/foo-1.2*", "1.20")).toBe(false);
    expect(matches("=dev-libs/foo-01.2*", "1.2.3")).toBe(true);
    expect(matches("=dev-libs/foo-0.1*", "00.1.1")).toBe(true);
  });

  it("matches the slot, and the sub-slot when the atom names one", () => {
    expect(matches("dev-libs/foo:0", "1")).toBe(true);
    expect(matches("dev-libs/foo:1", "1")).toBe(false);
    expect(matches("dev-libs/foo:0/3", "1", { subSlot: "3" })).toBe(true);
    expect(matches("dev-libs/foo:0/3", "1", { subSlot: "1.1" })).toBe(false);
    expect(matches("dev-libs/foo:0/0", "1")).toBe(true);
  });

  it("ignores slot operators, which say nothing about which package is installed, and leaves USE dependencies to satisfiesUseDependencies", () => {
    expect(matches("dev-libs/foo:=", "1", { slot: "5" })).toBe(true);
    expect(matches("dev-libs/foo:*", "1", { slot: "5" })).toBe(true);
    expect(matches("dev-libs/foo:5=", "1", { slot: "5" })).toBe(true);
    expect(matches("dev-libs/foo[ssl,-static-libs]", "1")).toBe(true);
  });

  it("matches the repository when the atom names one", () => {
    expect(matches("dev-libs/foo::gentoo", "1", { repository: "gentoo" })).toBe(true);
    expect(matches("dev-libs/foo::gentoo", "1", { repository: "genpack-overlay" })).toBe(false);
  });

  it("matches nothing of another category or name", () => {
    expect(matches("dev-libs/foobar", "1")).toBe(false);
    expect(matches("app-misc/foo", "1")).toBe(false);
  });
});

describe("installed-package matching", () => {
  const root = () =>
    new FakeRoot()
      .pkg("dev-lang/python-3.11.9", { slot: "3.11" })
      .pkg("dev-lang/python-3.12.4-r1", { slot: "3.12/3.12" })
      .pkg("dev-lang/python-3.12.10", { slot: "3.12/3.12" })
      .pkg("app-misc/foo-1.0", { repository: "genpack-overlay" })
      .directory("/var/db/pkg/app-misc/-MERGING-bar-2.0")
      .directory("/var/db/pkg/app-misc/.keep");

  it("takes the best installed match: the highest version", () => {
    const installed = readInstalledPackages(root().hostDir);
    expect(bestInstalledMatch(installed, "dev-lang/python")?.cpv).toBe("dev-lang/python-3.12.10");
    expect(bestInstalledMatch(installed, "dev-lang/python:3.11")?.cpv).toBe("dev-lang/python-3.11.9");
    expect(bestInstalledMatch(installed, "<dev-lang/python-3.12.10")?.cpv).toBe("dev-lang/python-3.12.4-r1");
    expect(bestInstalledMatch(installed, ">=dev-lang/python-3.13")).toBeUndefined();
  });

  it("reads slot, sub-slot and repository from the vdb", () => {
    const installed = readInstalledPackages(root().hostDir);
    expect(matchInstalled(installed, "dev-lang/python:3.12/3.12").map((found) => found.version)).toEqual(["3.12.4-r1", "3.12.10"]);
    expect(matchInstalled(installed, "app-misc/foo::genpack-overlay")).toHaveLength(1);
  });

  it("skips interrupted merges and hidden entries", () => {
    expect(readInstalledPackages(root().hostDir).all.map((found) => found.cpv)).toEqual([
      "app-misc/foo-1.0",
      "dev-lang/python-3.11.9",
      "dev-lang/python-3.12.4-r1",
      "dev-lang/python-3.12.10",
    ]);
  });

  it("checks USE dependencies against each installed version's USE, IUSE and IUSE_EFFECTIVE", () => {
    const installed = readInstalledPackages(
      root()
        .pkg("dev-db/sqlite-3.45", { use: "", iuse: "+readline" })
        .pkg("dev-lang/python-3.13.1", { slot: "3.13", use: "amd64 elibc_glibc", iuse: "sqlite", iuseEffective: "amd64 elibc_glibc elibc_musl sqlite" }).hostDir,
    );
    expect(bestInstalledMatch(installed, "dev-lang/python[sqlite]")).toBeUndefined();
    expect(bestInstalledMatch(installed, "dev-lang/python[-sqlite,-elibc_musl,elibc_glibc]")?.cpv).toBe("dev-lang/python-3.13.1");
    expect(bestInstalledMatch(installed, "dev-db/sqlite[-readline]")?.cpv).toBe("dev-db/sqlite-3.45");
    expect(matchInstalled(installed, "dev-lang/python[tk(+)]")).toHaveLength(4);
  });

  it("evaluates conditional USE dependencies against the USE it is given for the dependant", () => {
    const installed = readInstalledPackages(root().pkg("dev-db/sqlite-3.45", { use: "readline", iuse: "readline" }).hostDir);
    expect(bestInstalledMatch(installed, "dev-db/sqlite[readline=]", new Set(["readline"]))?.cpv).toBe("dev-db/sqlite-3.45");
    expect(bestInstalledMatch(installed, "dev-db/sqlite[readline=]", new Set())).toBeUndefined();
    expect(bestInstalledMatch(installed, "dev-db/sqlite[readline=]")?.cpv).toBe("dev-db/sqlite-3.45");
  });

  it("gives an atom without a category the category of the installed package of that name", () => {
    const installed = readInstalledPackages(root().pkg("sys-apps/foo-2").hostDir);
    expect(bestInstalledMatch(installed, "python")?.cpv).toBe("dev-lang/python-3.12.10");
    expect(bestInstalledMatch(installed, "nothing")).toBeUndefined();
    expect(() => bestInstalledMatch(installed, "foo")).toThrow('"foo" has no category and is installed in several: app-misc, sys-apps');
  });
});
