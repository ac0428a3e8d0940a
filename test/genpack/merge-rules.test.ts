import { describe, expect, it } from "vitest";
import { resolveText, runtimeSet, stopsWith } from "../helpers/genpack-json.js";

describe("genpack's merge: packages", () => {
  it("adds packages in order, each exact string once", () => {
    expect(runtimeSet(resolveText(`{ packages: ["a/x", "a/y", "a/x"] }`))).toEqual(["a/x", "a/y"]);
  });

  it("removes with -atom the exact string an earlier block added", () => {
    expect(runtimeSet(resolveText(`{ packages: ["a/x", "a/y"], arch: { x86_64: { packages: ["-a/x"] } } }`))).toEqual(["a/y"]);
  });

  it("does not match -atom against a versioned atom", () => {
    expect(runtimeSet(resolveText(`{ packages: [">=a/x-1"], arch: { x86_64: { packages: ["-a/x"] } } }`))).toEqual([">=a/x-1"]);
  });

  it("forgets a removal that found nothing, so a later block can add the atom back", () => {
    const text = `{ arch: { x86_64: { packages: ["-a/x"] } }, variants: { v: { packages: ["a/x"] } } }`;
    expect(runtimeSet(resolveText(text, { variant: "v" }))).toEqual(["a/x"]);
  });

  it("makes a top-level -atom do nothing, since the top level merges into an empty list", () => {
    expect(runtimeSet(resolveText(`{ packages: ["-a/x", "a/y"] }`))).toEqual(["a/y"]);
  });
});

describe("genpack's merge: lists without removal", () => {
  it("unions buildtime_packages, mask and services, taking -x literally", () => {
    const resolution = resolveText(`{ buildtime_packages: ["a/b"], mask: ["a/m"], services: ["s"], arch: { x86_64: { buildtime_packages: ["a/b", "-a/b"], mask: ["a/m", "a/n"], services: ["s", "t"] } } }`);
    expect(resolution.portageFiles["etc/portage/sets/genpack-buildtime"]).toBe("a/b\n-a/b");
    expect(resolution.portageFiles["etc/portage/package.mask/genpack"]).toBe("a/m\na/n");
    expect(resolution.services).toEqual(["s", "t"]);
  });

  it("turns a binpkg_excludes string into a list and unions it", () => {
    expect(resolveText(`{ binpkg_excludes: "a/k", arch: { x86_64: { binpkg_excludes: ["a/k", "a/l"] } } }`).binpkgExcludes).toEqual(["a/k", "a/l"]);
  });

  it("concatenates users, groups and setup_commands without removing duplicates", () => {
    const resolution = resolveText(`{ users: ["a"], groups: ["g"], setup_commands: ["x"], variants: { v: { users: ["a"], groups: ["g"], setup_commands: ["x"] } } }`, { variant: "v" });
    expect(resolution.users).toEqual(["a", "a"]);
    expect(resolution.groups).toEqual(["g", "g"]);
    expect(resolution.setupCommands).toEqual(["x", "x"]);
  });
});

describe("genpack's merge: per-key settings", () => {
  it("replaces accept_keywords, use, license and env entries by key", () => {
    const resolution = resolveText(`{ use: { "a/x": "one", "a/y": "two" }, arch: { x86_64: { use: { "a/x": "three" } } } }`);
    expect(resolution.portageFiles["etc/portage/package.use/genpack"]).toBe("a/x three\na/y two\n");
  });

  it("keeps a replaced key in its first place, as a Python dict does", () => {
    const resolution = resolveText(`{ license: { "a/x": "A", "a/y": "B" }, variants: { v: { license: { "a/y": "C", "a/x": "D" } } } }`, { variant: "v" });
    expect(resolution.portageFiles["etc/portage/package.license/genpack"]).toBe("a/x D\na/y C\n");
  });
});

describe("genpack's merge: order of blocks", () => {
  it("applies the top level, then matching arch blocks in the order written, then the variant, then its arch blocks", () => {
    const text = `{
      use: { "a/x": "top" },
      arch: { "x86_64|aarch64": { use: { "a/x": "both" } }, x86_64: { use: { "a/x": "x86" } } },
      variants: { v: { use: { "a/x": "variant" }, arch: { x86_64: { use: { "a/x": "variant-x86" } } } } },
    }`;
    expect(resolveText(text).portageFiles["etc/portage/package.use/genpack"]).toBe("a/x x86\n");
    expect(resolveText(text, { arch: "aarch64" }).portageFiles["etc/portage/package.use/genpack"]).toBe("a/x both\n");
    expect(resolveText(text, { variant: "v" }).portageFiles["etc/portage/package.use/genpack"]).toBe("a/x variant-x86\n");
    expect(resolveText(text, { variant: "v", arch: "aarch64" }).portageFiles["etc/portage/package.use/genpack"]).toBe("a/x variant\n");
  });

  it("matches arch keys split on | against the target arch", () => {
    const text = `{ arch: { "riscv64|aarch64": { packages: ["a/r"] }, x86_64: { packages: ["a/x"] } } }`;
    expect(runtimeSet(resolveText(text, { arch: "aarch64" }))).toEqual(["a/r"]);
    expect(runtimeSet(resolveText(text, { arch: "riscv64" }))).toEqual(["a/r"]);
    expect(runtimeSet(resolveText(text, { arch: "x86_64" }))).toEqual(["a/x"]);
  });

  it("reads in an arch block only what genpack allows there", () => {
    expect(resolveText(`{ arch: { x86_64: { users: ["a"], groups: ["g"] } } }`).users).toEqual([]);
  });

  it("uses the default variant when none is asked for, and none when told so", () => {
    const text = `{ default_variant: "v", variants: { v: { packages: ["a/v"] } } }`;
    expect(resolveText(text).variant).toBe("v");
    expect(resolveText(text, { variant: null }).variant).toBeNull();
  });
});

describe("genpack's rendering of Portage files", () => {
  it("writes null as a bare atom, a list joined with spaces, anything else through str()", () => {
    const resolution = resolveText(`{ accept_keywords: { "a/n": null, "a/l": ["~amd64", "**"], "a/t": true, "a/f": 1.0, "a/i": 3 } }`);
    expect(resolution.portageFiles["etc/portage/package.accept_keywords/genpack"]).toBe("a/n\na/l ~amd64 **\na/t True\na/f 1.0\na/i 3\n");
  });

  it("writes set files and package.mask without a newline after the last entry, and empty files when empty", () => {
    const resolution = resolveText(`{ packages: ["a/x", "a/y"] }`);
    expect(resolution.portageFiles["etc/portage/sets/genpack-runtime"]).toBe("a/x\na/y");
    expect(resolution.portageFiles["etc/portage/package.mask/genpack"]).toBe("");
    expect(resolution.portageFiles["etc/portage/package.env"]).toBe("");
    expect(Object.keys(resolution.portageFiles)).toHaveLength(7);
  });

  it("passes USE_EXPAND syntax through verbatim", () => {
    expect(resolveText(`{ use: { "media-libs/mesa": "vaapi VIDEO_CARDS: virgl zink" } }`).portageFiles["etc/portage/package.use/genpack"]).toBe("media-libs/mesa vaapi VIDEO_CARDS: virgl zink\n");
  });

  it("writes floats as Python's repr does", () => {
    const resolution = resolveText(`{ use: { "a/a": 1e16, "a/b": 0.0001, "a/c": 0.00001, "a/d": 2.50, "a/e": 123456789.0 } }`);
    expect(resolution.portageFiles["etc/portage/package.use/genpack"]).toBe("a/a 1e+16\na/b 0.0001\na/c 1e-05\na/d 2.5\na/e 123456789.0\n");
  });
});

describe("the Portage profile, output file and the rest", () => {
  it("names the profile genpack-overlay:genpack/<portage arch>[/<profile>]", () => {
    expect(resolveText(`{ profile: "paravirt" }`).portageProfile).toBe("genpack-overlay:genpack/amd64/paravirt");
    expect(resolveText(`{ profile: "raspberrypi" }`, { arch: "aarch64" }).portageProfile).toBe("genpack-overlay:genpack/arm64/raspberrypi");
    expect(resolveText(`{}`, { arch: "riscv64" }).portageProfile).toBe("genpack-overlay:genpack/riscv");
  });

  it("names the output <name>[-<variant>]-<arch>.squashfs, with the directory's name by default", () => {
    expect(resolveText(`{ name: "nc" }`).outfile).toBe("nc-x86_64.squashfs");
    expect(resolveText(`{ variants: { v: {} } }`, { variant: "v", arch: "aarch64" }).outfile).toBe("artifact-v-aarch64.squashfs");
  });

  it("reads the breaker, the lower capacity and independent binpkgs from the top level", () => {
    const resolution = resolveText(`{ circulardep_breaker: { packages: ["a/x"], use: "-y" }, "lower-layer-capacity": 64, independent_binpkgs: true }`);
    expect(resolution.circulardepBreaker).toEqual({ packages: ["a/x"], use: "-y" });
    expect(resolution.lowerLayerCapacity).toBe(64);
    expect(resolution.independentBinpkgs).toBe(true);
  });
});

describe("where genpack's code and its documentation disagree", () => {
  const text = `{
    name: "n", profile: "paravirt",
    setup_commands: ["top"],
    arch: { x86_64: { setup_commands: ["arch"], buildtime_packages_first: true } },
    variants: { v: { name: "renamed", profile: "weston/paravirt", outfile: "v.squashfs", setup_commands: ["variant"] } },
  }`;

  it("applies a variant's profile, name and outfile as documented, and ignores them with --compat genpack", () => {
    const docs = resolveText(text, { variant: "v" });
    expect([docs.portageProfile, docs.name, docs.outfile]).toEqual(["genpack-overlay:genpack/amd64/weston/paravirt", "renamed", "v.squashfs"]);
    const code = resolveText(text, { variant: "v", semantics: "genpack" });
    expect([code.portageProfile, code.name, code.outfile]).toEqual(["genpack-overlay:genpack/amd64/paravirt", "n", "n-v-x86_64.squashfs"]);
  });

  it("merges setup_commands of arch blocks and variants as documented, and runs only the top level's with --compat genpack", () => {
    expect(resolveText(text, { variant: "v" }).setupCommands).toEqual(["top", "arch", "variant"]);
    expect(resolveText(text, { variant: "v", semantics: "genpack" }).setupCommands).toEqual(["top"]);
  });

  it("merges buildtime_packages_first from an arch block as documented, not with --compat genpack", () => {
    expect(resolveText(text).buildtimePackagesFirst).toBe(true);
    expect(resolveText(text, { semantics: "genpack" }).buildtimePackagesFirst).toBe(false);
  });

  it("accepts users given as strings as documented, where genpack's code stops", () => {
    expect(resolveText(`{ users: ["plain"] }`).users).toEqual(["plain"]);
    expect(stopsWith(`{ users: ["plain"] }`)).toBe("AttributeError: 'str' object has no attribute 'get'");
  });
});

describe("where genpack stops", () => {
  it.each([
    [`{ "buildtime-packages": ["a/b"] }`, "ValueError: buildtime-packages at genpack.json is deprecated, use buildtime_packages instead"],
    [`{ arch: { x86_64: { "binpkg-exclude": ["a/b"] } } }`, "ValueError: binpkg-exclude at genpack.json > arch=x86_64 is deprecated, use binpkg_excludes instead"],
    [`{ "circulardep-breaker": {} }`, "ValueError: Use circulardep_breaker instead of circulardep-breaker in genpack.json"],
    [`{ variants: { cuda: { arch: { x86_64: { packages: "a/b" } } } }, default_variant: "cuda" }`, "ValueError: packages at genpack.json > variant=cuda > arch=x86_64 must be a list"],
    [`{ default_variant: "gpu", variants: { cuda: {} } }`, "ValueError: Variant 'gpu' is not available in genpack.json. Available variants: ['cuda']"],
    [`{ packages: [""] }`, "IndexError: string index out of range"],
    [`{ packages: [5] }`, "TypeError: 'int' object is not subscriptable"],
    [`{ groups: [5] }`, "Exception: group must be string or dict"],
    [`{ users: [{ uid: 5 }] }`, "Exception: user dict must have 'name' key"],
    [`{ use: { "a/b": [1] } }`, "TypeError: sequence item 0: expected str instance, int found"],
    [`{ setup_commands: [5] }`, "ValueError: setup_commands must be a list of strings or dicts"],
    [`{ arch: [] }`, "ValueError: arch at genpack.json must be a dictionary"],
  ])("%s", (text, message) => {
    expect(stopsWith(text)).toBe(message);
  });
});
