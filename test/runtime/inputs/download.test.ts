import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ChecksumMismatchError,
  download,
  DownloadAbortedError,
  DownloadError,
  isInputError,
  describeRetry,
  OfflineError,
  type DownloadOptions,
  type RetryNotice,
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

/** A port on 127.0.0.1 where nothing listens: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("download, when it fails", () => {
  it("says what it retries: the attempt of how many, the reason and the wait", async () => {
    server.put("/flaky", "hello");
    server.fault("/flaky", { status: 503 }, { status: 500 });
    const notices: RetryNotice[] = [];

    const result = await download(server.url("/flaky"), options({ onRetry: (notice) => notices.push(notice) }));

    expect(readFileSync(result.path, "utf8")).toBe("hello");
    expect(notices.map(({ attempt, attempts }) => [attempt, attempts])).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(notices[0]?.reason).toContain("HTTP 503");
    expect(notices[1]?.reason).toContain("HTTP 500");
    expect(notices.every((notice) => notice.waitMs > 0 && notice.url === server.url("/flaky"))).toBe(true);
    expect(describeRetry({ url: "https://mirror.example/x", attempt: 2, attempts: 5, waitMs: 4_000, reason: "the server answered HTTP 503" })).toBe(
      "attempt 2 of 5 for https://mirror.example/x failed (the server answered HTTP 503); trying again in 4 s",
    );
  });

  it("gives up at once on a port where nothing listens", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/file`;
    const notices: RetryNotice[] = [];

    const failure = await download(url, options({ onRetry: (notice) => notices.push(notice) })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DownloadError);
    expect(failure).toMatchObject({ kind: "network" });
    expect((failure as Error).message).toContain(url);
    expect((failure as Error).message).toContain("ECONNREFUSED");
    expect((failure as Error).message).toContain("trying again cannot help");
    expect(notices).toEqual([]);
  });

  it("gives up at once on a host that does not exist, naming it", async () => {
    const notices: RetryNotice[] = [];

    const failure = await download("http://gp-no-such-host.invalid/file", options({ onRetry: (notice) => notices.push(notice) })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as Error).message).toContain("the host gp-no-such-host.invalid does not exist (ENOTFOUND)");
    expect((failure as Error).message).toContain("--offline");
    expect(notices).toEqual([]);
  });

  it.each([410, 401, 403])("gives up at once on HTTP %i", async (status) => {
    server.put("/refused", "secret");
    server.fault("/refused", { status });

    const failure = await download(server.url("/refused"), options()).catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: "http", status });
    expect(server.requestsFor("/refused")).toHaveLength(1);
  });

  it("stops at the total time limit on a server that never answers, with the URL, the limit and what to do", async () => {
    server.put("/silent", "data");
    server.fault("/silent", { stall: "headers" }, { stall: "headers" }, { stall: "headers" }, { stall: "headers" });
    const started = Date.now();

    const failure = await download(server.url("/silent"), options({ connectTimeoutMs: 60_000, totalTimeoutMs: 300, failureAdvice: "Use another mirror with --gentoo-mirror." })).catch((error: unknown) => error);

    expect(failure).toMatchObject({ kind: "timeout" });
    expect((failure as Error).message).toBe(`Gave up on ${server.url("/silent")} after 0.3 s, the time one download may take (1 attempt; the last: no answer yet). Use another mirror with --gentoo-mirror.`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("does not wait for a retry that would end past the total time limit", async () => {
    server.put("/busy", "data");
    server.fault("/busy", { status: 503 });
    const started = Date.now();

    const failure = await download(server.url("/busy"), options({ backoffMs: 20_000, totalTimeoutMs: 2_000 })).catch((error: unknown) => error);

    expect((failure as Error).message).toContain("the last: the server answered HTTP 503");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requestsFor("/busy")).toHaveLength(1);
  });

  it("keeps what arrived before the total time limit, and resumes from it", async () => {
    const data = randomBytes(100_000);
    server.put("/trickle", data);
    server.fault("/trickle", { stall: "body", bytes: 40_000 });

    const failure = await download(server.url("/trickle"), options({ idleTimeoutMs: 60_000, totalTimeoutMs: 500 })).catch((error: unknown) => error);
    expect((failure as Error).message).toContain("40000 bytes had arrived");
    expect(tmpFiles().some((name) => name.endsWith(".part"))).toBe(true);

    const result = await download(server.url("/trickle"), options());
    expect(result.sha512).toBe(sha512(data));
    expect(server.requestsFor("/trickle")[1]?.headers.range).toBe("bytes=40000-");
  });
});
