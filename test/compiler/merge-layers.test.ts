import { describe, expect, it } from "vitest";
import { remove } from "../../dsl/index.js";
import { lower } from "../../compiler/lower.js";
import { mergeLayers } from "../../compiler/merge-layers.js";
import { genpackJson, keysOf, layers } from "../helpers/layers.js";

describe("merging layers: scalars", () => {
  it("lets a later layer replace a scalar", () => {
    expect(genpackJson({ compression: "gzip", profile: "paravirt" }, { compression: "xz" })).toMatchObject({ compression: "xz", profile: "paravirt" });
  });

  it("keeps an earlier scalar that a later layer does not set", () => {
    expect(genpackJson({ lowerLayerCapacity: 64 }, {})).toMatchObject({ "lower-layer-capacity": 64 });
  });
});

describe("merging layers: packages", () => {
  it("unions packages in order, dropping exact duplicates", () => {
    expect(genpackJson({ packages: ["a/x", "a/y"] }, { packages: ["a/y", "a/z"] }).packages).toEqual(["a/x", "a/y", "a/z"]);
  });

  it("removes an atom that an earlier layer added at the same level", () => {
    expect(genpackJson({ packages: ["a/x", "a/y"] }, { packages: [remove("a/x")] }).packages).toEqual(["a/y"]);
  });

  it("matches removals on the exact string only", () => {
    expect(genpackJson({ packages: [">=a/x-1"] }, { packages: [remove("a/x")] }).packages).toEqual([">=a/x-1"]);
  });

  it("lets a later entry add back an atom that was removed", () => {
    expect(genpackJson({ packages: ["a/x"] }, { packages: [remove("a/x"), "a/x"] }).packages).toEqual(["a/x"]);
  });

  it("keeps removals inside arch blocks, where genpack applies them to the top level", () => {
    const document = genpackJson({ arch: { x86_64: { packages: ["a/x"] } } }, { arch: { x86_64: { packages: [remove("a/y")] } } });
    expect(document.arch).toEqual({ x86_64: { packages: ["a/x", "-a/y"] } });
  });

  it("keeps removals inside variants", () => {
    expect(genpackJson({ variants: { v: { packages: [remove("a/x")] } } }).variants).toEqual({ v: { packages: ["-a/x"] } });
  });
});

describe("merging layers: unions", () => {
  it("unions buildtimePackages, mask, services and binpkgExcludes without duplicates", () => {
    const document = genpackJson(
      { buildtimePackages: ["a/b"], mask: ["a/m"], services: ["sshd"], binpkgExcludes: "a/e" },
      { buildtimePackages: ["a/b", "a/c"], mask: ["a/m"], services: ["sshd", "nginx"], binpkgExcludes: ["a/e", "a/f"] },
    );
    expect(document).toMatchObject({ buildtime_packages: ["a/b", "a/c"], mask: ["a/m"], services: ["sshd", "nginx"], binpkg_excludes: ["a/e", "a/f"] });
  });

  it("writes a single binpkgExcludes atom as a list", () => {
    expect(genpackJson({ binpkgExcludes: "a/e" }).binpkg_excludes).toEqual(["a/e"]);
  });
});

describe("merging layers: per-key records", () => {
  it("replaces a key's value and keeps the key's first position", () => {
    const merged = lower(mergeLayers(layers({ use: { "a/x": "one", "a/y": "two" } }, { use: { "a/x": "three" } })), "t").document;
    const use = merged.entries.find(([key]) => key === "use")?.[1];
    expect(keysOf(use)).toEqual(["a/x", "a/y"]);
    expect(genpackJson({ use: { "a/x": "one", "a/y": "two" } }, { use: { "a/x": "three" } }).use).toEqual({ "a/x": "three", "a/y": "two" });
  });

  it("merges acceptKeywords, license and env by key", () => {
    const document = genpackJson(
      { acceptKeywords: { "a/k": null }, license: { "a/l": "A" }, env: { "a/e": "x.conf" } },
      { acceptKeywords: { "a/k": "**" }, license: { "a/m": "B" }, env: { "a/e": ["y.conf"] } },
    );
    expect(document).toMatchObject({ accept_keywords: { "a/k": "**" }, license: { "a/l": "A", "a/m": "B" }, env: { "a/e": ["y.conf"] } });
  });
});

describe("merging layers: concatenated lists", () => {
  it("appends users, groups and setupCommands in layer order", () => {
    const document = genpackJson(
      { users: ["alice"], groups: ["media"], setupCommands: ["first"] },
      { users: [{ name: "bob", uid: 1000 }], groups: [{ name: "pcap", gid: 900 }], setupCommands: ["second", "first"] },
    );
    expect(document).toMatchObject({
      users: [{ name: "alice" }, { name: "bob", uid: 1000 }],
      groups: ["media", { name: "pcap", gid: 900 }],
      setup_commands: ["first", "second", "first"],
    });
  });

  it("writes users with genpack's snake_case field names", () => {
    const document = genpackJson({ users: [{ name: "u", initialGroup: "g", additionalGroups: ["a", "b"], createHome: false, emptyPassword: true }] });
    expect(document.users).toEqual([{ name: "u", initial_group: "g", additional_groups: ["a", "b"], create_home: false, empty_password: true }]);
  });
});

describe("merging layers: arch blocks and variants", () => {
  it("merges arch blocks of the same key and keeps other keys in first-seen order", () => {
    const merged = lower(mergeLayers(layers({ arch: { aarch64: { packages: ["a/a"] }, x86_64: { packages: ["a/x"] } } }, { arch: { "x86_64|aarch64": { services: ["s"] }, aarch64: { packages: ["a/b"] } } })), "t").document;
    expect(keysOf(merged.entries.find(([key]) => key === "arch")?.[1])).toEqual(["aarch64", "x86_64", "x86_64|aarch64"]);
    expect(genpackJson({ arch: { aarch64: { packages: ["a/a"] } } }, { arch: { aarch64: { packages: ["a/b"] } } }).arch).toEqual({ aarch64: { packages: ["a/a", "a/b"] } });
  });

  it("merges variants of the same name, with their arch blocks", () => {
    const document = genpackJson(
      { variants: { cuda: { packages: ["a/c"], arch: { x86_64: { use: { "a/u": "x" } } } } } },
      { variants: { cuda: { users: ["gpu"], arch: { x86_64: { use: { "a/u": "y" } } } }, rocm: {} } },
    );
    expect(document.variants).toEqual({ cuda: { packages: ["a/c"], users: [{ name: "gpu" }], arch: { x86_64: { use: { "a/u": "y" } } } }, rocm: {} });
  });

  it("keeps variant names that look like numbers in the order written", () => {
    const merged = lower(mergeLayers(layers({ variants: { selftest: {}, "31": {} } })), "t").document;
    // A JavaScript object literal already puts "31" first; the merge keeps what it is given.
    expect(keysOf(merged.entries.find(([key]) => key === "variants")?.[1])).toEqual(["31", "selftest"]);
  });
});

describe("merging layers: laws", () => {
  it("changes nothing when a layer is empty", () => {
    const spec = { packages: ["a/x"], use: { "a/x": "y" }, users: ["u"], arch: { x86_64: { services: ["s"] } } };
    expect(genpackJson({}, spec)).toEqual(genpackJson(spec));
    expect(genpackJson(spec, {})).toEqual(genpackJson(spec));
  });

  it("never mutates the layers it merges", () => {
    const profile = Object.freeze({ packages: Object.freeze(["a/x"]), use: Object.freeze({ "a/x": "y" }) });
    expect(() => genpackJson(profile, { packages: [remove("a/x")], use: { "a/x": "z" } })).not.toThrow();
    expect(profile.packages).toEqual(["a/x"]);
  });
});

describe("lowering", () => {
  it("always writes the name, defaulting to the blueprint's", () => {
    expect(genpackJson({}).name).toBe("test");
    expect(genpackJson({ name: "given" }).name).toBe("given");
  });

  it("writes genpack's keys in genpack's processing order", () => {
    const document = lower(mergeLayers(layers({ services: ["s"], packages: ["a/b"], profile: "paravirt", variants: { v: {} }, defaultVariant: "v", compression: "xz" })), "t").document;
    expect(document.entries.map(([key]) => key)).toEqual(["name", "profile", "compression", "packages", "services", "default_variant", "variants"]);
  });

  it("writes USE_EXPAND groups after the plain flags", () => {
    expect(genpackJson({ use: { "a/m": ["vaapi", { VIDEO_CARDS: ["virgl", "zink"] }, "-X"] } }).use).toEqual({ "a/m": "vaapi -X VIDEO_CARDS: virgl zink" });
    expect(genpackJson({ use: { "a/g": { GRUB_PLATFORMS: ["pc", "efi-32"], CPU_FLAGS_X86: ["avx"] } } }).use).toEqual({ "a/g": "GRUB_PLATFORMS: pc efi-32 CPU_FLAGS_X86: avx" });
  });

  it("writes string USE settings verbatim", () => {
    expect(genpackJson({ use: { "a/p": "+mysql -postgres APACHE2_MPMS: prefork" } }).use).toEqual({ "a/p": "+mysql -postgres APACHE2_MPMS: prefork" });
  });

  it("leaves out empty fields", () => {
    expect(Object.keys(genpackJson({ packages: [], use: {} }))).toEqual(["name"]);
  });
});
