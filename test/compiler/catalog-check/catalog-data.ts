import type { CatalogData, CatalogPackage } from "../../../compiler/catalog/catalog-data.js";
import { catalogNamesOf, type CatalogNames } from "../../../compiler/catalog-check/catalog-names.js";

/** A package of catalog data with these flags (name → description); the rest as a repository would give it. */
export function catalogPackage(flags: Readonly<Record<string, string>> = {}, description = ""): CatalogPackage {
  return { description, flags, slots: ["0"], keywords: ["amd64"], licenses: ["GPL-2"], versions: ["1.0"], repository: "gentoo" };
}

/** Catalog data of a small Gentoo: a few packages, VIDEO_CARDS, licenses and profiles. */
export function smallCatalogData(overrides: Partial<CatalogData> = {}): CatalogData {
  return {
    repositories: [{ name: "gentoo", path: "/var/db/repos/gentoo", packages: 5, source: "md5-cache" }],
    packages: {
      "app-editors/vim": catalogPackage({ X: "", python: "Python scripting" }, "Vim, an improved vi-style text editor"),
      "app-misc/screen": catalogPackage({ multiuser: "Enable multiuser support", pam: "" }, "screen manager with VT100/ANSI terminal emulation"),
      "dev-lang/php": catalogPackage({ fpm: "", gd: "", mysql: "", ssl: "" }, "The PHP language"),
      "media-libs/mesa": catalogPackage({ X: "", vaapi: "", video_cards_intel: "Intel GPUs", vulkan: "" }, "OpenGL-like graphics library"),
      "sys-apps/busybox": catalogPackage({}, "Utilities for rescue and embedded systems"),
    },
    useExpand: { VIDEO_CARDS: { intel: "Intel GPUs", radeon: "" } },
    licenses: ["GPL-2", "GPL-2+", "MIT", "linux-fw-redistributable"],
    profiles: [{ arch: "amd64", path: "default/linux/amd64/23.0", stability: "stable", repository: "gentoo" }],
    ...overrides,
  };
}

/** The names of {@link smallCatalogData}. */
export function smallCatalog(overrides: Partial<CatalogData> = {}): CatalogNames {
  return catalogNamesOf(smallCatalogData(overrides));
}

/** Catalog data of the Gentoo tree's size: 19,000 packages of five or six described flags each, about 7 MB declared. */
export function gentooSizedCatalogData(): CatalogData {
  const packages: Record<string, CatalogPackage> = {};
  for (let index = 0; index < 19_000; index++) {
    const flags: Record<string, string> = {};
    for (let flag = 0; flag < 5 + (index % 2); flag++) flags[`flag${(index + flag) % 97}`] = `Enable the optional support number ${flag} of this package, described at some length`;
    packages[`cat-${index % 170}/package${index}`] = catalogPackage(flags, `Package number ${index}, described as the Gentoo tree describes its packages`);
  }
  return smallCatalogData({ packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : 1))) });
}
