import { describe, expect, it } from "vitest";
import { FailedBinaries } from "../../../../runtime/build/lower/failed-binaries.js";

const BINHOSTS = ["http://127.0.0.1:1/dead", "https://binhost.example.org/x86_64"];

function seen(lines: readonly string[]): readonly string[] {
  const watch = new FailedBinaries(BINHOSTS);
  for (const line of lines) watch.see(line);
  return watch.reasons;
}

describe("what emerge says about binary packages it could not use", () => {
  it("names a fetched file that failed its digests by its URL on the binhost", () => {
    expect(
      seen([
        "",
        "!!! Digest verification failed:",
        "!!! /var/cache/binhost/gp-binhost-2/app-misc/eula/eula-1-1.gpkg.tar.partial",
        "!!! Reason: Failed on BLAKE2B verification",
        "File renamed to '/var/cache/binhost/gp-binhost-2/app-misc/eula/eula-1-1.gpkg.tar.partial._checksum_failure_.x1y2'",
      ]),
    ).toEqual(["https://binhost.example.org/x86_64/app-misc/eula/eula-1-1.gpkg.tar does not have the size and digests of its index"]);
  });

  it("reads the failed binary packages of emerge's summary, in colour and wrapped at 72 columns, and not the ones built from source", () => {
    expect(
      seen([
        "\x1b[31;01m*\x1b[0m ",
        " \x1b[31;01m*\x1b[0m The following 2 packages have failed to build, install, or execute",
        " * postinst:",
        " * ",
        " *  (\x1b[32;01mapp-misc/eula-1-1:0/0::gentoo\x1b[0m, binary scheduled for merge)",
        " *  (dev-libs/libsample-1:0/0::gentoo, ebuild scheduled for merge), Log file:",
        " *   '/var/tmp/portage/dev-libs/libsample-1/temp/build.log'",
        " * ",
        ">>> Auto-cleaning packages...",
        " *  (app-misc/later-1:0/0::gentoo, binary scheduled for merge)",
      ]),
    ).toEqual(["the binary package app-misc/eula-1-1:0/0::gentoo failed"]);
    expect(seen([" * The following package has failed to build, install, or execute postinst:", " * ", " *  (a/b-1:0/0::gentoo, binary scheduled for merge)"])).toEqual([
      "the binary package a/b-1:0/0::gentoo failed",
    ]);
  });

  it("reads a fetch that failed and an index entry without digests", () => {
    expect(seen(["!!! Fetching Binary failed for 'app-misc/eula-1-1'", "!!! Reason: binhost's Packages index lacks size and checksum"])).toEqual([
      "app-misc/eula-1-1 could not be fetched",
      "an entry of the binhost's index has no size and checksum",
    ]);
  });

  it("says only what is specific when emerge also lists the package among its failures", () => {
    expect(
      seen([
        "!!! Digest verification failed:",
        "!!! /var/cache/binhost/gp-binhost-1/app-misc/eula/eula-1-1.gpkg.tar.partial",
        " * The following package has failed to build, install, or execute postinst:",
        " * ",
        " *  (app-misc/eula-1-1:0/0::gentoo, binary scheduled for merge)",
      ]),
    ).toEqual(["http://127.0.0.1:1/dead/app-misc/eula/eula-1-1.gpkg.tar does not have the size and digests of its index"]);
  });

  it("finds nothing in a build that failed on its own", () => {
    expect(seen([" * ERROR: dev-libs/libsample-1::gentoo failed (compile phase):", " *   emake failed", "!!! Digest verification failed:", ">>> Emerging (1 of 1)"])).toEqual([]);
  });
});
