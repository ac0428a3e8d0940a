import { describe, expect, it } from "vitest";
import { readGenpackSet, readProfilePackages, readProfileStack, readRepositories } from "../../../../runtime/upper/closure/profile-sets.js";
import { FakeRoot } from "./fake-root.js";

const GENTOO = "/var/db/repos/gentoo";
const OVERLAY = "/var/db/repos/genpack-overlay";

/**
 * genpack's layout: gentoo (portage-2, no profile-set) and genpack-overlay (portage-2 with
 * profile-set), the selected profile `genpack/amd64/paravirt` inheriting from gentoo's profile
 * through `gentoo:`.
 */
function genpackRoot(): FakeRoot {
  return new FakeRoot()
    .repository("gentoo", GENTOO, { formats: "portage-2 profile-default-eapi" })
    .repository("genpack-overlay", OVERLAY, { formats: "portage-2 profile-set" })
    .profile(`${GENTOO}/profiles/base`, { packages: ["*sys-apps/portage", "*sys-devel/gcc", "app-misc/gentoo-plain"] })
    .profile(`${GENTOO}/profiles/default/linux/amd64/23.0`, { parent: ["../../../../base"], packages: ["*app-shells/bash"] })
    .profile(`${OVERLAY}/profiles/genpack/amd64`, { parent: ["gentoo:default/linux/amd64/23.0"], packages: ["genpack/base", "*sys-apps/systemd"] })
    .profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: [".."], packages: ["genpack/paravirt"] })
    .selectProfile(`${OVERLAY}/profiles/genpack/amd64/paravirt`);
}

describe("repositories", () => {
  it("lists gentoo by default and the repositories of repos.conf, named by the repository itself", () => {
    const root = genpackRoot().repository("local", "/var/db/repos/local-dir", { nameIn: "layout.conf", formats: "portage-2" });
    expect(readRepositories(root.hostDir)).toEqual([
      { name: "gentoo", location: GENTOO, profileFormats: ["portage-2", "profile-default-eapi"] },
      { name: "genpack-overlay", location: OVERLAY, profileFormats: ["portage-2", "profile-set"] },
      { name: "local", location: "/var/db/repos/local-dir", profileFormats: ["portage-2"] },
    ]);
  });

  it("reads repos.conf as a single file too", () => {
    const root = new FakeRoot().file("/etc/portage/repos.conf", "[extra]\nlocation: /srv/extra\n").file("/srv/extra/profiles/repo_name", "extra\n");
    expect(readRepositories(root.hostDir).map((repository) => [repository.name, repository.location, repository.profileFormats])).toEqual([
      ["gentoo", GENTOO, ["portage-1-compat"]],
      ["extra", "/srv/extra", ["portage-1-compat"]],
    ]);
  });
});

describe("the profile stack", () => {
  it("follows parent files depth-first, parents first", () => {
    expect(readProfileStack(genpackRoot().hostDir).map((node) => [node.path, node.repository])).toEqual([
      [`${GENTOO}/profiles/base`, "gentoo"],
      [`${GENTOO}/profiles/default/linux/amd64/23.0`, "gentoo"],
      [`${OVERLAY}/profiles/genpack/amd64`, "genpack-overlay"],
      [`${OVERLAY}/profiles/genpack/amd64/paravirt`, "genpack-overlay"],
    ]);
  });

  it("resolves repo:path parents through repos.conf, by the name the repository gives itself", () => {
    const root = new FakeRoot()
      .repository("genpack-overlay", "/srv/overlay-checkout", { formats: "portage-2 profile-set", nameIn: "layout.conf" })
      .repository("gentoo", GENTOO, { formats: "portage-2" })
      .profile(`${GENTOO}/profiles/base`)
      .profile("/srv/overlay-checkout/profiles/genpack/arm64", { parent: ["gentoo:base", ":genpack/common"] })
      .profile("/srv/overlay-checkout/profiles/genpack/common")
      .selectProfile("/srv/overlay-checkout/profiles/genpack/arm64");
    expect(readProfileStack(root.hostDir).map((node) => node.path)).toEqual([
      `${GENTOO}/profiles/base`,
      "/srv/overlay-checkout/profiles/genpack/common",
      "/srv/overlay-checkout/profiles/genpack/arm64",
    ]);
  });

  it("reads repo:path as a relative path in repositories without portage-2 profiles, as Portage does", () => {
    const root = new FakeRoot()
      .repository("old", "/var/db/repos/old")
      .profile("/var/db/repos/old/profiles/x", { parent: ["gentoo:base"] })
      .selectProfile("/var/db/repos/old/profiles/x");
    expect(() => readProfileStack(root.hostDir)).toThrow(`the parent "gentoo:base" of /var/db/repos/old/profiles/x does not exist (looked for /var/db/repos/old/profiles/x/gentoo:base)`);
  });

  it("follows an absolute make.profile symlink inside the root, not on the host", () => {
    const relinked = new FakeRoot()
      .repository("genpack-overlay", OVERLAY, { formats: "portage-2 profile-set" })
      .profile(`${OVERLAY}/profiles/genpack/amd64`, { packages: ["genpack/base"] })
      .symlink("/etc/portage/make.profile", `${OVERLAY}/profiles/genpack/amd64`);
    expect(readProfileStack(relinked.hostDir).map((node) => node.path)).toEqual([`${OVERLAY}/profiles/genpack/amd64`]);
  });

  it("puts /etc/portage/profile on top of the stack", () => {
    const root = genpackRoot().profile("/etc/portage/profile", { packages: ["app-misc/mine"] });
    const stack = readProfileStack(root.hostDir);
    expect(stack.at(-1)).toEqual({ path: "/etc/portage/profile", repository: undefined, formats: ["profile-bashrcs", "profile-set"], userConfig: true });
    expect(readProfilePackages(root.hostDir).profile).toEqual(["genpack/base", "genpack/paravirt", "app-misc/mine"]);
  });

  it("is empty when no profile is selected", () => {
    expect(readProfileStack(new FakeRoot().hostDir)).toEqual([]);
    expect(readProfilePackages(new FakeRoot().hostDir)).toEqual({ profile: [], profileFiles: [], system: [], ignored: [] });
  });

  it("refuses a missing parent, an empty parent file, an unknown repository and a cycle", () => {
    const missing = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: ["../nowhere"] });
    expect(() => readProfileStack(missing.hostDir)).toThrow(`the parent "../nowhere" of ${OVERLAY}/profiles/genpack/amd64/paravirt does not exist`);
    const empty = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: ["# nothing"] });
    expect(() => readProfileStack(empty.hostDir)).toThrow("is empty");
    const unknown = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: ["elsewhere:base"] });
    expect(() => readProfileStack(unknown.hostDir)).toThrow('no repository is named "elsewhere" in repos.conf (known: gentoo, genpack-overlay)');
    const cycle = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64`, { parent: ["paravirt"] });
    expect(() => readProfileStack(cycle.hostDir)).toThrow("is its own parent");
  });
});

describe("@profile and @system", () => {
  it("keeps @system entries out of @profile", () => {
    const packages = readProfilePackages(genpackRoot().hostDir);
    expect(packages.profile).toEqual(["genpack/base", "genpack/paravirt"]);
    expect(packages.system).toEqual(["sys-apps/portage", "sys-devel/gcc", "app-shells/bash", "sys-apps/systemd"]);
  });

  it("takes plain entries only from profiles whose repository lists profile-set", () => {
    // gentoo's base profile has a plain entry, but gentoo's layout.conf has no profile-set.
    expect(readProfilePackages(genpackRoot().hostDir).profile).not.toContain("app-misc/gentoo-plain");
  });

  it("removes an earlier entry with -atom or -*atom, and everything so far with -*", () => {
    const root = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, {
      parent: [".."],
      packages: ["-genpack/base", "-*sys-apps/systemd", "-*sys-devel/gcc", "genpack/paravirt"],
    });
    expect(readProfilePackages(root.hostDir)).toMatchObject({ profile: ["genpack/paravirt"], system: ["sys-apps/portage", "app-shells/bash"] });
    root.profile("/etc/portage/profile", { packages: ["-*", "app-misc/only"] });
    expect(readProfilePackages(root.hostDir)).toMatchObject({ profile: ["app-misc/only"], system: [] });
  });

  it("removes only what is spelled the same: -atom leaves *atom, and a removal in a profile without profile-set leaves @profile alone", () => {
    const root = genpackRoot()
      .profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: [".."], packages: ["-sys-apps/systemd", "genpack/paravirt"] })
      .profile(`${GENTOO}/profiles/default/linux/amd64/23.0`, { parent: ["../../../../base"], packages: ["-genpack/base"] });
    expect(readProfilePackages(root.hostDir)).toMatchObject({ profile: ["genpack/base", "genpack/paravirt"], system: ["sys-apps/portage", "sys-devel/gcc", "sys-apps/systemd"] });
  });

  it("ignores entries that are not atoms, saying where they are", () => {
    const root = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: [".."], packages: ["genpack/paravirt # the paravirt drivers", "paravirt", "a/b c/d"] });
    const packages = readProfilePackages(root.hostDir);
    expect(packages.profile).toEqual(["genpack/base", "genpack/paravirt"]);
    expect(packages.ignored.map((entry) => [entry.file, entry.entry])).toEqual([
      [`${OVERLAY}/profiles/genpack/amd64/paravirt/packages`, "paravirt"],
      [`${OVERLAY}/profiles/genpack/amd64/paravirt/packages`, "a/b c/d"],
    ]);
  });

  it("reduces @profile to category/name for genpack, so versions and slots in profiles do not narrow it", () => {
    const root = genpackRoot().profile(`${OVERLAY}/profiles/genpack/amd64/paravirt`, { parent: [".."], packages: [">=genpack/paravirt-2:0", "genpack/base::genpack-overlay"] });
    expect(readGenpackSet(root.hostDir, "profile")).toEqual(["genpack/base", "genpack/paravirt"]);
  });
});
