import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { setBinhosts } from "../../../runtime/build/lower/binhost-setup.js";
import { lowerEnvironment } from "../../../runtime/build/lower/lower-container.js";
import { suiteDirectory } from "../../helpers/temp.js";

const GENTOO_BINHOST = "[gentoobinhost]\npriority = 1\nsync-uri = https://distfiles.gentoo.org/releases/amd64/binpackages/23.0/x86-64\n";

/** A lower as a stage3 leaves it: catalyst's binrepos.conf, and an index copy Portage kept for it. */
function stage3Lower(): string {
  const lower = suiteDirectory("gp-binhost-lower-");
  mkdirSync(join(lower, "etc/portage/binrepos.conf"), { recursive: true });
  writeFileSync(join(lower, "etc/portage/binrepos.conf/gentoobinhost.conf"), GENTOO_BINHOST);
  mkdirSync(join(lower, "var/cache/binhost/gentoobinhost"), { recursive: true });
  return lower;
}

describe("the lower's binhosts during the emerge pipeline", () => {
  it("are gp's alone: the stage3's Gentoo binhost is set aside, and put back byte for byte afterwards", () => {
    const lower = stage3Lower();
    setBinhosts(lower, ["http://127.0.0.1:1/binpkgs"]);
    expect(readdirSync(join(lower, "etc/portage/binrepos.conf"))).toEqual(["gp.conf"]);
    expect(readFileSync(join(lower, "etc/portage/binrepos.conf/gp.conf"), "utf8")).toContain("sync-uri = http://127.0.0.1:1/binpkgs\n");
    mkdirSync(join(lower, "var/cache/binhost/gp-binhost-1"));
    setBinhosts(lower, []);
    expect(readdirSync(join(lower, "etc/portage/binrepos.conf"))).toEqual(["gentoobinhost.conf"]);
    expect(readFileSync(join(lower, "etc/portage/binrepos.conf/gentoobinhost.conf"), "utf8")).toBe(GENTOO_BINHOST);
    expect(readdirSync(join(lower, "var/cache/binhost"))).toEqual(["gentoobinhost"]);
    expect(readdirSync(join(lower, "etc/portage")).sort()).toEqual(["binrepos.conf"]);
  });

  it("are put right after a build killed with gp's file in place, whatever the next build asks for", () => {
    const lower = stage3Lower();
    setBinhosts(lower, ["http://127.0.0.1:1/a"]);
    setBinhosts(lower, ["http://127.0.0.1:1/b"]);
    expect(readFileSync(join(lower, "etc/portage/binrepos.conf/gp.conf"), "utf8")).not.toContain("/a\n");
    setBinhosts(lower, []);
    expect(readdirSync(join(lower, "etc/portage/binrepos.conf"))).toEqual(["gentoobinhost.conf"]);
  });

  it("are none in a stage3 without binrepos.conf, which stays without one", () => {
    const lower = suiteDirectory("gp-binhost-bare-");
    setBinhosts(lower, ["http://127.0.0.1:1/binpkgs"]);
    expect(readdirSync(join(lower, "etc/portage/binrepos.conf"))).toEqual(["gp.conf"]);
    setBinhosts(lower, []);
    expect(readdirSync(join(lower, "etc/portage"))).toEqual([]);
  });

  it("turn on getbinpkg with binpkg-multi-instance and empty PORTAGE_BINHOST, and nothing without binhosts", () => {
    expect(lowerEnvironment("x86_64", { binhosts: ["http://127.0.0.1:1/binpkgs"] })).toMatchObject({ FEATURES: "getbinpkg binpkg-multi-instance", PORTAGE_BINHOST: "" });
    expect(lowerEnvironment("x86_64", { binhosts: [] })).not.toHaveProperty("FEATURES");
    expect(lowerEnvironment("x86_64", {})).not.toHaveProperty("PORTAGE_BINHOST");
  });
});
