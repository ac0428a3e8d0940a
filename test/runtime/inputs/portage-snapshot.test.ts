import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  classifySnapshotUrl,
  OfflineError,
  parseMd5sum,
  resolvePortageSnapshot,
  snapshotDateCandidates,
  type InputFetchContext,
} from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { FileServer } from "./file-server.js";
import { fetchContext } from "./fetch-context.js";
import { publishSnapshot } from "./gentoo-mirror.js";

describe("Portage snapshot names", () => {
  it("starts from yesterday's snapshot, made at 00:45 UTC today", () => {
    expect(snapshotDateCandidates(new Date("2026-11-25T12:00:00Z"), 3)).toEqual(["20261124", "20261123", "20261122"]);
  });

  it("starts a day earlier before 01:00 UTC, when today's run may not have finished", () => {
    expect(snapshotDateCandidates(new Date("2026-11-25T00:30:00Z"), 2)).toEqual(["20261123", "20261122"]);
  });

  it("crosses month and year boundaries", () => {
    expect(snapshotDateCandidates(new Date("2027-01-01T08:00:00Z"), 2)).toEqual(["20261231", "20261230"]);
  });

  it.each([
    ["https://distfiles.gentoo.org/snapshots/portage-latest.tar.xz", { kind: "latest", name: "portage", extension: "tar.xz" }],
    ["https://distfiles.gentoo.org/snapshots/gentoo-latest.tar.bz2", { kind: "latest", name: "gentoo", extension: "tar.bz2" }],
    ["https://distfiles.gentoo.org/snapshots/portage-20261123.tar.xz", { kind: "dated", name: "portage", date: "20261123" }],
    ["https://example.org/my-tree.tar.xz", { kind: "other" }],
  ])("classifies %s", (url, expected) => {
    expect(classifySnapshotUrl(url)).toMatchObject(expected);
  });

  it("reads a .md5sum and refuses one for another file", () => {
    const md5 = "d41d8cd98f00b204e9800998ecf8427e";
    expect(parseMd5sum(`${md5}  portage-20261123.tar.xz\n`, "x.md5sum", "portage-20261123.tar.xz")).toBe(md5);
    expect(() => parseMd5sum(`${md5}  portage-20261122.tar.xz\n`, "x.md5sum", "portage-20261123.tar.xz")).toThrow(/gives the digest of portage-20261122/);
  });
});

describe("Portage snapshot resolution", () => {
  let server: FileServer;
  let notes: string[];
  const now = new Date("2026-11-25T12:00:00Z");

  beforeEach(async () => {
    server = await new FileServer(temporaryDirectory("gp-mirror-")).start();
    notes = [];
  });

  afterEach(async () => {
    await server.close();
  });

  const context = (extra: Partial<InputFetchContext> = {}): InputFetchContext => fetchContext(notes, extra);

  it("pins portage-latest to the newest dated snapshot that exists, checked against its .md5sum", async () => {
    publishSnapshot(server, "20261122");
    const newest = publishSnapshot(server, "20261123");

    const resolved = await resolvePortageSnapshot(server.url("/snapshots/portage-latest.tar.xz"), context(), now);

    expect(resolved).toMatchObject({
      url: server.url("/snapshots/portage-20261123.tar.xz"),
      snapshot: "20261123",
      verified: "md5",
      sha512: createHash("sha512").update(newest.tarball).digest("hex"),
    });
    expect(server.requests.map((request) => `${request.path} ${request.status}`)).toEqual([
      "/snapshots/portage-20261124.tar.xz.md5sum 404",
      "/snapshots/portage-20261123.tar.xz.md5sum 200",
      "/snapshots/portage-20261123.tar.xz 200",
    ]);
  });

  it("refuses a snapshot that does not match its .md5sum", async () => {
    const snapshot = publishSnapshot(server, "20261123");
    server.put(snapshot.path, Buffer.alloc(10));

    await expect(resolvePortageSnapshot(server.url("/snapshots/portage-latest.tar.xz"), context(), now)).rejects.toBeInstanceOf(ChecksumMismatchError);
  });

  it("says when no dated snapshot is cached offline", async () => {
    await expect(resolvePortageSnapshot(server.url("/snapshots/portage-latest.tar.xz"), context({ offline: true }), now)).rejects.toBeInstanceOf(
      OfflineError,
    );
  });
});
