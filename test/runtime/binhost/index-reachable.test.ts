import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binhostIndexProblem } from "../../../runtime/binhost/index.js";
import { startFileServer, type FileServer } from "../../fixtures/gentoo/index.js";
import { suiteDirectory } from "../../helpers/temp.js";
import { unusedPort } from "../../helpers/free-port.js";

describe("whether a binhost serves an index", () => {
  let server: FileServer;
  beforeAll(async () => {
    const root = suiteDirectory("gp-binhost-probe-");
    mkdirSync(join(root, "plain"));
    writeFileSync(join(root, "plain/Packages"), "ARCH: amd64\nPACKAGES: 0\n\n");
    mkdirSync(join(root, "gzipped"));
    writeFileSync(join(root, "gzipped/Packages.gz"), "");
    mkdirSync(join(root, "empty"));
    server = await startFileServer(root);
  });
  afterAll(() => server?.close());

  it("is yes for a directory with Packages, or with Packages.gz only", async () => {
    expect(await binhostIndexProblem(`${server.url}/plain`)).toBeUndefined();
    expect(await binhostIndexProblem(`${server.url}/gzipped`)).toBeUndefined();
  });

  it("is no, with both answers, for a directory without an index", async () => {
    expect(await binhostIndexProblem(`${server.url}/empty`)).toBe(`the binhost ${server.url}/empty has no package index (Packages: HTTP 404, Packages.gz: HTTP 404)`);
  });

  it("is no, with the reason, for a port nothing listens on", async () => {
    const url = `http://127.0.0.1:${await unusedPort()}/binpkgs`;
    expect(await binhostIndexProblem(url)).toBe(`the binhost ${url} cannot be reached (ECONNREFUSED)`);
  });
});
