import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGp, type GpRun } from "../helpers/gp.js";
import { suiteDirectory } from "../helpers/temp.js";
import { skipFor } from "../helpers/skip.js";
import { fixtureBuildSupport } from "../helpers/build-support.js";
import { createMirror, debianEbuilds, GUEST_MODULES, run, serveMirror, newestSnapshotDate, type Mirror, type MirrorServer } from "../fixtures/gentoo/index.js";
import { portageIds } from "../../runtime/build/lower/distfiles-owner.js";

/**
 * Distfiles fetched by Portage in the lower as on Gentoo: from `--gentoo-mirror` (GENTOO_MIRRORS)
 * in the mirror's filename-hash layout, as the portage user (FEATURES=userfetch), into the
 * distfiles folder all builds share. The packages are the fixture's Debian kernel and busybox,
 * which nothing else in the fixture pulls in.
 */

const support = fixtureBuildSupport(["mksquashfs", "unsquashfs", "rsync", "unshare", "mount", "apt-get"]);

const BLUEPRINT = `import { defineImage } from "genpack-ts";

export default defineImage({
  name: "kernel",
  profile: "paravirt",
  packages: ["sys-kernel/debian-kernel-bin", "sys-apps/busybox"],
});
`;

describe("gp build fetching distfiles through Portage", skipFor(support.available ? undefined : support.reason), () => {
  let work: string;
  let mirror: Mirror;
  let server: MirrorServer;
  let mirrorOptions: string[];

  /** A build of the blueprint in a directory of its own (so a lower of its own), with the cache at `cache`. */
  const buildIn = async (name: string, cache: string, ...extra: string[]): Promise<{ result: GpRun; artifact: string }> => {
    const imageDir = join(work, name);
    mkdirSync(imageDir, { recursive: true });
    writeFileSync(join(imageDir, "kernel.image.ts"), BLUEPRINT);
    const result = await runGp(["build", join(imageDir, "kernel.image.ts"), "--json", ...mirrorOptions, ...extra], { cwd: imageDir, env: { GP_CACHE_DIR: cache, SOURCE_DATE_EPOCH: "" } });
    if (result.exitCode !== 0) throw new Error(`gp build failed (${result.exitCode}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    return { result, artifact: join(imageDir, "out/kernel") };
  };
  const distfileDownloads = () => server.downloads(mirror.paths.kernelDistfile) + server.downloads(mirror.paths.busyboxDistfile);

  beforeAll(async () => {
    work = suiteDirectory("gp-fetch-");
    mirror = await createMirror(join(work, "mirror"), { snapshotDate: newestSnapshotDate() });
    server = await serveMirror(mirror);
    mirrorOptions = ["--gentoo-mirror", server.urls.gentoo, "--github-api", server.urls.api, "--github-archive", server.urls.github];
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  let first: string;

  it("fetches the distfiles from --gentoo-mirror as the lower's portage user into the shared, group-writable distfiles folder", async () => {
    const cache = join(work, "cache");
    ({ artifact: first } = await buildIn("first", cache));
    expect(server.downloads(mirror.paths.kernelDistfile)).toBe(1);
    expect(server.downloads(mirror.paths.busyboxDistfile)).toBe(1);
    expect(server.downloads(mirror.paths.distfilesLayout)).toBe(1);

    const lower = join(first, "work/x86_64/lower");
    const portage = portageIds(readFileSync(join(lower, "etc/passwd"), "utf8"), readFileSync(join(lower, "etc/group"), "utf8"));
    expect(portage).toBeDefined();
    const distfiles = join(cache, "distfiles");
    const folder = statSync(distfiles);
    expect({ uid: folder.uid, gid: folder.gid }).toEqual(portage);
    expect(folder.mode & 0o020).toBe(0o020);
    for (const distfile of [mirror.distfiles.kernel, mirror.distfiles.busybox]) {
      const file = statSync(join(distfiles, distfile.fileName));
      expect(file.size).toBe(distfile.size);
      expect(file.uid).toBe(portage!.uid);
    }
  }, 900_000);

  it("installs the kernel, its link, its config, the guest's modules with their dependencies, and busybox alone", async () => {
    const image = join(first, "kernel-x86_64.squashfs");
    const listing = (await run("unsquashfs", ["-lls", "-d", "", image])).stdout.split("\n");
    const entries = new Map(listing.map((line) => [line.replace(/^.*? \d{4}-\d\d-\d\d \d\d:\d\d /, "").replace(/ -> .*$/, ""), line]));
    // The stage3 merges /usr, so what the ebuild installs below /lib or /bin lands below /usr.
    const find = (path: string) => entries.get(path) ?? entries.get(`/usr${path}`);
    const { release } = mirror.distfiles;
    expect(find("/boot/kernel"), "/boot/kernel").toMatch(new RegExp(`^l.* -> kernel-${release}$`));
    expect(find(`/boot/kernel-${release}`)).toMatch(/^-/);
    expect(find(`/boot/config-${release}`)).toMatch(/^-/);
    expect([...entries.keys()].filter((path) => path.includes("System.map"))).toEqual([]);
    for (const module of mirror.distfiles.guestModules) expect(find(`/lib/modules/${release}/${module}`), module).toMatch(/^-/);
    for (const name of GUEST_MODULES) expect(mirror.distfiles.guestModules.some((path) => path.endsWith(`/${name}.ko`) || path.includes(`/${name}.ko.`)), name).toBe(true);
    for (const table of ["modules.order", "modules.builtin", "modules.builtin.modinfo", "modules.dep"]) expect(find(`/lib/modules/${release}/${table}`), table).toMatch(/^-/);
    // Not the 391 MB of every driver: sound and GPU drivers stay out.
    expect([...entries.keys()].some((path) => path.includes(`/modules/${release}/kernel/sound/`) || path.includes(`/modules/${release}/kernel/drivers/gpu/`))).toBe(false);
    expect(find("/bin/busybox")).toMatch(/^-rwxr-xr-x/);
    // No applet links: the lower's /bin/sh is still dash.
    expect(readlinkSync(join(first, "work/x86_64/lower/usr/bin/sh"))).toMatch(/(^|\/)dash$/);
    const { kernel, busybox } = debianEbuilds(mirror.distfiles);
    const vdb = join(first, "work/x86_64/lower/var/db/pkg");
    expect(readdirSync(join(vdb, "sys-kernel"))).toEqual([`debian-kernel-bin-${kernel.version}`]);
    expect(readdirSync(join(vdb, "sys-apps"))).toContain(`busybox-${busybox.version}`);
  });

  it("downloads nothing for a new lower when the shared distfiles folder has the files", async () => {
    const before = distfileDownloads();
    // Without the shared binary packages, so that emerge builds from the distfiles again.
    await buildIn("second", join(work, "cache"), "--independent-binpkgs");
    expect(distfileDownloads()).toBe(before);
  }, 900_000);

  it("fetches again with an empty cache", async () => {
    const before = distfileDownloads();
    await buildIn("third", join(work, "empty-cache"));
    expect(distfileDownloads()).toBe(before + 2);
  }, 900_000);
});
