/**
 * Errors for fetching and pinning build inputs. Every failure a user can cause or fix (a
 * network outage, a moved mirror, a changed upstream file, a bad key, a hand-edited lock) is
 * one of these, with a message that says what happened, which URL or file, and what to do,
 * so the CLI prints it without a stack. Anything else escaping this module is a bug.
 */

import { codes, type CodeEntry } from "../../errors/codes.js";
import { GpError, type ErrorLocation } from "../../errors/gp-error.js";

const BRAND = Symbol.for("genpack-ts.InputError");

/** What went wrong, for callers that react to a kind rather than print the message. */
export type InputErrorKind =
  /** The server answered with an HTTP error status (see {@link DownloadError.status}). */
  | "http"
  /** The connection failed or was cut, after every retry. */
  | "network"
  /** The server stopped answering for longer than a timeout, after every retry. */
  | "timeout"
  /** The bytes do not have the size or digest they must have. */
  | "mismatch"
  /** Offline, and the content cache does not hold what is needed. */
  | "offline"
  /** The caller's AbortSignal fired. */
  | "aborted"
  /** An OpenPGP signature is missing, bad, or cannot be checked. */
  | "signature"
  /** A file from upstream (a latest-stage3 pointer, DIGESTS, an API answer) cannot be read. */
  | "malformed"
  /** gp.lock cannot be read or does not fit the build. */
  | "lockfile"
  /** A local file named as an input, or the download cache, cannot be used. */
  | "local-file";

/** The register's code of each kind. */
const CODE_OF_KIND: { readonly [kind in InputErrorKind]: CodeEntry } = {
  http: codes.downloadRefused,
  network: codes.downloadBroke,
  timeout: codes.downloadTimedOut,
  mismatch: codes.checksumMismatch,
  offline: codes.notInCacheOffline,
  aborted: codes.downloadCancelled,
  signature: codes.signatureInvalid,
  malformed: codes.malformedUpstreamFile,
  lockfile: codes.lockfileInvalid,
  "local-file": codes.localInputUnusable,
};

/** Base class of every input error. Detect it with {@link isInputError}, not `instanceof`. */
export class InputError extends GpError {
  override name = "InputError";

  constructor(
    readonly kind: InputErrorKind,
    message: string,
    /** The URL the error is about, when there is one. */
    readonly url?: string,
    options?: { cause?: unknown; location?: ErrorLocation },
  ) {
    super(CODE_OF_KIND[kind], message, options);
    // A symbol brand rather than instanceof: a blueprint's node_modules may hold a second copy.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for every error of this module, even from another loaded copy of genpack-ts. */
export function isInputError(value: unknown): value is InputError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** An HTTP status, a network failure or a timeout that retries did not cure. */
export class DownloadError extends InputError {
  override name = "DownloadError";

  constructor(
    kind: "http" | "network" | "timeout",
    message: string,
    url: string,
    /** The last HTTP status, for `kind: "http"`. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(kind, message, url, options);
  }

  /** The server said the file does not exist, as opposed to failing to serve it. */
  get notFound(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

/** Bytes whose size or digest differs from the expected one. The offending file is already gone. */
export class ChecksumMismatchError extends InputError {
  override name = "ChecksumMismatchError";

  constructor(
    url: string,
    /** `"sha512"`, `"md5"` or `"size"`. */
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
    message: string,
  ) {
    super("mismatch", message, url);
  }
}

/** Offline mode needs something that was never fetched. */
export class OfflineError extends InputError {
  override name = "OfflineError";

  constructor(message: string, url?: string) {
    super("offline", message, url);
  }
}

/** The caller cancelled the download; temporary files are already removed. */
export class DownloadAbortedError extends InputError {
  override name = "DownloadAbortedError";

  constructor(url: string, options?: { cause?: unknown }) {
    super("aborted", `The download of ${url} was cancelled.`, url, options);
  }
}

/** An OpenPGP check failed or could not run. */
export class SignatureError extends InputError {
  override name = "SignatureError";

  constructor(message: string, url?: string) {
    super("signature", message, url);
  }
}

/** A file from upstream does not have the format gp reads. */
export class MalformedInputError extends InputError {
  override name = "MalformedInputError";

  constructor(message: string, url?: string) {
    super("malformed", message, url);
  }
}

/** gp.lock is unreadable, malformed, or would have to change when it may not. */
export class LockfileError extends InputError {
  override name = "LockfileError";

  constructor(
    readonly file: string,
    message: string,
    /** Where in the lock the problem is, such as `stage3.x86_64.sha512`. */
    readonly keyPath?: string,
  ) {
    super("lockfile", message, undefined, { location: keyPath === undefined ? { file } : { file, keyPath } });
  }
}

/** A local file given in place of a download is missing or not a regular file, or the download cache cannot be created. */
export class LocalFileError extends InputError {
  override name = "LocalFileError";

  constructor(
    readonly file: string,
    message: string,
  ) {
    super("local-file", message);
  }
}
