import { describe, expect, it } from "vitest";
import { mergeRepositories } from "../../../compiler/catalog/merge-repositories.js";
import type { PackageContents, RepositoryContents } from "../../../compiler/catalog/repository-contents.js";
import type { VersionMetadata } from "../../../portage/repository/version-metadata.js";

const version = (pvr: string, fields: Partial<VersionMetadata> = {}): VersionMetadata => ({ version: pvr, flags: [], keywords: [], slot: "0", licenses: [], description: "", ...fields });

function repository(name: string, packages: Record<string, PackageContents>, fields: Partial<Omit<RepositoryContents, "summary" | "packages">> = {}): RepositoryContents {
  return {
    summary: { name, path: `/repos/${name}`, packages: Object.keys(packages).length, source: "md5-cache" },
    packages: new Map(Object.entries(packages)),
    globalFlags: new Map(),
    useExpand: new Map(),
    licenses: [],
    profiles: [],
    ...fields,
  };
}

const only = (versions: VersionMetadata[], flagDescriptions: Record<string, string> = {}): PackageContents => ({ versions, flagDescriptions: new Map(Object.entries(flagDescriptions)) });

describe("merging repositories", () => {
  it("1. unites versions, flags, slots, keywords and licenses of a package over repositories", () => {
    const { packages } = mergeRepositories([
      repository("gentoo", { "dev-lang/php": only([version("8.2.1", { flags: ["ssl"], keywords: ["amd64"], slot: "8.2", licenses: ["PHP-3.01"] })]) }),
      repository("overlay", { "dev-lang/php": only([version("8.3.0", { flags: ["fpm", "ssl"], keywords: ["~amd64"], slot: "8.3", licenses: ["MIT"] })]) }),
    ]);
    expect(packages["dev-lang/php"]).toEqual({
      description: "",
      flags: { fpm: "", ssl: "" },
      slots: ["8.2", "8.3"],
      keywords: ["amd64", "~amd64"],
      licenses: ["MIT", "PHP-3.01"],
      versions: ["8.2.1", "8.3.0"],
      repository: "overlay",
    });
  });

  it("1. orders versions as Portage does and lists a shared version once", () => {
    const { packages } = mergeRepositories([
      repository("a", { "x/y": only([version("1.10"), version("1.9"), version("1.10_rc1")]) }),
      repository("b", { "x/y": only([version("1.9"), version("1.9-r1"), version("9999")]) }),
    ]);
    expect(packages["x/y"]?.versions).toEqual(["1.9", "1.9-r1", "1.10_rc1", "1.10", "9999"]);
  });

  it("2. describes a package by its highest version, the later repository's when versions are equal", () => {
    const { packages } = mergeRepositories([
      repository("a", { "x/y": only([version("2", { description: "two" }), version("10", { description: "ten" })]) }),
      repository("b", { "x/y": only([version("3", { description: "three" })]), "x/z": only([version("1.0", { description: "first" })]) }),
      repository("c", { "x/z": only([version("1.00", { description: "equal but later" })]) }),
    ]);
    expect(packages["x/y"]?.description).toBe("ten");
    expect(packages["x/z"]?.description).toBe("equal but later");
  });

  it("3. describes a flag by the package's own description first, the later repository's winning unless empty", () => {
    const { packages } = mergeRepositories([
      repository("a", { "x/y": only([version("1", { flags: ["gui", "ssl", "cli"] })], { gui: "earlier", cli: "kept" }) }, { globalFlags: new Map([["ssl", "global ssl"], ["gui", "global gui"]]) }),
      repository("b", { "x/y": only([version("2")], { gui: "later", cli: "" }) }),
    ]);
    expect(packages["x/y"]?.flags).toEqual({ cli: "kept", gui: "later", ssl: "global ssl" });
  });

  it("3. gives an overlay's flags the master's global and USE_EXPAND descriptions", () => {
    const { packages } = mergeRepositories([
      repository("gentoo", {}, {
        globalFlags: new Map([["ssl", "SSL"]]),
        useExpand: new Map([
          ["PYTHON_TARGETS", new Map([["python3_12", "Python 3.12"]])],
          ["PYTHON_SINGLE_TARGET", new Map([["python3_12", "Only Python 3.12"]])],
        ]),
      }),
      repository("overlay", { "genpack/base": only([version("1", { flags: ["ssl", "python_targets_python3_12", "python_single_target_python3_12", "python_targets_python2_7", "local"] })]) }),
    ]);
    expect(packages["genpack/base"]?.flags).toEqual({
      local: "",
      python_single_target_python3_12: "Only Python 3.12",
      python_targets_python2_7: "",
      python_targets_python3_12: "Python 3.12",
      ssl: "SSL",
    });
  });

  it("4. names the last repository that has the package", () => {
    const { packages } = mergeRepositories([repository("a", { "x/y": only([version("1")]), "x/z": only([version("1")]) }), repository("b", { "x/y": only([version("1")]) })]);
    expect(packages["x/y"]?.repository).toBe("b");
    expect(packages["x/z"]?.repository).toBe("a");
  });

  it("5. unites USE_EXPAND values and licenses, a later non-empty description winning", () => {
    const catalog = mergeRepositories([
      repository("a", {}, { useExpand: new Map([["VIDEO_CARDS", new Map([["intel", "Intel"], ["radeon", "Radeon"]])]]), licenses: ["MIT", "GPL-2"] }),
      repository("b", {}, { useExpand: new Map([["VIDEO_CARDS", new Map([["intel", ""], ["nvidia", "NVIDIA"]])]]), licenses: ["MIT", "BSD"] }),
    ]);
    expect(catalog.useExpand).toEqual({ VIDEO_CARDS: { intel: "Intel", nvidia: "NVIDIA", radeon: "Radeon" } });
    expect(catalog.licenses).toEqual(["BSD", "GPL-2", "MIT"]);
  });

  it("6. lists profiles repository by repository, an identical line once", () => {
    const amd64 = { arch: "amd64", path: "default/linux/amd64/23.0", stability: "stable", repository: "gentoo" };
    const overlay = { arch: "amd64", path: "genpack/amd64", stability: "stable", repository: "overlay" };
    expect(mergeRepositories([repository("gentoo", {}, { profiles: [amd64, amd64] }), repository("overlay", {}, { profiles: [overlay] })]).profiles).toEqual([amd64, overlay]);
  });

  it("sorts package keys and gives an empty catalog for no repositories", () => {
    expect(Object.keys(mergeRepositories([repository("a", { "z/a": only([version("1")]), "a/z": only([version("1")]) })]).packages)).toEqual(["a/z", "z/a"]);
    expect(mergeRepositories([])).toEqual({ repositories: [], packages: {}, useExpand: {}, licenses: [], profiles: [] });
  });
});
