import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  download,
  DownloadAbortedError,
  DownloadError,
  isInputError,
  OfflineError,
  type DownloadOptions,
} from "../../../runtime/inputs/index.js";
import { temporaryDirectory } from "../../helpers/temp.js";
import { FileServer } from "./file-server.js";

const sha512 = (data: Uint8Array): string => createHash("sha512").update(data).digest("hex");

let server: FileServer;
let cacheDir: string;

beforeEach(async () => {
  server = await new FileServer(temporaryDirectory("gp-mirror-")).start();
  cacheDir = temporaryDirectory("gp-cache-");
});

afterEach(async () => {
  await server.close();
});

/** Fast timings so failures take milliseconds, not the production seconds. */
function options(extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return { cacheDir, retries: 3, backoffMs: 5, connectTimeoutMs: 2_000, idleTimeoutMs: 2_000, ...extra };
}

function tmpFiles(): string[] {
  const tmp = join(cacheDir, "tmp");
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

describe("download", () => {
  it("streams a file into the content cache named by its SHA-512 and remembers the URL", async () => {
    const data = randomBytes(200_000);
    server.put("/files/a.bin", data);
    const seen: number[] = [];

    const result = await download(server.url("/files/a.bin"), options({ onProgress: (bytes) => seen.push(bytes) }));

    expect(result).toMatchObject({ sha512: sha512(data), size: data.length, from: "network" });
    expect(result.path).toBe(join(cacheDir, "sha512", sha512(data)));
    expect(readFileSync(result.path).equals(data)).toBe(true);
    expect(seen.at(-1)).toBe(data.length);
    expect(tmpFiles()).toEqual([]);
    expect(readdirSync(join(cacheDir, "urls"))).toHaveLength(1);
  });

  it("retries after a 500 and succeeds", async () => {
    server.put("/a", "hello");
    server.fault("/a", { status: 500 }, { status: 503 });

    const result = await download(server.url("/a"), options());

    expect(readFileSync(result.path, "utf8")).toBe("hello");
    expect(server.requestsFor("/a").map((request) => request.status)).toEqual([500, 503, 200]);
  });

  it("gives up after the configured retries with a message naming the URL and the status", async () => {
    server.put("/a", "hello");
    server.fault("/a", { status: 502 }, { status: 502 }, { status: 502 });

    const failure = await download(server.url("/a"), options({ retries: 2 })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as DownloadError).message).toContain(server.url("/a"));
    expect((failure as DownloadError).message).toContain("HTTP 502");
    expect((failure as DownloadError).message).toContain("3 attempts");
    expect(server.requestsFor("/a")).toHaveLength(3);
  });

  it("does not retry a 404", async () => {
    const failure = await download(server.url("/missing"), options()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DownloadError);
    expect(failure).toMatchObject({ kind: "http", status: 404, notFound: true });
    expect((failure as Error).message).toMatch(/does not exist \(HTTP 404/);
    expect(server.requestsFor("/missing")).toHaveLength(1);
  });

  it("times out on a server that never answers, and says so", async () => {
    server.put("/slow", "data");
    server.fault("/slow", { stall: "headers" }, { stall: "headers" });
    const started = Date.now();

    const failure = await download(server.url("/slow"), options({ retries: 1, connectTimeoutMs: 200 })).catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: "timeout" });
    expect((failure as Error).message).toContain("no response within 0.2 s");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("times out on a body that stalls, then resumes where it stopped", async () => {
    const data = randomBytes(100_000);
    server.put("/stalls", data);
    server.fault("/stalls", { stall: "body", bytes: 40_000 });

    const result = await download(server.url("/stalls"), options({ idleTimeoutMs: 200 }));

    expect(result.sha512).toBe(sha512(data));
    const [, second] = server.requestsFor("/stalls");
    expect(second?.headers.range).toBe("bytes=40000-");
    expect(second?.status).toBe(206);
  });

  it("resumes with Range after a cut connection", async () => {
    const data = randomBytes(300_000);
    server.put("/big.tar.xz", data);
    server.fault("/big.tar.xz", { cutAfter: 120_000 });

    const result = await download(server.url("/big.tar.xz"), options({ expected: { sha512: sha512(data), size: data.length } }));

    expect(readFileSync(result.path).equals(data)).toBe(true);
    const requests = server.requestsFor("/big.tar.xz");
    expect(requests.map((request) => request.headers.range)).toEqual([undefined, "bytes=120000-"]);
    expect(requests[1]?.headers["if-range"]).toMatch(/^"/);
    expect(tmpFiles()).toEqual([]);
  });

  it("falls back to a full download when the server answers a Range request with 200", async () => {
    const data = randomBytes(50_000);
    server.put("/norange", data);
    server.ranges = false;
    server.fault("/norange", { cutAfter: 20_000 });

    const result = await download(server.url("/norange"), options());

    expect(readFileSync(result.path).equals(data)).toBe(true);
    expect(server.requestsFor("/norange").map((request) => request.status)).toEqual([200, 200]);
  });

  it("revalidates a moving URL with If-None-Match and uses the cached copy on 304", async () => {
    server.put("/latest.txt", "one");
    const first = await download(server.url("/latest.txt"), options());

    const second = await download(server.url("/latest.txt"), options());

    expect(second).toMatchObject({ from: "revalidated", path: first.path });
    const request = server.requestsFor("/latest.txt")[1];
    expect(request?.headers["if-none-match"]).toMatch(/^"/);
    expect(request?.headers["if-modified-since"]).toBeDefined();
    expect(request?.status).toBe(304);
  });

  it("fetches a moving URL again when it changed", async () => {
    server.put("/latest.txt", "one");
    await download(server.url("/latest.txt"), options());
    server.put("/latest.txt", "two", new Date(Date.now() + 60_000));

    const second = await download(server.url("/latest.txt"), options());

    expect(second.from).toBe("network");
    expect(readFileSync(second.path, "utf8")).toBe("two");
  });

  it("takes an immutable URL or a known digest from the cache without asking the server", async () => {
    server.put("/dated.tar.xz", "bytes");
    const first = await download(server.url("/dated.tar.xz"), options({ immutable: true }));

    const byUrl = await download(server.url("/dated.tar.xz"), options({ immutable: true }));
    const byDigest = await download(server.url("/elsewhere.tar.xz"), options({ expected: { sha512: first.sha512 } }));

    expect(byUrl.from).toBe("cache");
    expect(byDigest).toMatchObject({ from: "cache", path: first.path });
    expect(server.requests).toHaveLength(1);
  });

  it("never serves the cached copy of a URL when other bytes are expected", async () => {
    server.put("/dated.tar.xz", "old bytes");
    await download(server.url("/dated.tar.xz"), options({ immutable: true }));
    server.put("/dated.tar.xz", "new bytes");

    const fresh = await download(server.url("/dated.tar.xz"), options({ immutable: true, expected: { sha512: sha512(Buffer.from("new bytes")) } }));

    expect(fresh.from).toBe("network");
    expect(server.requestsFor("/dated.tar.xz")[1]?.headers["if-none-match"]).toBeUndefined();
  });

  it("answers offline from the cache, by digest or by the URL's last fetch", async () => {
    server.put("/latest.txt", "pointer");
    const fetched = await download(server.url("/latest.txt"), options());
    await server.close();

    const byUrl = await download(server.url("/latest.txt"), options({ offline: true }));
    const byDigest = await download("https://example.invalid/x", options({ offline: true, expected: { sha512: fetched.sha512 } }));

    expect(byUrl).toMatchObject({ from: "cache", path: fetched.path });
    expect(byDigest).toMatchObject({ from: "cache", path: fetched.path });
    server = await new FileServer(temporaryDirectory()).start();
  });

  it("fails offline with a message saying what is missing and to fetch it once online", async () => {
    const url = "https://distfiles.example.invalid/snapshots/portage-20261123.tar.xz";

    const failure = await download(url, options({ offline: true })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OfflineError);
    expect(isInputError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      `${url} is not in the download cache ${cacheDir}, and offline mode may not fetch it. ` +
        "Run the same command once without --offline to fetch it.",
    );
  });

  it("deletes a download whose SHA-512 differs and names the URL, the expected and the actual digest", async () => {
    const data = Buffer.from("tampered");
    server.put("/stage3.tar.xz", data);
    const expected = "ab".repeat(64);

    const failure = await download(server.url("/stage3.tar.xz"), options({ expected: { sha512: expected } })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    const message = (failure as Error).message;
    expect(message).toContain(server.url("/stage3.tar.xz"));
    expect(message).toContain(`expected: ${expected}`);
    expect(message).toContain(`actual:   ${sha512(data)}`);
    expect(tmpFiles()).toEqual([]);
    expect(existsSync(join(cacheDir, "sha512", sha512(data)))).toBe(false);
    expect(server.requestsFor("/stage3.tar.xz")).toHaveLength(1);
  });

  it("refuses a file whose announced size differs from the expected one before reading it", async () => {
    server.put("/sized", "12345");

    const failure = await download(server.url("/sized"), options({ expected: { size: 4 } })).catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: "mismatch", algorithm: "size", expected: "4", actual: "5" });
  });

  it("removes its temporary files when aborted", async () => {
    server.put("/aborted", randomBytes(100_000));
    server.fault("/aborted", { stall: "body", bytes: 30_000 });
    const controller = new AbortController();

    const pending = download(server.url("/aborted"), options({ signal: controller.signal, onProgress: () => controller.abort() }));

    await expect(pending).rejects.toBeInstanceOf(DownloadAbortedError);
    expect(tmpFiles()).toEqual([]);
  });

  it("rejects URLs it cannot fetch with a message, not a stack", async () => {
    const failure = await download("ftp://example.invalid/x", options()).catch((error: unknown) => error);

    expect(isInputError(failure)).toBe(true);
    expect((failure as Error).message).toBe("ftp://example.invalid/x cannot be downloaded: only http:// and https:// URLs can.");
  });
});
