import { download, type Downloaded, type DownloadTuning, type ExpectedContent } from "./download.js";
import { DownloadError } from "./errors.js";
import type { OpenPgpVerifier } from "./openpgp.js";

/** What the resolvers of stage3, Portage and overlay share while fetching one build's inputs. */
export interface InputFetchContext {
  readonly cacheDir: string;
  /** Answer from the download cache only. */
  readonly offline: boolean;
  readonly tuning: DownloadTuning;
  /** Present when an OpenPGP key is configured: every signature must then check out. */
  readonly verifier?: OpenPgpVerifier;
  /** Records a human-readable line about what was resolved, reused or verified. */
  readonly note: (message: string) => void;
  readonly onProgress?: (url: string, bytes: number, total: number | undefined) => void;
}

/** How one fetch behaves beyond the shared tuning. */
export interface FetchRequest {
  readonly expected?: ExpectedContent;
  readonly immutable?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly mismatchAdvice?: string;
}

/** {@link download} with the build's cache, offline flag, tuning and progress. */
export async function fetchInput(context: InputFetchContext, url: string, request: FetchRequest = {}): Promise<Downloaded> {
  return await download(url, {
    ...context.tuning,
    ...request,
    cacheDir: context.cacheDir,
    offline: context.offline,
    onProgress: context.onProgress === undefined ? undefined : (bytes, total) => context.onProgress?.(url, bytes, total),
  });
}

/**
 * Like {@link fetchInput}, but a file the server does not have (404, 410) is `undefined`
 * instead of an error: for optional companions such as DIGESTS beside a custom tarball.
 */
export async function fetchOptionalInput(context: InputFetchContext, url: string, request: FetchRequest = {}): Promise<Downloaded | undefined> {
  try {
    return await fetchInput(context, url, request);
  } catch (failure) {
    if (failure instanceof DownloadError && failure.notFound) return undefined;
    throw failure;
  }
}

/** `sha512 3f9a0c1d2e4b…`: enough of a digest to recognize it in a note. */
export function shortDigest(sha512: string): string {
  return `sha512 ${sha512.slice(0, 12)}…`;
}

/** How a download was obtained, for notes. */
export function describeFetch(downloaded: Downloaded): string {
  switch (downloaded.from) {
    case "network":
      return "downloaded";
    case "cache":
      return "taken from the download cache";
    case "revalidated":
      return "unchanged on the server, taken from the download cache";
  }
}
