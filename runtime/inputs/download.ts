import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rename, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { DownloadCache, type UrlRecord } from "./download-cache.js";
import { ChecksumMismatchError, DownloadAbortedError, DownloadError, InputError, MalformedInputError, OfflineError } from "./errors.js";
import { withFileLock } from "./file-lock.js";
import { isHexDigest } from "./hash.js";
import { quote } from "../../errors/quote.js";

/** Network behaviour shared by every download of a build. */
export interface DownloadTuning {
  /**
   * Longest wait, in milliseconds, from sending a request until the response headers arrive
   * (name lookup, connection, TLS and the server's first answer).
   * @default 30_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Longest silence, in milliseconds, between two pieces of a response body.
   * @default 60_000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Further attempts after the first, on network errors, timeouts and HTTP 408, 429 and 5xx.
   * Other HTTP errors (404 above all) are never retried.
   * @default 4
   */
  readonly retries?: number;
  /**
   * Wait before the first retry, in milliseconds; it doubles on each further retry (with up to
   * 25% random spread so parallel builds do not retry in step), up to 30 s.
   * @default 1_000
   */
  readonly backoffMs?: number;
  /**
   * Longest time one download may take, every attempt and every wait between them together.
   * A download past it fails, saying so; what it fetched so far is kept, to resume next time.
   * @default 1_800_000 (30 minutes)
   */
  readonly totalTimeoutMs?: number;
  /** Called before each wait for another attempt, to tell the user what failed and what comes next. */
  readonly onRetry?: (notice: RetryNotice) => void;
  /**
   * The sentence that tells the user what to do when a download fails for good: where else the
   * file can come from.
   * @default "Check the network connection and the mirror; a file fetched before is available with --offline."
   */
  readonly failureAdvice?: string;
  /** Cancels the download; its temporary files are removed before the promise rejects. */
  readonly signal?: AbortSignal;
}

/** An attempt that failed and will be made again. */
export interface RetryNotice {
  readonly url: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How many attempts there will be at most. */
  readonly attempts: number;
  /** How long gp waits before the next attempt, in milliseconds. */
  readonly waitMs: number;
  /** What went wrong, as a clause: "the server answered HTTP 503 Service Unavailable". */
  readonly reason: string;
}

/** `attempt 2 of 5 for <url> failed (<reason>); trying again in 4 s`. */
export function describeRetry(notice: RetryNotice): string {
  return `attempt ${notice.attempt} of ${notice.attempts} for ${notice.url} failed (${notice.reason}); trying again in ${seconds(Math.round(notice.waitMs / 100) * 100)}`;
}

/** What a download must produce. */
export interface ExpectedContent {
  /** Lower-case hex SHA-512. With it, a cached copy is used without asking the server. */
  readonly sha512?: string;
  /** In bytes. */
  readonly size?: number;
}

export interface DownloadOptions extends DownloadTuning {
  /** The download cache; see {@link DownloadCache} for its layout. */
  readonly cacheDir: string;
  readonly expected?: ExpectedContent;
  /**
   * Never touch the network: answer from the content cache (by `expected.sha512`, or else by
   * the last fetch of this URL) or fail with an {@link OfflineError}.
   * @default false
   */
  readonly offline?: boolean;
  /**
   * The URL always serves the same bytes (a dated tarball, a signature, an archive of a
   * commit), so a copy cached from an earlier fetch is used without asking the server. Moving
   * URLs ("latest" pointers) leave this off and are revalidated with If-None-Match and
   * If-Modified-Since instead.
   * @default false
   */
  readonly immutable?: boolean;
  /** Extra request headers, such as `Accept` for an API. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Called as bytes arrive; `total` is undefined when the server does not say. */
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
  /**
   * The sentence that tells the user what to do when the bytes do not match `expected`.
   * @default "The file was damaged in transit or changed on the server; try again, or use another mirror."
   */
  readonly mismatchAdvice?: string;
}

/** A file in the download cache. */
export interface Downloaded {
  readonly url: string;
  /** Path of the bytes inside the content cache. Read it; never modify it. */
  readonly path: string;
  /** Lower-case hex SHA-512 of the bytes. */
  readonly sha512: string;
  /** In bytes. */
  readonly size: number;
  /**
   * `"network"`: fetched now. `"cache"`: taken from the cache without asking the server.
   * `"revalidated"`: the server answered 304 Not Modified to a conditional request.
   */
  readonly from: "network" | "cache" | "revalidated";
}

const DEFAULTS = { connectTimeoutMs: 30_000, idleTimeoutMs: 60_000, retries: 4, backoffMs: 1_000, totalTimeoutMs: 30 * 60_000 } as const;
const DEFAULT_FAILURE_ADVICE = "Check the network connection and the mirror; a file fetched before is available with --offline.";
const MAX_BACKOFF_MS = 30_000;
const USER_AGENT = "genpack-ts (+https://github.com/wbrxcorp/genpack)";
const DEFAULT_MISMATCH_ADVICE = "The file was damaged in transit or changed on the server; try again, or use another mirror.";

/**
 * Fetches a URL into the content-addressed download cache and returns where the bytes are.
 *
 * 1. With `expected.sha512`, a cached file of that digest (and size) is returned at once.
 * 2. Offline, the URL's last fetch is returned if it is still cached; otherwise it fails.
 * 3. With `immutable`, the URL's last fetch is returned if it is still cached.
 * 4. Otherwise the URL is fetched: conditionally (304 returns the cached copy) when an earlier
 *    fetch is cached, resuming a partial file with `Range` when one is left from a cut
 *    connection. The body streams into `tmp/`, is checked against `expected`, and is renamed
 *    into `sha512/<hex>`; the URL's record is updated.
 *
 * Failures are {@link InputError}s: {@link DownloadError} (HTTP status, network, timeout; the
 * last two after retries), {@link ChecksumMismatchError} (the partial is deleted),
 * {@link OfflineError}, {@link DownloadAbortedError}.
 */
export async function download(url: string, options: DownloadOptions): Promise<Downloaded> {
  checkHttpUrl(url);
  const cache = new DownloadCache(options.cacheDir);
  const expectedSha512 = normalizeExpectedDigest(url, options.expected?.sha512);
  const cached = await findCached(url, cache, expectedSha512, options.expected?.size);
  if (cached.byDigest !== undefined) return cached.byDigest;
  if (options.offline) {
    if (cached.byUrl !== undefined && expectedSha512 === undefined) return { ...cached.byUrl, from: "cache" };
    throw offlineMiss(url, cache.directory, expectedSha512);
  }
  if (options.immutable && cached.byUrl !== undefined) return { ...cached.byUrl, from: "cache" };

  await cache.prepare();
  try {
    return await withFileLock(
      cache.lockPath(url),
      async () => {
        // Another process may have fetched the same bytes while this one waited for the lock.
        const again = await findCached(url, cache, expectedSha512, options.expected?.size);
        if (again.byDigest !== undefined) return again.byDigest;
        if (options.immutable && again.byUrl !== undefined) return again.byUrl;
        return await fetchWithRetries(url, options, cache, expectedSha512, again.record);
      },
      options.signal,
    );
  } catch (failure) {
    // Cancelled while waiting for another process's lock: its partial file is not ours to remove.
    if (options.signal?.aborted && !(failure instanceof InputError)) throw new DownloadAbortedError(url, { cause: failure });
    throw failure;
  }
}

interface CacheLookup {
  readonly byDigest?: Downloaded;
  readonly byUrl?: Downloaded;
  /** The URL's record when its bytes are still cached: the basis for a conditional request. */
  readonly record?: UrlRecord;
}

async function findCached(url: string, cache: DownloadCache, sha512: string | undefined, size: number | undefined): Promise<CacheLookup> {
  if (sha512 !== undefined) {
    const path = await cache.findContent(sha512, size);
    if (path !== undefined) {
      const actualSize = size ?? (await stat(path)).size;
      return { byDigest: { url, path, sha512, size: actualSize, from: "cache" } };
    }
  }
  const record = await cache.readUrlRecord(url);
  if (record === undefined) return {};
  // The URL now serves other bytes than the caller expects: neither the cached copy nor a 304
  // for it may stand in for them.
  if ((sha512 !== undefined && record.sha512 !== sha512) || (size !== undefined && record.size !== size)) return {};
  const path = await cache.findContent(record.sha512, record.size);
  if (path === undefined) return {};
  return { byUrl: { url, path, sha512: record.sha512, size: record.size, from: "cache" }, record };
}

function offlineMiss(url: string, cacheDir: string, sha512: string | undefined): OfflineError {
  const what = sha512 === undefined ? url : `${url} (sha512 ${sha512.slice(0, 16)}…)`;
  return new OfflineError(
    `${what} is not in the download cache ${cacheDir}, and offline mode may not fetch it. ` +
      "Run the same command once without --offline to fetch it.",
    url,
  );
}

/** The download's total time ran out during an attempt. */
class OutOfTime extends Error {}

/** A failure worth another attempt. `restart` ones are retried at once and do not count. */
class RetryableFailure extends Error {
  constructor(
    readonly kind: "http" | "network" | "timeout",
    readonly detail: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly restart = false,
  ) {
    super(detail);
  }
}

async function fetchWithRetries(
  url: string,
  options: DownloadOptions,
  cache: DownloadCache,
  expectedSha512: string | undefined,
  record: UrlRecord | undefined,
): Promise<Downloaded> {
  const retries = options.retries ?? DEFAULTS.retries;
  const totalMs = options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs;
  const deadline = Date.now() + totalMs;
  const advice = options.failureAdvice ?? DEFAULT_FAILURE_ADVICE;
  let failures = 0;
  let restarts = 0;
  let lastReason: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      return await attempt(url, options, cache, expectedSha512, record, deadline);
    } catch (failure) {
      if (options.signal?.aborted) {
        await cache.removePartial(url);
        throw new DownloadAbortedError(url, { cause: failure });
      }
      if (failure instanceof OutOfTime) throw outOfTime(url, totalMs, failures + 1, failure.message, advice);
      if (!(failure instanceof RetryableFailure)) throw failure;
      lastReason = failure.detail;
      // A restart (server ignored or refused the range) cannot loop: the partial is gone.
      if (failure.restart && restarts++ < 2) continue;
      failures += 1;
      if (failures > retries) throw exhausted(url, failure, failures, advice);
      const wait = backoff(options.backoffMs ?? DEFAULTS.backoffMs, failures, failure.retryAfterMs);
      // A wait that would end past the limit only delays the same answer.
      if (Date.now() + wait >= deadline) throw outOfTime(url, totalMs, failures, lastReason, advice);
      options.onRetry?.({ url, attempt: failures, attempts: retries + 1, waitMs: wait, reason: failure.detail });
      try {
        await sleep(wait, undefined, { signal: options.signal });
      } catch (cancelled) {
        await cache.removePartial(url);
        throw new DownloadAbortedError(url, { cause: cancelled });
      }
    }
  }
}

function backoff(base: number, failures: number, retryAfterMs: number | undefined): number {
  const exponential = Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1));
  const spread = exponential * 0.25 * Math.random();
  return Math.min(MAX_BACKOFF_MS, Math.max(exponential + spread, retryAfterMs ?? 0));
}

function exhausted(url: string, failure: RetryableFailure, attempts: number, advice: string): DownloadError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  return new DownloadError(failure.kind, `Could not download ${url}: ${failure.detail} (gave up after ${tries}). ${advice}`, url, failure.status);
}

function outOfTime(url: string, totalMs: number, attempts: number, reason: string, advice: string): DownloadError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  return new DownloadError("timeout", `Gave up on ${url} after ${duration(totalMs)}, the time one download may take (${tries}; the last: ${reason}). ${advice}`, url);
}

/**
 * Why a request that failed before any answer can never succeed, or undefined when another
 * attempt may help: a host name that does not exist, a port where nothing listens, a
 * certificate that does not hold. A name lookup that timed out (EAI_AGAIN) or a network that
 * is down may come back, and is retried.
 */
function hopelessFailure(failure: unknown): string | undefined {
  const codes = errorCodes(failure);
  if (codes.has("ENOTFOUND")) return `the host ${hostOf(failure) ?? "name"} does not exist (ENOTFOUND)`;
  if (codes.has("ECONNREFUSED")) return "the server refused the connection: nothing listens on that port (ECONNREFUSED)";
  const certificate = [...codes].find((code) => /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(code));
  if (certificate !== undefined) return `the server's TLS certificate is not valid for it (${certificate})`;
  // Node's fetch never connects to ports the Fetch standard blocks, such as 25 or 6000.
  if (failure instanceof Error && failure.cause instanceof Error && failure.cause.message === "bad port") return "fetch never connects to that port, which the Fetch standard keeps closed";
  return undefined;
}

/** Every error code in a failure's chain of causes, and in the errors an AggregateError holds. */
function errorCodes(failure: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 8 || !(failure instanceof Error)) return found;
  const code = (failure as NodeJS.ErrnoException).code;
  if (typeof code === "string") found.add(code);
  if (failure instanceof AggregateError) for (const inner of failure.errors) errorCodes(inner, found, depth + 1);
  return errorCodes(failure.cause, found, depth + 1);
}

function hostOf(failure: unknown): string | undefined {
  for (let current: unknown = failure, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const hostname = (current as { hostname?: unknown }).hostname;
    if (typeof hostname === "string") return hostname;
  }
  return undefined;
}

/** One HTTP request and, when it succeeds, the whole body into the cache. */
async function attempt(
  url: string,
  options: DownloadOptions,
  cache: DownloadCache,
  expectedSha512: string | undefined,
  record: UrlRecord | undefined,
  deadline: number,
): Promise<Downloaded> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", forwardAbort, { once: true });
  let pastDeadline = false;
  const deadlineTimer = setTimeout(() => {
    pastDeadline = true;
    controller.abort();
  }, Math.max(0, deadline - Date.now()));
  let timedOut: string | undefined;
  let timer = setTimeout(() => {
    timedOut = `no response within ${seconds(connectTimeoutMs)}`;
    controller.abort();
  }, connectTimeoutMs);
  const armIdleTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = `the server sent nothing for ${seconds(idleTimeoutMs)}`;
      controller.abort();
    }, idleTimeoutMs);
  };

  try {
    const resume = await resumablePartial(url, cache, expectedSha512, options.expected?.size);
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      // Byte ranges and digests are about the bytes on the server, never a re-encoding of them.
      "accept-encoding": "identity",
      ...options.headers,
    };
    if (resume !== undefined) {
      headers["range"] = `bytes=${resume.size}-`;
      if (resume.validator !== undefined) headers["if-range"] = resume.validator;
    } else if (record !== undefined) {
      if (record.etag !== undefined) headers["if-none-match"] = record.etag;
      if (record.lastModified !== undefined) headers["if-modified-since"] = record.lastModified;
    }

    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, redirect: "follow" });
    } catch (failure) {
      if (pastDeadline) throw new OutOfTime("no answer yet");
      if (timedOut !== undefined) throw new RetryableFailure("timeout", timedOut);
      if (options.signal?.aborted) throw failure;
      const hopeless = hopelessFailure(failure);
      if (hopeless !== undefined) {
        throw new DownloadError("network", `Could not download ${url}: ${hopeless}; trying again cannot help. ${options.failureAdvice ?? DEFAULT_FAILURE_ADVICE}`, url, undefined, { cause: failure });
      }
      throw new RetryableFailure("network", describeNetworkFailure(failure));
    }
    clearTimeout(timer);

    if (response.status === 304 && record !== undefined && resume === undefined) {
      await response.body?.cancel();
      return { url, path: cache.contentPath(record.sha512), sha512: record.sha512, size: record.size, from: "revalidated" };
    }
    if (response.status === 416 && resume !== undefined) {
      await response.body?.cancel();
      await cache.removePartial(url);
      throw new RetryableFailure("http", "the server refused to resume", 416, undefined, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw httpFailure(url, response, options.failureAdvice ?? DEFAULT_FAILURE_ADVICE);
    }

    let offset = 0;
    let total = contentLength(response);
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get("content-range"));
      if (resume === undefined || range === undefined || range.start !== resume.size) {
        await response.body?.cancel();
        await cache.removePartial(url);
        throw new RetryableFailure("http", "the server sent a range that was not asked for", 206, undefined, true);
      }
      offset = resume.size;
      total = range.total ?? (total === undefined ? undefined : offset + total);
    }
    const expectedSize = options.expected?.size;
    if (expectedSize !== undefined && total !== undefined && total !== expectedSize) {
      await response.body?.cancel();
      await cache.removePartial(url);
      throw sizeMismatch(url, expectedSize, total, options.mismatchAdvice);
    }

    const etag = response.headers.get("etag") ?? undefined;
    const lastModified = response.headers.get("last-modified") ?? undefined;
    await cache.writePartialRecord({ url, etag, lastModified });

    const partial = cache.partialPath(url);
    const hash = createHash("sha512");
    if (offset > 0) await feedFile(hash, partial);
    let bytes = offset;
    const handle = await open(partial, offset > 0 ? "a" : "w");
    try {
      const body = response.body;
      if (body !== null) {
        armIdleTimer();
        const reader = body.getReader();
        for (;;) {
          let chunk: Awaited<ReturnType<typeof reader.read>>;
          try {
            chunk = await reader.read();
          } catch (failure) {
            if (pastDeadline) throw new OutOfTime(`${bytes} bytes had arrived`);
            if (timedOut !== undefined) throw new RetryableFailure("timeout", `${timedOut} after ${bytes} bytes`);
            if (options.signal?.aborted) throw failure;
            throw new RetryableFailure("network", `the connection broke after ${bytes} bytes (${describeNetworkFailure(failure)})`);
          }
          if (chunk.done) break;
          armIdleTimer();
          await handle.write(chunk.value);
          hash.update(chunk.value);
          bytes += chunk.value.byteLength;
          options.onProgress?.(bytes, total);
        }
      }
    } finally {
      await handle.close();
    }
    if (total !== undefined && bytes < total) {
      throw new RetryableFailure("network", `the connection closed after ${bytes} of ${total} bytes`);
    }

    const sha512 = hash.digest("hex");
    if (expectedSize !== undefined && bytes !== expectedSize) {
      await cache.removePartial(url);
      throw sizeMismatch(url, expectedSize, bytes, options.mismatchAdvice);
    }
    if (expectedSha512 !== undefined && sha512 !== expectedSha512) {
      await cache.removePartial(url);
      throw new ChecksumMismatchError(
        url,
        "sha512",
        expectedSha512,
        sha512,
        `${url} does not have the expected SHA-512 digest.\n  expected: ${expectedSha512}\n  actual:   ${sha512}\n` +
          `The download was deleted. ${options.mismatchAdvice ?? DEFAULT_MISMATCH_ADVICE}`,
      );
    }

    const path = cache.contentPath(sha512);
    if ((await cache.findContent(sha512, bytes)) === undefined) await rename(partial, path);
    await cache.removePartial(url);
    await cache.writeUrlRecord({ url, sha512, size: bytes, etag, lastModified, fetchedAt: new Date().toISOString() });
    return { url, path, sha512, size: bytes, from: "network" };
  } finally {
    clearTimeout(timer);
    clearTimeout(deadlineTimer);
    options.signal?.removeEventListener("abort", forwardAbort);
  }
}

/** A partial file from an earlier attempt that can be continued, and the validator that keeps it safe. */
async function resumablePartial(
  url: string,
  cache: DownloadCache,
  expectedSha512: string | undefined,
  expectedSize: number | undefined,
): Promise<{ size: number; validator?: string } | undefined> {
  const info = await stat(cache.partialPath(url)).catch(() => undefined);
  if (info === undefined) return undefined;
  const partial = await cache.readPartialRecord(url);
  // A weak ETag does not promise identical bytes, so it cannot guard a byte range.
  const etag = partial?.etag !== undefined && !partial.etag.startsWith("W/") ? partial.etag : undefined;
  const validator = etag ?? partial?.lastModified;
  // Without a validator, splicing two versions of a moving file would go unnoticed unless the
  // digest is known in advance.
  const usable = partial !== undefined && info.size > 0 && (validator !== undefined || expectedSha512 !== undefined);
  if (!usable || (expectedSize !== undefined && info.size >= expectedSize)) {
    await cache.removePartial(url);
    return undefined;
  }
  return validator === undefined ? { size: info.size } : { size: info.size, validator };
}

async function feedFile(hash: Hash, file: string): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

function httpFailure(url: string, response: Response, advice: string): RetryableFailure | DownloadError {
  const status = response.status;
  const statusText = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new RetryableFailure("http", `the server answered ${statusText}`, status, retryAfter(response));
  }
  if (status === 404 || status === 410) {
    return new DownloadError("http", `${url} does not exist (${statusText}). Check the URL and the mirror.`, url, status);
  }
  if (status === 403 && response.headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
    return new DownloadError(
      "http",
      `${url} refused the request: the API rate limit is used up${when}. Wait, or build from gp.lock, which needs no API request.`,
      url,
      status,
    );
  }
  if (status === 401 || status === 403) {
    return new DownloadError("http", `${url} could not be fetched: the server refused access (${statusText}); trying again cannot help. Check the URL. ${advice}`, url, status);
  }
  return new DownloadError("http", `${url} could not be fetched: the server answered ${statusText}. Check the URL. ${advice}`, url, status);
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (value === null) return undefined;
  const secondsValue = Number(value);
  const ms = Number.isFinite(secondsValue) ? secondsValue * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_BACKOFF_MS) : undefined;
}

function sizeMismatch(url: string, expected: number, actual: number, advice: string | undefined): ChecksumMismatchError {
  return new ChecksumMismatchError(
    url,
    "size",
    String(expected),
    String(actual),
    `${url} is ${actual} bytes long, but ${expected} bytes were expected. The download was deleted. ${advice ?? DEFAULT_MISMATCH_ADVICE}`,
  );
}

function contentLength(response: Response): number | undefined {
  const value = response.headers.get("content-length");
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** `bytes 100-199/200` (the total may be `*`). */
export function parseContentRange(value: string | null): { start: number; end: number; total?: number } | undefined {
  const match = value === null ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (match === null) return undefined;
  const [, start, end, total] = match;
  return total === "*" ? { start: Number(start), end: Number(end) } : { start: Number(start), end: Number(end), total: Number(total) };
}

/** The innermost reason a fetch failed: undici wraps socket errors in `TypeError: fetch failed`. */
function describeNetworkFailure(failure: unknown): string {
  let current: unknown = failure;
  let text = "the request failed";
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    text = code !== undefined && !current.message.includes(code) ? `${current.message} (${code})` : current.message;
    current = current.cause;
  }
  return text;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** `0.5 s`, `90 s`, `30 min`. */
function duration(ms: number): string {
  return ms < 120_000 || ms % 60_000 !== 0 ? seconds(ms) : `${ms / 60_000} min`;
}

function checkHttpUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MalformedInputError(`${quote(url)} is not a URL. Give an http:// or https:// URL, or a path to a local file.`, url);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new MalformedInputError(`${url} cannot be downloaded: only http:// and https:// URLs can.`, url);
  }
}

function normalizeExpectedDigest(url: string, sha512: string | undefined): string | undefined {
  if (sha512 === undefined) return undefined;
  const normalized = sha512.toLowerCase();
  if (!isHexDigest(normalized)) {
    throw new MalformedInputError(`The expected SHA-512 of ${url} is not 128 hex digits: ${quote(sha512)}.`, url);
  }
  return normalized;
}
