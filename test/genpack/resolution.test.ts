import { describe, expect, it } from "vitest";
import { typedResolution } from "../../genpack/resolution.js";
import { resolveText } from "../helpers/genpack-json.js";

describe("the typed resolution a build takes", () => {
  it("holds genpack's str() of each value it passes on: True for true, 1.0 for a whole float, ints by their digits", () => {
    const resolution = typedResolution(
      resolveText(`{
        name: "box",
        profile: "paravirt",
        services: ["sshd", true, 2.0, 12345678901234567890],
        binpkg_excludes: ["sys-kernel/gentoo-kernel"],
        circulardep_breaker: { packages: ["media-libs/tiff"], use: false },
        groups: [{ name: "media", gid: "01001" }, "plain"],
        users: [{ name: "alice", uid: 1000.0, "empty-password": true }, "bob"],
        independent_binpkgs: true,
      }`),
    );
    expect(resolution).toMatchObject({
      name: "box",
      profile: "paravirt",
      services: ["sshd", "True", "2.0", "12345678901234567890"],
      binpkgExcludes: ["sys-kernel/gentoo-kernel"],
      circulardepBreaker: { packages: ["media-libs/tiff"], use: "False" },
      groupaddCommands: [["groupadd", "-g", "1001", "media"], ["groupadd", "plain"]],
      useraddCommands: [["useradd", "-u", "1000.0", "-m", "-p", "", "alice"], ["useradd", "-m", "bob"]],
      independentBinpkgs: true,
    });
  });

  it("has gzip where genpack.json5 gives no compression or null, none for the bare arch profile, and no breaker without one", () => {
    for (const text of ['{ name: "box" }', '{ name: "box", compression: null, profile: "" }']) {
      expect(typedResolution(resolveText(text))).toMatchObject({ compression: "gzip", profile: null, circulardepBreaker: null, independentBinpkgs: false });
    }
  });

  it("keeps a breaker without use as null, so its packages are emerged with the flags they have", () => {
    expect(typedResolution(resolveText('{ name: "box", circulardep_breaker: { packages: ["a/b"] } }')).circulardepBreaker).toEqual({ packages: ["a/b"], use: null });
  });
});
