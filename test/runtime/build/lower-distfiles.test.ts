import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lowerPortageIds, portageIds, shareDistfiles } from "../../../runtime/build/lower/distfiles-owner.js";
import { lowerEnvironment } from "../../../runtime/build/lower/lower-container.js";
import { isEmulated } from "../../../runtime/build/host-arch.js";
import { suiteDirectory } from "../../helpers/temp.js";

const PASSWD = "root:x:0:0:root:/root:/bin/bash\nportage:x:731:0:portage:/var/tmp/portage:/bin/false\n";
const GROUP = "root:x:0:\nportage:x:732:\n";
const root = process.getuid?.() === 0;

describe("the lower's portage user", () => {
  it("is read from the root's /etc/passwd and /etc/group, not assumed to be 250", () => {
    expect(portageIds(PASSWD, GROUP)).toEqual({ uid: 731, gid: 732 });
  });

  it("is missing when either file lacks it or gives no number", () => {
    expect(portageIds("root:x:0:0::/:/bin/sh\n", GROUP)).toBeUndefined();
    expect(portageIds(PASSWD, "root:x:0:\n")).toBeUndefined();
    expect(portageIds("portage:x:abc:250::/:/bin/false\n", GROUP)).toBeUndefined();
  });

  it("is not read through a link or from a FIFO that a stage3 puts at /etc/passwd", () => {
    const work = suiteDirectory("gp-distfiles-ids-");
    const host = join(work, "host");
    mkdirSync(join(host, "etc"), { recursive: true });
    writeFileSync(join(host, "etc/passwd"), PASSWD);
    writeFileSync(join(host, "etc/group"), GROUP);
    expect(lowerPortageIds(host)).toEqual({ uid: 731, gid: 732 });

    const linked = join(work, "linked");
    mkdirSync(join(linked, "etc"), { recursive: true });
    symlinkSync(join(host, "etc/passwd"), join(linked, "etc/passwd"));
    writeFileSync(join(linked, "etc/group"), GROUP);
    expect(lowerPortageIds(linked)).toBeUndefined();

    const linkedEtc = join(work, "linked-etc");
    mkdirSync(linkedEtc);
    symlinkSync(join(host, "etc"), join(linkedEtc, "etc"));
    expect(lowerPortageIds(linkedEtc)).toBeUndefined();

    const fifo = join(work, "fifo");
    mkdirSync(join(fifo, "etc"), { recursive: true });
    execFileSync("mkfifo", [join(fifo, "etc/passwd")]);
    writeFileSync(join(fifo, "etc/group"), GROUP);
    expect(lowerPortageIds(fifo)).toBeUndefined();
  });
});

describe("the shared distfiles folder", () => {
  it.skipIf(!root)("becomes the portage user's and group-writable, and nothing in it changes", () => {
    const work = suiteDirectory("gp-distfiles-share-");
    const distfiles = join(work, "distfiles");
    mkdirSync(distfiles, { mode: 0o755 });
    chmodSync(distfiles, 0o755);
    writeFileSync(join(distfiles, "old.tar.gz"), "x");
    shareDistfiles(distfiles, { uid: 731, gid: 732 });
    const folder = statSync(distfiles);
    expect([folder.uid, folder.gid, folder.mode & 0o7777]).toEqual([731, 732, 0o775]);
    const inside = statSync(join(distfiles, "old.tar.gz"));
    expect([inside.uid, inside.gid]).toEqual([0, 0]);
  });

  it.skipIf(!root)("is never reached through a link: a link in its place is refused and its target left alone", () => {
    const work = suiteDirectory("gp-distfiles-link-");
    const elsewhere = join(work, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o755 });
    chownSync(elsewhere, 0, 0);
    symlinkSync(elsewhere, join(work, "distfiles"));
    expect(() => shareDistfiles(join(work, "distfiles"), { uid: 731, gid: 732 })).toThrow();
    expect(statSync(elsewhere).uid).toBe(0);
  });
});

describe("the lower's environment", () => {
  it("names --gentoo-mirror as the distfiles mirror only when it is given", () => {
    expect(lowerEnvironment("x86_64", { gentooMirror: "http://127.0.0.1:8080/gentoo/" })["GENTOO_MIRRORS"]).toBe("http://127.0.0.1:8080/gentoo/");
    expect(lowerEnvironment("x86_64", {})).not.toHaveProperty("GENTOO_MIRRORS");
  });

  it("keeps FEATURES=-pid-sandbox for emulated arches beside it", () => {
    const env = lowerEnvironment("aarch64", { gentooMirror: "https://mirror.example/gentoo/" });
    expect(env["FEATURES"]).toBe(isEmulated("aarch64") ? "-pid-sandbox" : undefined);
    expect(env["GENTOO_MIRRORS"]).toBe("https://mirror.example/gentoo/");
  });
});
