import { describe, expect, it } from "vitest";
import { mergeIndexes, packagesIndexText, parsePackagesIndex, type PackagesIndex } from "../../../runtime/binhost/index.js";
import { packagePath } from "../../../runtime/binhost/packages-index.js";
import { blockOf, HEADER, type TestPackage } from "./package-dir.js";

function indexOf(packages: readonly TestPackage[], header: readonly string[] = HEADER): PackagesIndex {
  const text = [`${header.join("\n")}\n`, ...packages.map((pkg) => `${blockOf(pkg).join("\n")}\n`)].join("\n") + "\n";
  const parsed = parsePackagesIndex(text);
  if (!parsed.ok) throw new Error(`line ${parsed.line}: ${parsed.problem}`);
  return parsed.index;
}

const foo: TestPackage = { cpv: "app-misc/foo-1", content: "foo with ssl", use: "ssl" };
const bar: TestPackage = { cpv: "dev-libs/bar-2.1-r1", content: "bar" };

describe("Portage's Packages index", () => {
  it("reads a header and package blocks and writes them back as they were", () => {
    const text = [`${HEADER.join("\n")}\n`, `${blockOf(foo).join("\n")}\n`, `${blockOf(bar).join("\n")}\n`].join("\n") + "\n";
    const parsed = parsePackagesIndex(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.index.header.get("CHOST")).toBe("x86_64-pc-linux-gnu");
    expect(parsed.index.packages.map((block) => block.get("CPV"))).toEqual(["app-misc/foo-1", "dev-libs/bar-2.1-r1"]);
    expect(packagesIndexText(parsed.index)).toBe(text);
  });

  it("names the line that is not KEY: value, and a key written twice in a block", () => {
    expect(parsePackagesIndex("VERSION: 0\n\nCPV: a/b-1\n<html>\n")).toMatchObject({ ok: false, line: 4 });
    expect(parsePackagesIndex("VERSION: 0\n\nCPV: a/b-1\nCPV: a/c-1\n")).toMatchObject({ ok: false, line: 4, problem: "CPV is written twice in one block" });
  });

  it("reads an index of 100,000 packages", () => {
    const block = blockOf(foo).join("\n");
    const text = `${HEADER.join("\n")}\n\n${`${block}\n\n`.repeat(100_000)}`;
    const parsed = parsePackagesIndex(text);
    expect(parsed.ok && parsed.index.packages.length).toBe(100_000);
  });

  it("refuses a package path that leaves the package directory or is not a package file", () => {
    const header = new Map<string, string>();
    for (const path of ["../etc/passwd.gpkg.tar", "/etc/x/y.gpkg.tar", "a/../../b.gpkg.tar", "a/b/c/d/e.gpkg.tar", "app-misc/foo/foo-1-1.sh", ".hidden/x/y.gpkg.tar"]) {
      expect(packagePath(new Map([["PATH", path]]), header)).toBeUndefined();
    }
    expect(packagePath(new Map([["PATH", "app-misc/foo/foo-1-1.gpkg.tar"]]), header)).toBe("app-misc/foo/foo-1-1.gpkg.tar");
    expect(packagePath(new Map([["CPV", "app-misc/foo-1"]]), header)).toBe("app-misc/foo-1.gpkg.tar");
  });
});

describe("merging a build's index into a binhost's", () => {
  it("keeps the binhost's packages, adds the build's, and counts the ones already there", () => {
    const merged = mergeIndexes(indexOf([foo, bar]), indexOf([bar, { cpv: "sys-apps/baz-3", content: "baz" }]), 1_800_000_000);
    expect(merged.uploads).toEqual(["app-misc/foo/foo-1-1.gpkg.tar"]);
    expect(merged.present).toBe(1);
    expect(merged.conflicts).toEqual([]);
    expect(merged.index.packages.map((block) => block.get("CPV"))).toEqual(["app-misc/foo-1", "dev-libs/bar-2.1-r1", "sys-apps/baz-3"]);
    expect(merged.index.header.get("PACKAGES")).toBe("3");
    expect(merged.index.header.get("TIMESTAMP")).toBe("1800000000");
  });

  it("keeps packages of other USE flags apart by build id, and leaves the binhost's file where a build gave the same build id to another build", () => {
    const withoutSsl: TestPackage = { ...foo, content: "foo without ssl", use: "" };
    const merged = mergeIndexes(indexOf([withoutSsl, { ...foo, buildId: 2 }]), indexOf([foo]), 1);
    expect(merged.conflicts).toEqual([{ path: "app-misc/foo/foo-1-1.gpkg.tar", cpv: "app-misc/foo-1" }]);
    expect(merged.uploads).toEqual(["app-misc/foo/foo-1-2.gpkg.tar"]);
    expect(merged.index.packages.map((block) => [block.get("BUILD_ID"), block.get("USE")])).toEqual([
      ["1", "ssl"],
      ["2", "ssl"],
    ]);
  });

  it("keeps the binhost's URI and TTL, and its packages at paths gp would not write", () => {
    const odd = "BUILD_ID: 1\nCPV: app-misc/odd-1\nMD5: 0\nPATH: amd64/app-misc/odd/odd-1-1.gpkg.tar\nSIZE: 1\n";
    const text = `${HEADER.join("\n")}\nTTL: 3600\nURI: https://cdn.example.org/x86_64\n\n${odd}\n`;
    const parsed = parsePackagesIndex(text);
    if (!parsed.ok) throw new Error(parsed.problem);
    const merged = mergeIndexes(indexOf([foo]), parsed.index, 1);
    expect(merged.index.packages.map((block) => block.get("CPV"))).toEqual(["app-misc/foo-1", "app-misc/odd-1"]);
    expect([merged.index.header.get("URI"), merged.index.header.get("TTL")]).toEqual(["https://cdn.example.org/x86_64", "3600"]);
  });

  it("gives the binhost's packages the CHOST their header gave them when the headers differ", () => {
    const remote = indexOf([bar], HEADER.map((line) => (line.startsWith("CHOST") ? "CHOST: x86_64-gentoo-linux-musl" : line)));
    const merged = mergeIndexes(indexOf([foo]), remote, 1);
    expect(merged.index.packages.find((block) => block.get("CPV") === bar.cpv)?.get("CHOST")).toBe("x86_64-gentoo-linux-musl");
    expect(merged.index.packages.find((block) => block.get("CPV") === foo.cpv)?.has("CHOST")).toBe(false);
  });
});
