import { chmodSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCatalog } from "../../../compiler/catalog/read-catalog.js";
import { writeRepository } from "../../fixtures/portage-repositories/write-repository.js";
import { temporaryDirectory } from "../../helpers/temp.js";

const cacheEntry = (values: Record<string, string>) => `${Object.entries({ EAPI: "8", ...values }).map(([key, value]) => `${key}=${value}`).join("\n")}\n`;

/** A master repository as Gentoo ships it: md5-cache for every ebuild, metadata.xml, the profiles/ description files. */
function writeGentoo(directory: string): string {
  return writeRepository(directory, {
    "profiles/repo_name": "gentoo\n",
    "metadata/layout.conf": "masters =\nthin-manifests = true\n",
    "profiles/categories": "dev-lang\nmedia-libs\n",
    "profiles/use.desc": "# Global flags\nssl - Add support for SSL/TLS\ndoc - Build the documentation\n",
    "profiles/use.local.desc": "dev-lang/php:fpm - fpm from use.local.desc\ndev-lang/php:cli - The command-line interpreter\n",
    "profiles/desc/video_cards.desc": "# VIDEO_CARDS\nintel - Intel GPUs\n",
    "profiles/desc/python_targets.desc": "python3_12 - Build with Python 3.12\n",
    "profiles/profiles.desc": "#arch\tprofile\tstatus\namd64\tdefault/linux/amd64/23.0\tstable\narm64\tdefault/linux/arm64/23.0\tdev\n",
    "licenses/GPL-2": "GPL\n",
    "licenses/MIT": "MIT\n",
    "licenses/PHP-3.01": "PHP\n",
    // What the ebuilds say differs from their cache entries: the catalog must show the cache.
    "dev-lang/php/php-8.2.1.ebuild": 'IUSE="from-the-ebuild"\nSLOT="wrong"\n',
    "dev-lang/php/php-8.3.0-r1.ebuild": 'IUSE="from-the-ebuild"\n',
    "dev-lang/php/metadata.xml": '<?xml version="1.0"?>\n<pkgmetadata>\n<use>\n<flag name="fpm">Build the <pkg>www-servers/php-fpm</pkg>\n  FastCGI manager</flag>\n</use>\n</pkgmetadata>\n',
    "metadata/md5-cache/dev-lang/php-8.2.1": cacheEntry({ DESCRIPTION: "PHP 8.2", IUSE: "+fpm cli ssl", KEYWORDS: "amd64 arm64", LICENSE: "PHP-3.01", SLOT: "8.2" }),
    "metadata/md5-cache/dev-lang/php-8.3.0-r1": cacheEntry({
      DESCRIPTION: "The PHP language",
      IUSE: "fpm doc python_targets_python3_12 video_cards_intel undescribed",
      KEYWORDS: "~amd64 -*",
      LICENSE: "|| ( PHP-3.01 MIT ) gd? ( GPL-2 )",
      SLOT: "8.3/8.3.0",
    }),
    // A stale entry for a version whose ebuild is gone, and one for a package that is gone.
    "metadata/md5-cache/dev-lang/php-7.4.33": cacheEntry({ DESCRIPTION: "PHP 7", IUSE: "stale", KEYWORDS: "x86", SLOT: "7.4" }),
    "metadata/md5-cache/dev-lang/ghost-1": cacheEntry({ DESCRIPTION: "Gone", SLOT: "0" }),
    "media-libs/mesa/mesa-9.2.ebuild": "",
    "media-libs/mesa/mesa-24.0_rc1.ebuild": "",
    "media-libs/mesa/mesa-24.0.ebuild": "",
    "metadata/md5-cache/media-libs/mesa-9.2": cacheEntry({ DESCRIPTION: "Old Mesa", IUSE: "video_cards_intel", KEYWORDS: "amd64", LICENSE: "MIT", SLOT: "0" }),
    "metadata/md5-cache/media-libs/mesa-24.0_rc1": cacheEntry({ DESCRIPTION: "Mesa candidate", IUSE: "video_cards_intel", KEYWORDS: "~amd64", LICENSE: "MIT", SLOT: "0" }),
    "metadata/md5-cache/media-libs/mesa-24.0": cacheEntry({ DESCRIPTION: "OpenGL-like graphics library", IUSE: "video_cards_intel", KEYWORDS: "amd64", LICENSE: "MIT", SLOT: "0" }),
  });
}

/** An overlay of plain ebuilds, no cache, no metadata.xml, named only in layout.conf, as genpack-overlay is. */
function writeGenpackOverlay(directory: string): string {
  return writeRepository(directory, {
    "metadata/layout.conf": "masters = gentoo\nrepo-name = genpack-overlay\n",
    // Lists only the category it adds; dev-lang is the master's.
    "profiles/categories": "genpack\n",
    "profiles/profiles.desc": "amd64 genpack/amd64/paravirt stable\n",
    "licenses/genpack": "text\n",
    "eclass/genpack-ignore.eclass": "# eclass\n",
    "genpack/base/base-20260614.ebuild": 'EAPI=8\n\nDESCRIPTION="genpack base system"\nLICENSE="MIT"\nSLOT="0"\nKEYWORDS="amd64 arm64"\nIUSE="ssl +cli"\n',
    "dev-lang/php/php-9999.ebuild": 'EAPI=8\nDESCRIPTION="PHP from its git repository"\nLICENSE="PHP-3.01"\nSLOT="9999"\nKEYWORDS=""\nIUSE="fpm cli embed"\n',
  });
}

const codesOf = (diagnostics: readonly { code: string }[]) => diagnostics.map((diagnostic) => diagnostic.code);

describe("reading a repository with md5-cache and metadata.xml", () => {
  it("reads every package, merged over its versions, with flag descriptions from metadata.xml, use.local.desc, use.desc and desc/", async () => {
    const gentoo = writeGentoo(temporaryDirectory());
    const { catalog, diagnostics } = await readCatalog([gentoo]);
    expect(diagnostics).toEqual([]);
    expect(catalog).toEqual({
      repositories: [{ name: "gentoo", path: gentoo, packages: 2, source: "md5-cache" }],
      packages: {
        "dev-lang/php": {
          description: "The PHP language",
          flags: {
            cli: "The command-line interpreter",
            doc: "Build the documentation",
            fpm: "Build the www-servers/php-fpm FastCGI manager",
            python_targets_python3_12: "Build with Python 3.12",
            ssl: "Add support for SSL/TLS",
            undescribed: "",
            video_cards_intel: "Intel GPUs",
          },
          slots: ["8.2", "8.3"],
          keywords: ["-*", "amd64", "arm64", "~amd64"],
          licenses: ["GPL-2", "MIT", "PHP-3.01"],
          versions: ["8.2.1", "8.3.0-r1"],
          repository: "gentoo",
        },
        "media-libs/mesa": {
          description: "OpenGL-like graphics library",
          flags: { video_cards_intel: "Intel GPUs" },
          slots: ["0"],
          keywords: ["amd64", "~amd64"],
          licenses: ["MIT"],
          versions: ["9.2", "24.0_rc1", "24.0"],
          repository: "gentoo",
        },
      },
      useExpand: { PYTHON_TARGETS: { python3_12: "Build with Python 3.12" }, VIDEO_CARDS: { intel: "Intel GPUs" } },
      licenses: ["GPL-2", "MIT", "PHP-3.01"],
      profiles: [
        { arch: "amd64", path: "default/linux/amd64/23.0", stability: "stable", repository: "gentoo" },
        { arch: "arm64", path: "default/linux/arm64/23.0", stability: "dev", repository: "gentoo" },
      ],
    });
  });

  it("takes the variables from the md5-cache entry, not the ebuild, when the entry exists", async () => {
    const { catalog } = await readCatalog([writeGentoo(temporaryDirectory())]);
    expect(Object.keys(catalog.packages["dev-lang/php"]?.flags ?? {})).not.toContain("from-the-ebuild");
    expect(catalog.packages["dev-lang/php"]?.slots).not.toContain("wrong");
  });

  it("ignores md5-cache entries without an ebuild, as stale", async () => {
    const { catalog } = await readCatalog([writeGentoo(temporaryDirectory())]);
    expect(catalog.packages["dev-lang/php"]?.versions).not.toContain("7.4.33");
    expect(Object.keys(catalog.packages["dev-lang/php"]?.flags ?? {})).not.toContain("stale");
    expect(catalog.packages["dev-lang/ghost"]).toBeUndefined();
  });
});

describe("reading a repository of plain ebuilds", () => {
  const ebuild = [
    "# Copyright 2026",
    "EAPI=8",
    "",
    "inherit python-single-r1",
    "",
    "DESCRIPTION='A tool, in single quotes'",
    'LICENSE="MIT"',
    "SLOT=0",
    'KEYWORDS="~amd64"',
    'IUSE="',
    "\t+cli",
    "\tdoc",
    '"',
    'IUSE+=" test"',
    'IUSE+=" ${PYTHON_FLAGS} extra"',
    'RDEPEND="${PYTHON_DEPS}"',
    "",
  ].join("\n");

  function writePlain(directory: string): string {
    return writeRepository(directory, {
      "profiles/repo_name": "plain\n",
      "app-misc/tool/tool-1.0.ebuild": ebuild,
      "app-misc/tool/tool-1.1.ebuild": "EAPI=8\nKEYWORDS='amd64 arm64'\nSLOT=2\nIUSE=gui\n",
      "app-misc/tool/tool-beta.ebuild": "EAPI=8\n",
      // Not categories: scripts/ and dot directories are skipped even without profiles/categories.
      "scripts/helper/helper-1.ebuild": 'IUSE="no"\n',
      ".git/objects/objects-1.ebuild": 'IUSE="no"\n',
    });
  }

  it("reads multi-line IUSE, IUSE+=, single quotes and bare words, finding categories without profiles/categories", async () => {
    const plain = writePlain(temporaryDirectory());
    const { catalog } = await readCatalog([plain]);
    expect(catalog.repositories).toEqual([{ name: "plain", path: plain, packages: 1, source: "ebuilds" }]);
    expect(catalog.packages).toEqual({
      "app-misc/tool": {
        description: "",
        flags: { cli: "", doc: "", extra: "", gui: "", test: "" },
        slots: ["0", "2"],
        keywords: ["amd64", "arm64", "~amd64"],
        licenses: ["MIT"],
        versions: ["1.0", "1.1"],
        repository: "plain",
      },
    });
  });

  it("warns at the line of a variable it cannot expand, and once for the repository that its eclasses' flags are missing", async () => {
    const plain = writePlain(temporaryDirectory());
    const { diagnostics } = await readCatalog([plain]);
    const unexpanded = diagnostics.filter((diagnostic) => diagnostic.code === "GP5005");
    expect(unexpanded).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "IUSE uses ${PYTHON_FLAGS}, which gp cannot expand without running the ebuild; the flags it adds are left out of the catalog.",
        location: { file: join(plain, "app-misc/tool/tool-1.0.ebuild"), start: { line: 15, column: 9 } },
      }),
    ]);
    const summary = diagnostics.filter((diagnostic) => diagnostic.code === "GP5006");
    expect(summary).toHaveLength(1);
    expect(summary[0]?.message).toBe(
      "2 of the 2 ebuilds of plain have no metadata/md5-cache entry, so gp read their variables from the ebuild text; flags that inherited eclasses add to IUSE are not in the catalog.",
    );
  });

  it("warns about an ebuild whose name is not NAME-VERSION.ebuild", async () => {
    const plain = writePlain(temporaryDirectory());
    const { diagnostics } = await readCatalog([plain]);
    expect(diagnostics.filter((diagnostic) => diagnostic.code === "GP5007")).toEqual([
      expect.objectContaining({ severity: "warning", location: { file: join(plain, "app-misc/tool/tool-beta.ebuild") } }),
    ]);
  });
});

describe("reading a repository like genpack-overlay", () => {
  it("takes the name from layout.conf, needs no metadata.xml and reads packages in categories only its master lists", async () => {
    const overlay = writeGenpackOverlay(temporaryDirectory());
    const { catalog, diagnostics } = await readCatalog([overlay]);
    expect(codesOf(diagnostics)).toEqual(["GP5006"]);
    expect(catalog.repositories).toEqual([{ name: "genpack-overlay", path: overlay, packages: 2, source: "ebuilds" }]);
    expect(catalog.packages["genpack/base"]).toEqual({
      description: "genpack base system",
      flags: { cli: "", ssl: "" },
      slots: ["0"],
      keywords: ["amd64", "arm64"],
      licenses: ["MIT"],
      versions: ["20260614"],
      repository: "genpack-overlay",
    });
    expect(catalog.licenses).toEqual(["genpack"]);
    expect(catalog.packages["dev-lang/php"]?.versions).toEqual(["9999"]);
  });

  it("names a repository that states no name after its directory, with a warning", async () => {
    const directory = writeRepository(join(temporaryDirectory(), "nameless"), { "profiles/profiles.desc": "" });
    const { catalog, diagnostics } = await readCatalog([directory]);
    expect(catalog.repositories[0]?.name).toBe("nameless");
    expect(diagnostics).toEqual([expect.objectContaining({ code: "GP5003", severity: "warning", location: { file: directory } })]);
  });

  it("warns when repo_name and layout.conf disagree, and uses layout.conf's, as Portage does", async () => {
    const directory = writeRepository(temporaryDirectory(), { "profiles/repo_name": "first\n", "metadata/layout.conf": "repo-name = second\n" });
    const { catalog, diagnostics } = await readCatalog([directory]);
    expect(catalog.repositories[0]?.name).toBe("second");
    expect(codesOf(diagnostics)).toEqual(["GP5004"]);
  });
});

describe("reading two repositories", () => {
  it("merges a package both have, the overlay's descriptions winning and its name last", async () => {
    const gentoo = writeGentoo(temporaryDirectory());
    const overlay = writeGenpackOverlay(temporaryDirectory());
    writeRepository(overlay, {
      "dev-lang/php/metadata.xml": '<pkgmetadata><use><flag name="fpm">The overlay says fpm</flag><flag name="cli"></flag><flag name="embed">Embed PHP</flag></use></pkgmetadata>',
      "profiles/desc/video_cards.desc": "nvidia - NVIDIA GPUs\n",
    });
    const { catalog } = await readCatalog([gentoo, overlay]);
    expect(catalog.repositories.map((repository) => repository.name)).toEqual(["gentoo", "genpack-overlay"]);
    expect(catalog.packages["dev-lang/php"]).toEqual({
      description: "PHP from its git repository",
      flags: {
        cli: "The command-line interpreter",
        doc: "Build the documentation",
        embed: "Embed PHP",
        fpm: "The overlay says fpm",
        python_targets_python3_12: "Build with Python 3.12",
        ssl: "Add support for SSL/TLS",
        undescribed: "",
        video_cards_intel: "Intel GPUs",
      },
      slots: ["8.2", "8.3", "9999"],
      keywords: ["-*", "amd64", "arm64", "~amd64"],
      licenses: ["GPL-2", "MIT", "PHP-3.01"],
      versions: ["8.2.1", "8.3.0-r1", "9999"],
      repository: "genpack-overlay",
    });
    // The overlay's own package gets the master's global description of ssl.
    expect(catalog.packages["genpack/base"]?.flags).toEqual({ cli: "", ssl: "Add support for SSL/TLS" });
    expect(catalog.packages["media-libs/mesa"]?.repository).toBe("gentoo");
    expect(catalog.useExpand["VIDEO_CARDS"]).toEqual({ intel: "Intel GPUs", nvidia: "NVIDIA GPUs" });
    expect(catalog.licenses).toEqual(["GPL-2", "MIT", "PHP-3.01", "genpack"]);
    expect(catalog.profiles.map((profile) => `${profile.repository}:${profile.path}`)).toEqual(["gentoo:default/linux/amd64/23.0", "gentoo:default/linux/arm64/23.0", "genpack-overlay:genpack/amd64/paravirt"]);
  });
});

describe("paths that are no repository", () => {
  it("gives an error naming a path that does not exist, and still reads the others", async () => {
    const missing = join(temporaryDirectory(), "no-such-repository");
    const gentoo = writeGentoo(temporaryDirectory());
    const { catalog, diagnostics } = await readCatalog([missing, gentoo]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "GP5001", severity: "error", message: `The repository ${missing} does not exist.`, location: { file: missing } })]);
    expect(catalog.repositories.map((repository) => repository.name)).toEqual(["gentoo"]);
  });

  it("gives an error for a file and for a directory with neither profiles/ nor packages", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "file");
    writeFileSync(file, "");
    const empty = writeRepository(join(directory, "empty"), { "docs/readme.txt": "" });
    const { catalog, diagnostics } = await readCatalog([file, empty]);
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.location?.file])).toEqual([
      ["GP5002", "error", file],
      ["GP5002", "error", empty],
    ]);
    expect(diagnostics[1]?.message).toBe(`${empty} is not a Portage repository: it has neither profiles/ nor category directories with ebuilds.`);
    expect(catalog.repositories).toEqual([]);
  });

  it("gives an error for a directory it may not read", async () => {
    const locked = writeRepository(join(temporaryDirectory(), "locked"), { "profiles/repo_name": "locked\n" });
    chmodSync(locked, 0o000);
    try {
      const { diagnostics } = await readCatalog([locked]);
      // root reads it anyway; anyone else is refused.
      if (process.getuid?.() === 0) expect(diagnostics).toEqual([]);
      else expect(diagnostics).toEqual([expect.objectContaining({ code: "GP5001", severity: "error", message: `The repository ${locked} cannot be read (EACCES).` })]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe("malformed repository files", () => {
  it("warns with file and line and keeps reading", async () => {
    const directory = writeRepository(temporaryDirectory(), {
      "profiles/repo_name": "broken\n",
      "profiles/profiles.desc": "amd64 default/linux/amd64 stable\nnonsense\n",
      "profiles/use.desc": "ssl - SSL\nno separator here\n",
      "app-misc/x/x-1.ebuild": "",
      "metadata/md5-cache/app-misc/x-1": "SLOT=0\nnot a pair\nIUSE=good bad!\n",
    });
    const { catalog, diagnostics } = await readCatalog([directory]);
    expect(diagnostics.map((diagnostic) => [diagnostic.code, basename(diagnostic.location?.file ?? ""), diagnostic.location?.start?.line])).toEqual([
      ["GP5007", "x-1", 2],
      ["GP5007", "x-1", 3],
      ["GP5007", "use.desc", 2],
      ["GP5007", "profiles.desc", 2],
    ]);
    expect(catalog.packages["app-misc/x"]?.flags).toEqual({ good: "" });
    expect(catalog.profiles).toHaveLength(1);
    expect(basename(catalog.repositories[0]?.path ?? "")).toBe(basename(directory));
  });
});
