import { BINHOST_SECTION_PREFIX } from "../../binhost/binrepos-conf.js";

// Colour codes emerge may put into its lines, stripped before they are read.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * What emerge said about binary packages it could not use: a file whose size or digests are
 * not the index's (BinpkgVerifier renames it and merges nothing), one it could not fetch, an
 * index entry without digests, and the binary packages listed among the failed at the end.
 */
export class FailedBinaries {
  /** What emerge said went wrong with a binary package: digests, a fetch, an index entry. */
  readonly #specific: string[] = [];
  /** The binary packages of the summary of failures, which says no more than that they failed. */
  readonly #listed: string[] = [];
  #digestFailed = false;
  #failedList = false;

  /** `binhosts` in the order of their binrepos.conf sections, to name the one a fetched file came from. */
  constructor(readonly binhosts: readonly string[]) {}

  /**
   * A file as the user knows it: Portage fetches into /var/cache/binhost/<section>/PATH.partial,
   * which is named as PATH on the binhost's URL.
   */
  #named(path: string): string {
    const fetched = new RegExp(`^/var/cache/binhost/${BINHOST_SECTION_PREFIX}(\\d+)/(.+?)(?:\\.partial)?$`).exec(path);
    const url = fetched === null ? undefined : this.binhosts[Number(fetched[1]) - 1];
    return fetched === null || url === undefined ? path : `${url}/${fetched[2]}`;
  }

  /** Why binary packages could not be used; the summary's list only when nothing more specific was said. */
  get reasons(): readonly string[] {
    return [...new Set(this.#specific.length > 0 ? this.#specific : this.#listed)];
  }

  see(raw: string): void {
    const line = raw.replace(ESCAPES, "").trimEnd();
    if (this.#digestFailed) {
      this.#digestFailed = false;
      if (line.startsWith("!!! ")) this.#specific.push(`${this.#named(line.slice(4))} does not have the size and digests of its index`);
      return;
    }
    if (line === "!!! Digest verification failed:") this.#digestFailed = true;
    const fetch = /^!!! Fetching Binary failed for '(.+)'/.exec(line);
    if (fetch !== null) this.#specific.push(`${fetch[1]} could not be fetched`);
    if (line.includes("binhost's Packages index lacks size and checksum")) this.#specific.push("an entry of the binhost's index has no size and checksum");
    // "The following package has failed…", or "…12 packages have failed…" wrapped at 72 columns.
    if (line.includes("failed to build, install, or execute")) this.#failedList = true;
    else if (this.#failedList) {
      // Portage writes " * " and then " (cpv…": two spaces before the parenthesis.
      const failed = /^ \*\s+\((.+?), binary scheduled for merge/.exec(line);
      if (failed !== null) this.#listed.push(`the binary package ${failed[1]} failed`);
      else if (!line.startsWith(" *") && line !== "") this.#failedList = false;
    }
  }
}

