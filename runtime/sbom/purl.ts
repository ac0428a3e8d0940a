import { PackageURL } from "packageurl-js";

/**
 * The package URL of a Gentoo package. The purl specification registers no type for ebuilds
 * (its types/ list has apk, deb, rpm, alpm and others, but nothing for Portage), so it is a
 * `generic` purl: the category as namespace, the full version, and a `repository` qualifier
 * naming the ebuild repository it was built from, since the same name can come from several
 * (`pkg:generic/app-misc/flavour@1-r1?repository=gentoo`).
 */
export function gentooPackageUrl(category: string, name: string, version: string, repository: string): string {
  return new PackageURL("generic", category, name, version, repository === "" ? undefined : { repository }, undefined).toString();
}
