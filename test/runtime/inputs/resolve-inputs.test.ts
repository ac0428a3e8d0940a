import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  lockInputs,
  LockfileError,
  readLock,
  resolveInputs,
  type ResolveInputsOptions,
} from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { FileServer } from "./file-server.js";
import { publishOverlay, publishSnapshot, publishStage3 } from "./gentoo-mirror.js";

const sha512 = (data: Uint8Array): string => createHash("sha512").update(data).digest("hex");
const COMMIT = "c0ffee".padEnd(40, "0");

let server: FileServer;
let project: string;
let cacheDir: string;

beforeEach(async () => {
  server = await new FileServer(temporaryDirectory("gp-mirror-")).start();
  project = temporaryDirectory("gp-project-");
  cacheDir = temporaryDirectory("gp-cache-");
});

afterEach(async () => {
  await server.close();
});

function options(extra: Partial<ResolveInputsOptions> = {}): ResolveInputsOptions {
  return {
    arch: "x86_64",
    lockPath: join(project, "gp.lock"),
    cacheDir,
    sources: { gentooMirror: server.url("/"), overlay: { apiBase: server.url("/api/"), archiveBase: server.url("/github/") } },
    now: new Date("2026-11-25T12:00:00Z"),
    retries: 0,
    connectTimeoutMs: 2_000,
    idleTimeoutMs: 2_000,
    ...extra,
  };
}

function publishAll(): { stage3: ReturnType<typeof publishStage3>; snapshot: ReturnType<typeof publishSnapshot>; overlay: ReturnType<typeof publishOverlay> } {
  return { stage3: publishStage3(server), snapshot: publishSnapshot(server, "20261123"), overlay: publishOverlay(server, COMMIT) };
}

describe("resolveInputs", () => {
  it("resolves every input on the first build, records it in gp.lock and says what it did", async () => {
    const published = publishAll();

    const inputs = await resolveInputs(options());

    expect(inputs.lockChanged).toBe(true);
    expect([inputs.stage3.origin, inputs.portage.origin, inputs.overlay.origin]).toEqual(["resolved", "resolved", "resolved"]);
    expect(readFileSync(inputs.stage3.path).equals(published.stage3.tarball)).toBe(true);
    expect(readFileSync(inputs.portage.path).equals(published.snapshot.tarball)).toBe(true);
    expect(readFileSync(inputs.overlay.path).equals(published.overlay.archive)).toBe(true);
    expect(await readLock(join(project, "gp.lock"))).toEqual({
      version: 1,
      stage3: {
        x86_64: {
          url: server.url(published.stage3.tarballPath),
          sha512: sha512(published.stage3.tarball),
          size: published.stage3.tarball.length,
          verified: "sha512",
          resolvedFrom: server.url(published.stage3.pointerPath),
        },
      },
      portage: {
        url: server.url("/snapshots/portage-20261123.tar.xz"),
        sha512: sha512(published.snapshot.tarball),
        size: published.snapshot.tarball.length,
        snapshot: "20261123",
      },
      overlay: {
        url: server.url(published.overlay.archivePath),
        sha512: sha512(published.overlay.archive),
        size: published.overlay.archive.length,
        commit: COMMIT,
      },
    });
    expect(inputs.notes[0]).toBe(`stage3 x86_64: gp.lock has no entry yet; resolving ${server.url(published.stage3.pointerPath)}.`);
    expect(inputs.notes).toContain(`overlay: wbrxcorp/genpack-overlay main is commit ${COMMIT}; ${server.url(published.overlay.archivePath)} downloaded (sha512 ${sha512(published.overlay.archive).slice(0, 12)}…).`);
    expect(inputs.notes.at(-1)).toBe(`gp.lock: written at ${join(project, "gp.lock")}.`);
  });

  it("builds again from gp.lock without looking at what is latest now", async () => {
    const published = publishAll();
    await resolveInputs(options());
    publishStage3(server, { stamp: "20261201T000000Z" });
    publishSnapshot(server, "20261124");
    server.requests.length = 0;

    const inputs = await resolveInputs(options());

    expect(inputs.lockChanged).toBe(false);
    expect([inputs.stage3.origin, inputs.portage.origin, inputs.overlay.origin]).toEqual(["lock", "lock", "lock"]);
    expect(inputs.stage3.url).toBe(server.url(published.stage3.tarballPath));
    expect(inputs.portage.snapshot).toBe("20261123");
    // Pinned files, their DIGESTS and .md5sum are all cached: nothing is asked of the server.
    expect(server.requests).toEqual([]);
    expect(inputs.stage3.verified).toBe("sha512");
    expect(inputs.portage.verified).toBe("md5");
  });

  it("builds offline from gp.lock and the download cache", async () => {
    publishAll();
    const first = await resolveInputs(options());
    await server.close();

    const inputs = await resolveInputs(options({ offline: true }));

    expect(inputs.stage3.path).toBe(first.stage3.path);
    expect(inputs.overlay.commit).toBe(COMMIT);
    server = await new FileServer(temporaryDirectory()).start();
  });

  it("says the upstream file changed and to run gp lock --update when a pinned file no longer matches", async () => {
    const published = publishAll();
    await resolveInputs(options());
    server.put(published.overlay.archivePath, Buffer.alloc(published.overlay.archive.length, 3));

    const failure = await resolveInputs(options({ cacheDir: temporaryDirectory() })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    expect((failure as Error).message).toContain(server.url(published.overlay.archivePath));
    expect((failure as Error).message).toContain("Run `gp lock --update` to pin it again.");
  });

  it("says the release was replaced when gp.lock and the DIGESTS disagree", async () => {
    const published = publishAll();
    await resolveInputs(options());
    publishStage3(server); // same name, new bytes and DIGESTS

    const failure = await resolveInputs(options({ cacheDir: temporaryDirectory() })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    expect((failure as Error).message).toContain(`gp.lock pins ${server.url(published.stage3.tarballPath)} with a SHA-512 that differs`);
  });

  it("moves every input to the latest with update, and rewrites gp.lock", async () => {
    publishAll();
    await resolveInputs(options());
    const newer = publishStage3(server, { stamp: "20261201T000000Z" });
    publishSnapshot(server, "20261124");

    const inputs = await resolveInputs(options({ update: true }));

    expect(inputs.lockChanged).toBe(true);
    expect(inputs.stage3.url).toBe(server.url(newer.tarballPath));
    expect(inputs.portage.snapshot).toBe("20261124");
    expect(inputs.notes[0]).toContain("stage3 x86_64: updating to the latest");
    expect((await readLock(join(project, "gp.lock")))?.stage3.x86_64?.url).toBe(server.url(newer.tarballPath));
  });

  it("updates only the inputs named", async () => {
    publishAll();
    await resolveInputs(options());
    publishStage3(server, { stamp: "20261201T000000Z" });
    publishSnapshot(server, "20261124");

    const inputs = await resolveInputs(options({ update: ["portage"] }));

    expect([inputs.stage3.origin, inputs.portage.origin]).toEqual(["lock", "resolved"]);
    expect(inputs.portage.snapshot).toBe("20261124");
  });

  it("re-resolves a stage3 when the build asks for another flavour than gp.lock pinned", async () => {
    publishAll();
    await resolveInputs(options());
    const openrc = publishStage3(server, { flavour: "openrc" });

    const inputs = await resolveInputs(options({ sources: { ...options().sources, stage3Flavour: "openrc" } }));

    expect(inputs.stage3.url).toBe(server.url(openrc.tarballPath));
    expect(inputs.notes[0]).toMatch(/^stage3 x86_64: gp\.lock pins .*systemd.*, which does not come from .*latest-stage3-amd64-openrc\.txt; resolving/);
  });

  it("adds another arch's stage3 and keeps the entries it already had", async () => {
    publishAll();
    publishStage3(server, { arch: "arm64" });
    const first = await resolveInputs(options());

    const second = await resolveInputs(options({ arch: "aarch64" }));

    expect(second.lockChanged).toBe(true);
    expect(second.lock.stage3.x86_64).toEqual(first.lock.stage3.x86_64);
    expect(second.lock.stage3.aarch64?.url).toMatch(/stage3-arm64-systemd-/);
    expect(second.portage.origin).toBe("lock");
  });

  it("uses a local file as is and keeps it out of gp.lock", async () => {
    publishAll();
    const local = join(project, "my-stage3.tar.xz");
    writeFileSync(local, "local stage3");

    const inputs = await resolveInputs(options({ overrides: { stage3: "my-stage3.tar.xz" }, cwd: project }));

    expect(inputs.stage3).toMatchObject({ origin: "local", path: local, sha512: sha512(Buffer.from("local stage3")), verified: "none" });
    expect(inputs.lock.stage3).toEqual({});
    expect(inputs.notes[0]).toBe(`stage3 x86_64: using the local file ${local} as is (sha512 ${sha512(Buffer.from("local stage3")).slice(0, 12)}…); not recorded in gp.lock.`);
  });

  it("records a local file as a file URL when asked", async () => {
    publishAll();
    const local = join(project, "tree.tar.xz");
    writeFileSync(local, "portage tree");

    const inputs = await resolveInputs(options({ overrides: { portage: local }, lockLocalFiles: true }));

    expect(inputs.lock.portage).toEqual({ url: pathToFileURL(local).href, sha512: sha512(Buffer.from("portage tree")), size: 12, snapshot: null });
  });

  it("names a missing local file without a stack trace", async () => {
    publishAll();

    await expect(resolveInputs(options({ overrides: { overlay: "/nonexistent/overlay.tar.gz" } }))).rejects.toThrow(
      "overlay: the file /nonexistent/overlay.tar.gz does not exist. Give a path to an existing tarball, or an http(s) URL.",
    );
  });

  it("names a local file that is a FIFO or a directory as such, without waiting on it", { timeout: 10_000 }, async () => {
    publishAll();
    const pipe = join(project, "overlay.tar.gz");
    execFileSync("mkfifo", [pipe]);

    await expect(resolveInputs(options({ overrides: { overlay: pipe } }))).rejects.toThrow(`overlay: ${pipe} is a FIFO, not a file. Give a path to a tarball, or an http(s) URL.`);
    await expect(resolveInputs(options({ overrides: { overlay: project } }))).rejects.toThrow(`overlay: ${project} is a directory, not a file.`);
  });

  it("refuses to change a frozen gp.lock", async () => {
    publishAll();

    const failure = await resolveInputs(options({ frozen: true })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(LockfileError);
    expect((failure as Error).message).toBe("stage3 x86_64: gp.lock has no entry yet, but gp.lock is frozen and may not change. Run `gp lock` (with --update to move to the latest) and commit gp.lock.");
    expect(server.requests).toEqual([]);
  });

  it("reports a malformed gp.lock before fetching anything", async () => {
    writeFileSync(join(project, "gp.lock"), '{"version":1,"stage3":{"x86_64":{"url":"https://x/y"}}}');

    await expect(resolveInputs(options())).rejects.toThrow(/gp\.lock: stage3\.x86_64\.sha512 is missing\. Fix it/);
    expect(server.requests).toEqual([]);
  });
});

describe("resolveInputs, when a source cannot be reached", () => {
  it("names the option that points each input elsewhere", async () => {
    const published = publishAll();
    const unreachable = "http://gp-no-such-mirror.invalid/";
    const stage3 = await resolveInputs(options({ sources: { gentooMirror: unreachable } })).catch((error: unknown) => error);
    expect((stage3 as Error).message).toContain("--gentoo-mirror");
    expect((stage3 as Error).message).toContain("--stage3");

    const overlay = await resolveInputs(
      options({ overrides: { stage3: server.url(published.stage3.tarballPath), portage: server.url(published.snapshot.path) }, sources: { gentooMirror: server.url("/"), overlay: { apiBase: unreachable, archiveBase: unreachable } } }),
    ).catch((error: unknown) => error);
    expect((overlay as Error).message).toContain("--genpack-overlay");
  });

  it("reports each retry as it happens", async () => {
    const { stage3 } = publishAll();
    server.fault(stage3.pointerPath, { status: 503 });
    const notices: string[] = [];
    await resolveInputs(options({ retries: 2, backoffMs: 5, onRetry: (notice) => notices.push(`${notice.attempt}/${notice.attempts} ${notice.reason}`) }));
    expect(notices).toEqual(["1/3 the server answered HTTP 503 Service Unavailable"]);
  });
});

describe("lockInputs", () => {
  it("pins the stage3 of every arch, the Portage snapshot and the overlay in one gp.lock", async () => {
    publishAll();
    publishStage3(server, { arch: "arm64" });

    const locked = await lockInputs({ ...options(), arches: ["x86_64", "aarch64"] });

    expect(Object.keys(locked.lock.stage3).sort()).toEqual(["aarch64", "x86_64"]);
    expect(locked.lockChanged).toBe(true);
    expect(await readLock(join(project, "gp.lock"))).toEqual(locked.lock);

    const again = await lockInputs({ ...options(), arches: ["x86_64", "aarch64"] });
    expect(again.lockChanged).toBe(false);
  });
});
