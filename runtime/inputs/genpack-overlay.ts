import { readFile } from "node:fs/promises";
import { MalformedInputError } from "./errors.js";
import { describeFetch, fetchInput, shortDigest, type InputFetchContext } from "./fetch-context.js";
import type { OverlayLockEntry } from "./lockfile.js";
import { quote } from "../../errors/quote.js";

/** Where genpack-overlay comes from: a GitHub repository and branch, and the hosts serving them. */
export interface OverlaySource {
  /**
   * `owner/name` on GitHub.
   * @default "wbrxcorp/genpack-overlay"
   */
  readonly repository?: string;
  /**
   * Branch, tag or commit whose tip is pinned.
   * @default "main"
   */
  readonly ref?: string;
  /**
   * Base of the GitHub REST API.
   * @default "https://api.github.com/"
   */
  readonly apiBase?: string;
  /**
   * Base of GitHub's web host, which serves `<owner>/<name>/archive/<commit>.tar.gz`.
   * @default "https://github.com/"
   */
  readonly archiveBase?: string;
  /** A GitHub token, sent only to the API, for a higher rate limit. It never reaches gp.lock. */
  readonly token?: string;
}

export const DEFAULT_OVERLAY_SOURCE = {
  repository: "wbrxcorp/genpack-overlay",
  ref: "main",
  apiBase: "https://api.github.com/",
  archiveBase: "https://github.com/",
} as const satisfies Required<Omit<OverlaySource, "token">>;

/** `<apiBase>repos/<owner>/<name>/commits/<ref>`, whose JSON answer has the commit in `sha`. */
export function overlayCommitUrl(source: OverlaySource = {}): string {
  const { repository, ref, apiBase } = withDefaults(source);
  const encodedRef = ref.split("/").map(encodeURIComponent).join("/");
  return new URL(`repos/${repository}/commits/${encodedRef}`, withSlash(apiBase)).href;
}

/** `<archiveBase><owner>/<name>/archive/<commit>.tar.gz`: a tarball of the tree at one commit. */
export function overlayArchiveUrl(commit: string, source: OverlaySource = {}): string {
  const { repository, archiveBase } = withDefaults(source);
  return new URL(`${repository}/archive/${commit}.tar.gz`, withSlash(archiveBase)).href;
}

/** The commit id in a GitHub "get a commit" answer (JSON with a `sha` field). */
export function parseCommitSha(text: string, source: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedInputError(`${source} did not answer with JSON, so the genpack-overlay commit is unknown. Check the API base URL.`, source);
  }
  const sha = typeof value === "object" && value !== null ? (value as { sha?: unknown }).sha : undefined;
  if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha)) {
    throw new MalformedInputError(`${source} answered without a 40-digit commit id in "sha". Check the repository and branch names.`, source);
  }
  return sha;
}

/** genpack-overlay in the download cache and how it was pinned. */
export interface ResolvedOverlay {
  readonly path: string;
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
  /** The commit the archive holds, or null for an archive given by URL. */
  readonly commit: string | null;
}

/** Resolves the tip of the branch to a commit and fetches the archive of that commit. */
export async function resolveGenpackOverlay(source: OverlaySource, context: InputFetchContext): Promise<ResolvedOverlay> {
  const { repository, ref } = withDefaults(source);
  const apiUrl = overlayCommitUrl(source);
  const headers: Record<string, string> = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };
  if (source.token !== undefined) headers["authorization"] = `Bearer ${source.token}`;
  // Revalidated with the ETag: GitHub does not count a 304 against the rate limit.
  const answer = await fetchInput(context, apiUrl, { headers });
  const commit = parseCommitSha(await readFile(answer.path, "utf8"), apiUrl);
  const url = overlayArchiveUrl(commit, source);
  const archive = await fetchInput(context, url, { immutable: true });
  context.note(`overlay: ${repository} ${ref} is commit ${commit}; ${url} ${describeFetch(archive)} (${shortDigest(archive.sha512)}).`);
  return { path: archive.path, url, sha512: archive.sha512, size: archive.size, commit };
}

/** Fetches an overlay tarball given by URL, pinned by its SHA-512 alone. */
export async function resolveOverlayArchive(url: string, context: InputFetchContext): Promise<ResolvedOverlay> {
  const archive = await fetchInput(context, url);
  context.note(`overlay: ${url} ${describeFetch(archive)} (${shortDigest(archive.sha512)}).`);
  return { path: archive.path, url, sha512: archive.sha512, size: archive.size, commit: null };
}

/** Fetches the archive a lock entry pins and checks it against the pinned SHA-512. */
export async function fetchLockedOverlay(entry: OverlayLockEntry, context: InputFetchContext): Promise<ResolvedOverlay> {
  const archive = await fetchInput(context, entry.url, {
    immutable: true,
    expected: { sha512: entry.sha512, size: entry.size },
    mismatchAdvice:
      "The archive on the server changed since gp.lock was written (GitHub regenerates archives now and then). " +
      "Run `gp lock --update` to pin it again.",
  });
  const what = entry.commit === null ? entry.url : `commit ${entry.commit}`;
  context.note(`overlay: gp.lock pins ${what}; ${describeFetch(archive)}.`);
  return { path: archive.path, url: entry.url, sha512: entry.sha512, size: entry.size, commit: entry.commit };
}

function withDefaults(source: OverlaySource): Required<Omit<OverlaySource, "token">> {
  const repository = source.repository ?? DEFAULT_OVERLAY_SOURCE.repository;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new MalformedInputError(`${quote(repository)} is not a GitHub repository name of the form owner/name.`);
  }
  return {
    repository,
    ref: source.ref ?? DEFAULT_OVERLAY_SOURCE.ref,
    apiBase: source.apiBase ?? DEFAULT_OVERLAY_SOURCE.apiBase,
    archiveBase: source.archiveBase ?? DEFAULT_OVERLAY_SOURCE.archiveBase,
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
