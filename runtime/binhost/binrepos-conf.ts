/**
 * The binrepos.conf file gp writes into the lower for `gp build --binhost`, one section per
 * binhost, alone in /etc/portage/binrepos.conf/ while the emerge pipeline runs.
 */

/** Where the file goes, relative to the lower's root. */
export const BINREPOS_CONF_PATH = "etc/portage/binrepos.conf/gp.conf";

/** The sections' names start so; Portage keeps each binhost's index in /var/cache/binhost/<name>. */
export const BINHOST_SECTION_PREFIX = "gp-binhost-";

/**
 * The file's text for `urls`, most preferred first. Portage tries binhosts from the highest
 * priority down, so the first URL gets the highest. Each section turns verify-signature off:
 * gp's binhosts hold the unsigned gpkg files a build makes, which Portage's default (true) would
 * refuse; the SIZE and digests of the `Packages` index are still checked for every package
 * fetched. Portage reads the file with interpolation, so a `%` in a URL is written `%%`.
 */
export function binreposConf(urls: readonly string[]): string {
  const sections = urls.map((url, index) =>
    [`[${BINHOST_SECTION_PREFIX}${index + 1}]`, `priority = ${urls.length - index}`, `sync-uri = ${url.replaceAll("%", "%%")}`, "verify-signature = false", ""].join("\n"),
  );
  return [`# Written by gp build for --binhost; removed when the emerge pipeline ends.`, "", ...sections].join("\n");
}
