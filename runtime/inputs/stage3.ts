import { readFile } from "node:fs/promises";
import type { Arch } from "../../dsl/index.js";
import type { Downloaded } from "./download.js";
import { ChecksumMismatchError, MalformedInputError, OfflineError, SignatureError } from "./errors.js";
import { describeFetch, fetchInput, fetchOptionalInput, shortDigest, type InputFetchContext } from "./fetch-context.js";
import { digestOf, parseGentooDigests } from "./gentoo-digests.js";
import type { Stage3LockEntry, Stage3Verification } from "./lockfile.js";
import { readClearSigned } from "./openpgp.js";
import { quote } from "../../errors/quote.js";
import { ARCH_FACTS } from "../../genpack/arch.js";

/** Where Gentoo's release files are fetched from unless a mirror is configured. */
export const DEFAULT_GENTOO_MIRROR = "https://distfiles.gentoo.org/";

/** The stage3 flavour genpack builds on. */
export const DEFAULT_STAGE3_FLAVOUR = "systemd";

/**
 * The pointer file that names the newest stage3 of an arch and flavour:
 * `<mirror>releases/<release>/autobuilds/latest-stage3-<stage3>-<flavour>.txt`.
 */
export function latestStage3Url(arch: Arch, mirror: string = DEFAULT_GENTOO_MIRROR, flavour: string = DEFAULT_STAGE3_FLAVOUR): string {
  if (!/^[a-z0-9][a-z0-9_+-]*$/.test(flavour)) {
    throw new MalformedInputError(`${quote(flavour)} is not a stage3 flavour name (such as systemd, openrc or desktop-systemd).`);
  }
  const names = ARCH_FACTS[arch].gentoo;
  return new URL(`releases/${names.release}/autobuilds/latest-stage3-${names.stage3}-${flavour}.txt`, withSlash(mirror)).href;
}

/** What a latest-stage3 pointer says. */
export interface Stage3Pointer {
  /** Path of the tarball relative to the pointer's directory, such as `20261124T170343Z/stage3-amd64-systemd-20261124T170343Z.tar.xz`. */
  readonly path: string;
  /** The size the pointer gives, in bytes, when it gives one. */
  readonly size?: number;
}

/**
 * Reads the body of a latest-stage3 pointer (clear-signing already removed): `#` starts a
 * comment, and the first line with at least two fields is `<path> <size>`.
 */
export function parseStage3Pointer(body: string, source: string): Stage3Pointer {
  for (const raw of body.split(/\r?\n/)) {
    const hash = raw.indexOf("#");
    const fields = (hash === -1 ? raw : raw.slice(0, hash)).trim().split(/\s+/);
    const [path, size] = fields;
    if (fields.length < 2 || path === undefined || path === "") continue;
    if (path.startsWith("/") || path.split("/").includes("..") || /^[a-z][a-z0-9+.-]*:/i.test(path)) {
      throw new MalformedInputError(`${source} names ${quote(path)}, which is not a path below its own directory.`, source);
    }
    return size !== undefined && /^\d+$/.test(size) ? { path, size: Number(size) } : { path };
  }
  throw new MalformedInputError(`${source} names no stage3: it has no line of the form "<path> <size>". Check the mirror and the stage3 flavour.`, source);
}

/** A stage3 tarball in the download cache and how it was pinned. */
export interface ResolvedStage3 {
  /** Where the tarball is on disk. */
  readonly path: string;
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
  readonly verified: Stage3Verification;
  readonly resolvedFrom: string;
}

/**
 * Finds and fetches a stage3 from `source`, which is either a latest-stage3 pointer (a URL
 * ending in `.txt`) or the URL of a tarball.
 *
 * 1. A pointer is fetched (revalidated if cached), its signature checked when a key is
 *    configured, and read for the tarball's path, resolved against the pointer's directory.
 * 2. `<tarball>.DIGESTS` is fetched, its signature checked when a key is configured, and read
 *    for the tarball's SHA-512. For a tarball given directly, a missing DIGESTS is allowed
 *    when no key is configured; the result is then `verified: "none"`.
 * 3. The tarball is fetched and must match that SHA-512 (and the pointer's size).
 */
export async function resolveStage3(source: string, context: InputFetchContext, label: string): Promise<ResolvedStage3> {
  let url = source;
  let expectedSize: number | undefined;
  const isPointer = new URL(source).pathname.endsWith(".txt");
  if (isPointer) {
    const pointerFile = await fetchInput(context, source);
    const body = await readSignedText(pointerFile.path, source, context);
    const pointer = parseStage3Pointer(body, source);
    url = new URL(pointer.path, source).href;
    expectedSize = pointer.size;
    context.note(`${label}: ${source} (${describeFetch(pointerFile)}) names ${pointer.path}.`);
  }

  const digestsUrl = `${url}.DIGESTS`;
  const digestsFile = isPointer ? await fetchInput(context, digestsUrl, { immutable: true }) : await fetchDigests(context, url);
  if (digestsFile === undefined) {
    const tarball = await fetchInput(context, url, { immutable: true });
    context.note(
      `${label}: ${url} ${describeFetch(tarball)} (${shortDigest(tarball.sha512)}); the server has no DIGESTS for it, ` +
        "so it is pinned as first downloaded, unverified.",
    );
    return { path: tarball.path, url, sha512: tarball.sha512, size: tarball.size, verified: "none", resolvedFrom: source };
  }
  const sha512 = await stage3DigestFromFile(digestsFile.path, digestsUrl, url, context);
  const tarball = await fetchInput(context, url, {
    immutable: true,
    expected: expectedSize === undefined ? { sha512 } : { sha512, size: expectedSize },
    mismatchAdvice: "It does not match the digest Gentoo published in its DIGESTS; try again, or use another mirror.",
  });
  const verified: Stage3Verification = context.verifier === undefined ? "sha512" : "openpgp+sha512";
  context.note(`${label}: ${url} ${describeFetch(tarball)}; ${describeVerification(verified)}.`);
  return { path: tarball.path, url, sha512, size: tarball.size, verified, resolvedFrom: source };
}

/**
 * Fetches the stage3 a lock entry pins and checks it against the pinned SHA-512. Gentoo's
 * DIGESTS are checked again too (from the cache when fetched before), with their signature
 * when a key is configured; without a key, a DIGESTS that is gone from the mirror or, offline,
 * not cached only leaves the lock's digest to vouch for the file.
 */
export async function fetchLockedStage3(entry: Stage3LockEntry, context: InputFetchContext, label: string): Promise<ResolvedStage3> {
  const advice = "The file on the server changed since gp.lock was written. Run `gp lock --update` to pin the current file.";
  let verified: Stage3Verification = "none";
  const digestsUrl = `${entry.url}.DIGESTS`;
  let digestsFile: Downloaded | undefined;
  try {
    digestsFile = await fetchDigests(context, entry.url);
  } catch (failure) {
    if (!(failure instanceof OfflineError) || context.verifier !== undefined) throw failure;
  }
  if (digestsFile !== undefined) {
    const published = await stage3DigestFromFile(digestsFile.path, digestsUrl, entry.url, context);
    if (published !== entry.sha512) {
      throw new ChecksumMismatchError(
        entry.url,
        "sha512",
        entry.sha512,
        published,
        `gp.lock pins ${entry.url} with a SHA-512 that differs from the one in ${digestsUrl}.\n` +
          `  gp.lock:  ${entry.sha512}\n  DIGESTS:  ${published}\n` +
          "Either gp.lock was edited or the release was replaced upstream. Run `gp lock --update` to pin the current release.",
      );
    }
    verified = context.verifier === undefined ? "sha512" : "openpgp+sha512";
  }
  const tarball = await fetchInput(context, entry.url, {
    immutable: true,
    expected: { sha512: entry.sha512, size: entry.size },
    mismatchAdvice: advice,
  });
  context.note(`${label}: gp.lock pins ${entry.url}; ${describeFetch(tarball)}; ${describeVerification(verified)}.`);
  return { path: tarball.path, url: entry.url, sha512: entry.sha512, size: entry.size, verified, resolvedFrom: entry.resolvedFrom };
}

/**
 * `<tarball>.DIGESTS`, or undefined when the server has none. With a key configured a missing
 * DIGESTS is an error, since nothing signed would then vouch for the tarball.
 */
async function fetchDigests(context: InputFetchContext, tarballUrl: string): Promise<Downloaded | undefined> {
  const digestsUrl = `${tarballUrl}.DIGESTS`;
  const file = await fetchOptionalInput(context, digestsUrl, { immutable: true });
  if (file === undefined && context.verifier !== undefined) {
    throw new SignatureError(
      `${tarballUrl} has no DIGESTS (${digestsUrl} does not exist), so no signature vouches for it, but a key is configured ` +
        `(${context.verifier.keyFile}). Use a Gentoo release, or leave out the key to build without signature checks.`,
      tarballUrl,
    );
  }
  return file;
}

/** The SHA-512 a DIGESTS file (signed, when a key is configured) lists for the tarball at `tarballUrl`. */
async function stage3DigestFromFile(file: string, digestsUrl: string, tarballUrl: string, context: InputFetchContext): Promise<string> {
  const body = await readSignedText(file, digestsUrl, context);
  const name = decodeURIComponent(new URL(tarballUrl).pathname.split("/").pop() ?? "");
  const sha512 = digestOf(parseGentooDigests(body, digestsUrl), "SHA512", name);
  if (sha512 === undefined) {
    throw new MalformedInputError(`${digestsUrl} lists no SHA512 digest for ${name}, so the stage3 cannot be verified. Check the mirror.`, digestsUrl);
  }
  return sha512;
}

/**
 * The text of a file that may be clear-signed: verified by gpgv when a key is configured
 * (unsigned files are then refused), otherwise read without checking.
 */
async function readSignedText(file: string, source: string, context: InputFetchContext): Promise<string> {
  if (context.verifier !== undefined) return (await context.verifier.verifyClearSigned(file, source)).body;
  const text = await readFile(file, "utf8");
  return readClearSigned(text, source).body;
}

/** How a stage3 was checked, for notes. */
export function describeVerification(verified: Stage3Verification): string {
  switch (verified) {
    case "none":
      return "not verified against upstream digests (only the SHA-512 in gp.lock vouches for it)";
    case "sha512":
      return "SHA-512 matches Gentoo's DIGESTS; signatures not checked (no OpenPGP key configured)";
    case "openpgp+sha512":
      return "SHA-512 matches Gentoo's DIGESTS, whose OpenPGP signature is good";
  }
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
