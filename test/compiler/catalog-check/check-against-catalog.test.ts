import { describe, expect, it } from "vitest";
import { checkAgainstCatalog } from "../../../compiler/catalog-check/check-against-catalog.js";
import { closestName } from "../../../errors/closest-name.js";
import { definePackage, remove } from "../../../dsl/index.js";
import { smallCatalog } from "./catalog-data.js";

const catalog = smallCatalog();
const judge = (spec: Record<string, unknown>, options: Parameters<typeof checkAgainstCatalog>[2] = {}) => checkAgainstCatalog(spec, catalog, options);
/** Each issue as `code path: message`, plus ` (hint)` and ` [token]` when there are. */
const summary = (spec: Record<string, unknown>, options: Parameters<typeof checkAgainstCatalog>[2] = {}) =>
  judge(spec, options).map(
    (issue) =>
      `${issue.entry.code} ${issue.path.join(".")}${issue.target === "key" ? " (key)" : ""}: ${issue.message}${issue.hint === undefined ? "" : ` (${issue.hint})`}${issue.token === undefined ? "" : ` [${issue.token}]`}`,
  );
/** Each issue as `code path`, for tests of where issues are rather than what they say. */
const places = (spec: Record<string, unknown>, options: Parameters<typeof checkAgainstCatalog>[2] = {}) => summary(spec, options).map((line) => line.slice(0, line.indexOf(":")));

describe("judging a spec by a catalog", () => {
  describe("1. atoms name a package of the catalog or of the image's own", () => {
    it("passes a spec whose every atom, flag and license the catalog has", () => {
      expect(
        judge({
          packages: ["app-misc/screen", ">=dev-lang/php-8.2", "media-libs/mesa:0/24::gentoo", "=app-editors/vim-9*", remove("sys-apps/busybox")],
          buildtimePackages: ["~dev-lang/php-8.3.0"],
          mask: ["media-libs/*", "*/anything", "dev-lang/ph*", "<app-misc/screen-4"],
          binpkgExcludes: "dev-lang/php",
          use: { "media-libs/mesa": ["vaapi", "-X", "video_cards_intel", { VIDEO_CARDS: ["intel", "-radeon"] }], "dev-lang/php": "fpm -gd +mysql -*", "app-editors/*": "X" },
          acceptKeywords: { "app-misc/screen": null },
          license: { "sys-apps/busybox": "GPL-2 @FREE -MIT -* *", "media-libs/mesa": ["MIT", "-GPL-2+"] },
          env: { "dev-lang/php": "debug.conf" },
          circulardepBreaker: { packages: ["media-libs/mesa"], use: "-vaapi" },
        }),
      ).toEqual([]);
    });

    it("reports an unknown atom at its place in the list, with the closest package", () => {
      expect(summary({ packages: ["app-misc/screen", "app-misc/scren", "app-editors/vmi"] })).toEqual([
        "GP5101 packages.1: No repository in the catalog has the package app-misc/scren. (Did you mean `app-misc/screen`?)",
        "GP5101 packages.2: No repository in the catalog has the package app-editors/vmi. (Did you mean `app-editors/vim`?)",
      ]);
    });

    it("looks up atoms with a version, slot or repository by their category/name", () => {
      expect(summary({ packages: [">=app-misc/scren-4.9", "dev-lang/phb:8.3", "=dev-lang/php-8*"] })).toEqual([
        'GP5101 packages.0: No repository in the catalog has the package app-misc/scren, which ">=app-misc/scren-4.9" names. (Did you mean `app-misc/screen`?)',
        'GP5101 packages.1: No repository in the catalog has the package dev-lang/phb, which "dev-lang/phb:8.3" names. (Did you mean `dev-lang/php`?)',
      ]);
    });

    it("suggests the package of that name in another category, and the closest category", () => {
      expect(summary({ packages: ["app-editor/vim", "app-misc/vim", "app-mics/screen", "nothing/like-it"] })).toEqual([
        'GP5101 packages.0: No repository in the catalog has the package app-editor/vim, nor any package in the category "app-editor". (Did you mean `app-editors/vim`?)',
        "GP5101 packages.1: No repository in the catalog has the package app-misc/vim. (Did you mean `app-editors/vim`?)",
        'GP5101 packages.2: No repository in the catalog has the package app-mics/screen, nor any package in the category "app-mics". (Did you mean `app-misc/screen`?)',
        'GP5101 packages.3: No repository in the catalog has the package nothing/like-it, nor any package in the category "nothing". (If a repository has it, write the catalog again with that repository (gp catalog --repo PATH).)',
      ]);
    });

    it("needs the category of a wildcard to exist, and a wildcard in the name to match", () => {
      expect(summary({ mask: ["app-mics/*", "*/nothing-anywhere", "app-misc/scr*", "app-misc/zz*"] })).toEqual([
        'GP5101 mask.0: No repository in the catalog has a package in the category "app-mics", which "app-mics/*" names. (Did you mean `app-misc`?)',
        'GP5101 mask.3: No package in the catalog matches "app-misc/zz*". (If a repository has it, write the catalog again with that repository (gp catalog --repo PATH).)',
      ]);
    });

    it("judges removals, and leaves packages made with definePackage() to their own checks", () => {
      const greeter = definePackage({ category: "app-misc", name: "greeter", version: "1", description: "Greets" });
      expect(summary({ packages: [greeter, remove("app-misc/nano")] })).toEqual([
        "GP5101 packages.1.remove: No repository in the catalog has the package app-misc/nano. (If a repository has it, write the catalog again with that repository (gp catalog --repo PATH).)",
      ]);
    });

    it("knows the image's own packages, also in a category the catalog lacks", () => {
      const localAtoms = new Set(["app-misc/greeter", "gp-local/tool"]);
      expect(judge({ packages: ["app-misc/greeter", ">=gp-local/tool-1"], use: { "app-misc/greeter": ["anything"] }, mask: ["gp-local/*"] }, { localAtoms })).toEqual([]);
    });

    it("judges every field that holds atoms, and the atom keys of use, acceptKeywords, license and env", () => {
      expect(
        places({
          buildtimePackages: ["dev-lang/perl"],
          mask: ["dev-lang/perl"],
          binpkgExcludes: ["dev-lang/perl"],
          circulardepBreaker: { packages: ["dev-lang/perl"] },
          use: { "dev-lang/perl": "ithreads" },
          acceptKeywords: { "dev-lang/perl": null },
          license: { "dev-lang/perl": "MIT" },
          env: { "dev-lang/perl": "debug.conf" },
        }),
      ).toEqual([
        "GP5101 buildtimePackages.0",
        "GP5101 mask.0",
        "GP5101 binpkgExcludes.0",
        "GP5101 circulardepBreaker.packages.0",
        "GP5101 use.dev-lang/perl (key)",
        "GP5101 license.dev-lang/perl (key)",
        "GP5101 acceptKeywords.dev-lang/perl (key)",
        "GP5101 env.dev-lang/perl (key)",
      ]);
      expect(summary({ binpkgExcludes: "dev-lang/perl" })[0]).toMatch(/^GP5101 binpkgExcludes: /);
    });

    it("judges every level: arch blocks, variants and their arch blocks", () => {
      const block = { packages: ["dev-lang/perl"] };
      expect(places({ ...block, arch: { aarch64: block }, variants: { debug: { ...block, arch: { "x86_64|aarch64": block } } } })).toEqual([
        "GP5101 packages.0",
        "GP5101 arch.aarch64.packages.0",
        "GP5101 variants.debug.packages.0",
        "GP5101 variants.debug.arch.x86_64|aarch64.packages.0",
      ]);
    });
  });

  describe("2. USE flags are flags of the package their key names", () => {
    it("reports a flag of the list form at its element, and of the string form at its word", () => {
      expect(summary({ use: { "media-libs/mesa": ["vaapi", "-vulkn"], "dev-lang/php": "fpm -gdd +mysqli" } })).toEqual([
        'GP5102 use.media-libs/mesa.1: "vulkn" is not a USE flag of media-libs/mesa. (Did you mean `vulkan`?)',
        'GP5102 use.dev-lang/php: "gdd" is not a USE flag of dev-lang/php. (Did you mean `gd`?) [-gdd]',
        'GP5102 use.dev-lang/php: "mysqli" is not a USE flag of dev-lang/php. (Did you mean `mysql`?) [+mysqli]',
      ]);
    });

    it("judges a USE_EXPAND flag written as a flag by the package's flags", () => {
      expect(summary({ use: { "media-libs/mesa": ["video_cards_intel", "video_cards_radeon"] } })).toEqual([
        'GP5102 use.media-libs/mesa.1: "video_cards_radeon" is not a USE flag of media-libs/mesa. (Did you mean `video_cards_intel`?)',
      ]);
    });

    it("judges the flags of an atom with a version or slot by its package, and not those of a wildcard or an unknown atom", () => {
      expect(summary({ use: { ">=dev-lang/php-8": "fpmm", "dev-lang/php:8.3": ["gdd"], "dev-lang/*": "whatever", "dev-lang/phb": "anything" } })).toEqual([
        'GP5102 use.>=dev-lang/php-8: "fpmm" is not a USE flag of dev-lang/php. (Did you mean `fpm`?) [fpmm]',
        'GP5102 use.dev-lang/php:8.3.0: "gdd" is not a USE flag of dev-lang/php. (Did you mean `gd`?)',
        "GP5101 use.dev-lang/phb (key): No repository in the catalog has the package dev-lang/phb. (Did you mean `dev-lang/php`?)",
      ]);
    });

    it("lists the package's flags when none is close, and says when it has none", () => {
      expect(summary({ use: { "app-misc/screen": "nothing-close", "sys-apps/busybox": ["static"] } })).toEqual([
        'GP5102 use.app-misc/screen: "nothing-close" is not a USE flag of app-misc/screen. (The flags of app-misc/screen are `multiuser`, `pam`.) [nothing-close]',
        'GP5102 use.sys-apps/busybox.0: "static" is not a USE flag of sys-apps/busybox. (sys-apps/busybox has no USE flags in the catalog.)',
      ]);
    });
  });

  describe("3. USE_EXPAND values are values the catalog describes", () => {
    it("judges groups in a list, groups alone, and the words after a marker in a string", () => {
      expect(summary({ use: { "media-libs/mesa": ["vaapi", { VIDEO_CARDS: ["intel", "intell"] }], "dev-lang/php": { VIDEO_CARDS: ["-radeonn"] }, "app-misc/screen": "pam VIDEO_CARDS: radeon nvidia" } })).toEqual([
        'GP5103 use.media-libs/mesa.1.VIDEO_CARDS.1: "intell" is not a VIDEO_CARDS value the catalog describes. (Did you mean `intel`?)',
        'GP5103 use.dev-lang/php.VIDEO_CARDS.0: "radeonn" is not a VIDEO_CARDS value the catalog describes. (Did you mean `radeon`?)',
        'GP5103 use.app-misc/screen: "nvidia" is not a VIDEO_CARDS value the catalog describes. [nvidia]',
      ]);
    });

    it("leaves the values of a variable the catalog does not describe", () => {
      expect(judge({ use: { "media-libs/mesa": [{ LLVM_TARGETS: ["AMDGPU"] }], "dev-lang/php": "PHP_TARGETS: php8-3" } })).toEqual([]);
    });
  });

  describe("4. licenses are licenses of the catalog", () => {
    it("judges names and taken-back names, and passes groups and the wildcards", () => {
      expect(summary({ license: { "sys-apps/busybox": "GPL2 @FREE -MITT * -*", "media-libs/mesa": ["-GPL-3", "@BINARY-REDISTRIBUTABLE"] } })).toEqual([
        'GP5104 license.sys-apps/busybox: "GPL2" is not a license of the catalog\'s repositories. (Did you mean `GPL-2`?) [GPL2]',
        'GP5104 license.sys-apps/busybox: "MITT" is not a license of the catalog\'s repositories. (Did you mean `MIT`?) [-MITT]',
        'GP5104 license.media-libs/mesa.0: "GPL-3" is not a license of the catalog\'s repositories. (Did you mean `GPL-2`?)',
      ]);
    });

    it("judges no license when the catalog declares none, and says why all fail when it has none", () => {
      const { licenses: _, ...withoutLicenses } = catalog;
      expect(checkAgainstCatalog({ license: { "sys-apps/busybox": "Whatever" } }, withoutLicenses)).toEqual([]);
      expect(summary({ license: { "sys-apps/busybox": "MIT" } }).length).toBe(0);
      const none = checkAgainstCatalog({ license: { "sys-apps/busybox": "MIT" } }, { ...catalog, licenses: new Set() });
      expect(none.map((issue) => issue.hint)).toEqual(["The catalog's repositories have no licenses/ directory; write the catalog with the repository that has, such as gentoo."]);
    });
  });

  describe("genpack.json5", () => {
    it("reads genpack's keys, `-atom` removals and lists of USE words", () => {
      expect(
        places(
          {
            packages: ["app-misc/screen", "-app-misc/nano", "#app-misc/commented"],
            buildtime_packages: ["dev-lang/perl"],
            use: { "media-libs/mesa": ["vaapi -vulkn", "VIDEO_CARDS: intell"] },
            binpkg_excludes: "dev-lang/perl",
            variants: { debug: { accept_keywords: { "dev-lang/perl": null } } },
          },
          { keys: "genpack" },
        ),
      ).toEqual([
        "GP5101 packages.1",
        "GP5101 buildtime_packages.0",
        "GP5101 binpkg_excludes",
        "GP5102 use.media-libs/mesa.0",
        "GP5103 use.media-libs/mesa.1",
        "GP5101 variants.debug.accept_keywords.dev-lang/perl (key)",
      ]);
    });
  });
});

describe("the closest name", () => {
  it("counts a swap of neighbours as one edit, and ignores case", () => {
    expect(closestName("app-mics", ["app-misc", "app-admin"])).toBe("app-misc");
    expect(closestName("x", ["X", "y"])).toBe("X");
  });

  it("finds nothing beyond a third of the name's length, at least two edits", () => {
    expect(closestName("vaapi", ["vdpau"])).toBeUndefined();
    expect(closestName("linux-firmware", ["linux-firmwear"])).toBe("linux-firmwear");
    expect(closestName("abc", [])).toBeUndefined();
  });
});
