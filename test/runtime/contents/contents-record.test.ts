import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkContentsRecord, contentsRecord, formatChain, formatContents, groupPaths, isImagePath, matchPackages, readContentsRecord } from "../../../runtime/contents/index.js";
import { computeRuntimeClosure } from "../../../runtime/upper/closure/index.js";
import { FakeRoot } from "../upper/closure/fake-root.js";
import { temporaryDirectory } from "../../helpers/temp.js";

/** A record of a synthetic root: a → || ( gone b[ssl] c ), with a few paths. */
function sampleRecord() {
  const root = new FakeRoot()
    .set("genpack-runtime", ["app-misc/a"])
    .pkg("app-misc/a-1", { rdepend: "|| ( app-misc/gone app-misc/b[ssl] app-misc/c )" })
    .pkg("app-misc/b-1", { use: "", iuse: "ssl" })
    .pkg("app-misc/c-1");
  const closure = computeRuntimeClosure(root.hostDir);
  return contentsRecord({
    upperKey: "key",
    closure,
    paths: [
      { path: "/etc", type: "directory", rules: [{ kind: "files" }] },
      { path: "/etc/passwd", type: "file", owner: "app-misc/a-1", rules: [{ kind: "accounts" }] },
      { path: "/etc/x.conf", type: "file", rules: [{ kind: "files", file: "files/etc/x.conf" }] },
      { path: "/usr/bin/c", type: "file", owner: "app-misc/c-1", rules: [] },
    ],
  });
}

describe("the contents record", () => {
  it("writes each package's chain from its set, with the || alternative taken and why the others were not", () => {
    const record = sampleRecord();
    expect(formatChain(record, "app-misc/c-1")).toBe(
      "@genpack-runtime → app-misc/a-1 → app-misc/c-1 (RDEPEND, || alternative 3 of || ( app-misc/gone app-misc/b[ssl] app-misc/c ): app-misc/gone not installed, app-misc/b-1 installed without [ssl])",
    );
  });

  it("groups paths by the rule that put them there, else by their owner, and says both for a package file a rule changed", () => {
    const groups = groupPaths(sampleRecord());
    expect(groups.map((group) => [group.label, group.paths.map((path) => path.path)])).toEqual([
      ["groups and users (groupadd, useradd)", ["/etc/passwd"]],
      ["files/", ["/etc", "/etc/x.conf"]],
      ["app-misc/c-1", ["/usr/bin/c"]],
    ]);
    expect(formatContents(sampleRecord(), "t")).toContain("    /etc/passwd (owned by app-misc/a-1)\n");
    expect(formatContents(sampleRecord(), "t")).toContain("    /etc/x.conf (from files/etc/x.conf)\n");
  });

  it("matches packages by atom, slot included, or by bare name", () => {
    const record = sampleRecord();
    expect(matchPackages(record, "app-misc/c").map((pkg) => pkg.cpv)).toEqual(["app-misc/c-1"]);
    expect(matchPackages(record, ">=app-misc/c-2").map((pkg) => pkg.cpv)).toEqual([]);
    expect(matchPackages(record, "app-misc/c:0").map((pkg) => pkg.cpv)).toEqual(["app-misc/c-1"]);
    expect(matchPackages(record, "a").map((pkg) => pkg.cpv)).toEqual(["app-misc/a-1"]);
  });

  it("accepts only plain absolute image paths", () => {
    expect(["/", "/etc", "/etc/x.conf"].every(isImagePath)).toBe(true);
    expect(["etc", "/etc/../x", "/./etc", "//etc", "/etc/", "/a\0b"].some(isImagePath)).toBe(false);
  });

  it("refuses a forged record naming the field at fault", () => {
    const record = sampleRecord();
    expect(() => checkContentsRecord({ ...record, paths: [{ path: "/../etc", type: "file", rules: [] }] })).toThrow('paths[0].path "/../etc" is not a plain absolute image path');
    expect(() => checkContentsRecord({ ...record, format: 9 })).toThrow('its format is "9", not 1');
    expect(() => checkContentsRecord({ ...record, paths: [{ path: "/x", type: "file", rules: [{ kind: "rm -rf" }] }] })).toThrow("paths[0].rules[0] is not a rule");
    expect(() => checkContentsRecord([])).toThrow("it is not a JSON object");
    expect(checkContentsRecord(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it("reads a record file, refusing a FIFO-like non-file or non-JSON with the file's name, and a missing one as missing", () => {
    const directory = temporaryDirectory("gp-contents-");
    const file = join(directory, "contents.json");
    expect(readContentsRecord(file)).toEqual({ ok: false, missing: true });
    writeFileSync(file, "\u0000\u00ff not json");
    expect(() => readContentsRecord(file)).toThrow(`${file} is not a contents record gp wrote: it is not JSON`);
    mkdirSync(join(directory, "dir.json"));
    expect(() => readContentsRecord(join(directory, "dir.json"))).toThrow("is a directory");
  });

  it("checks a record of 100,000 paths in linear time", () => {
    const record = { ...sampleRecord(), paths: Array.from({ length: 100_000 }, (_, index) => ({ path: `/many/p${index}`, type: "file", rules: [] })) };
    const started = performance.now();
    checkContentsRecord(record);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("the paths of gp contents", () => {
  it("lists each build script's paths as a group in the phase's order, before the packages' groups", () => {
    const record = {
      ...sampleRecord(),
      paths: [
        { path: "/usr/bin/c", type: "file" as const, owner: "app-misc/c-1", rules: [] },
        { path: "/etc/b", type: "file" as const, rules: [{ kind: "build-script" as const, file: "files/build.d/20-b.sh" }] },
        { path: "/etc/s", type: "file" as const, rules: [{ kind: "services" as const }] },
        { path: "/etc/a", type: "file" as const, rules: [{ kind: "build-script" as const, file: "files/build.d/10-a.sh" }] },
        { path: "/etc/f", type: "file" as const, rules: [{ kind: "files" as const }] },
      ],
    };
    expect(groupPaths(record).map((group) => group.label)).toEqual(["files/", "build script files/build.d/20-b.sh", "build script files/build.d/10-a.sh", "services (systemctl enable)", "app-misc/c-1"]);
  });
});
