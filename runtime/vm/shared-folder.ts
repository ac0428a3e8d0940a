import { basename, resolve } from "node:path";
import { quote } from "../../errors/quote.js";
import type { Parsed } from "./vm-options.js";

/** A host folder given to the guest, which mounts it by its tag (`mount -t virtiofs TAG /mnt`). */
export interface SharedFolder {
  /** The folder on the host, absolute. */
  readonly path: string;
  readonly tag: string;
}

/**
 * The longest tag: 9p's mount_tag holds at most 31 bytes (virtio-fs's 36), and the same tag must
 * work over both, since which one carries the share is decided only when the VM starts.
 */
export const TAG_MAX_LENGTH = 31;
const TAG = /^[A-Za-z0-9_.-]+$/;

/** What is wrong with `tag` as a mount tag, or undefined when it is good. */
export function tagProblem(tag: string): string | undefined {
  if (tag === "") return "the tag is empty";
  if (tag.length > TAG_MAX_LENGTH) return `the tag ${quote(tag)} is longer than ${TAG_MAX_LENGTH} characters`;
  if (!TAG.test(tag)) return `the tag ${quote(tag)} has characters other than letters, digits, _, . and -`;
  return undefined;
}

/**
 * The tag a folder is shared under when none is given: its name, each character a tag cannot
 * hold replaced by `_`, cut to the longest tag; `share` for the root folder.
 */
export function defaultTag(path: string): string {
  const name = basename(resolve(path));
  if (name === "") return "share";
  return Array.from(name, (character) => (/^[A-Za-z0-9_.-]$/.test(character) ? character : "_")).join("").slice(0, TAG_MAX_LENGTH);
}

/**
 * `HOST_DIR[:TAG]` (`./site`, `/srv/www:www`): the split is at the last colon when what follows
 * it holds no `/`, so a folder whose name has a colon can still be given with a tag after it.
 * Relative folders are taken from `base`. Whether the folder exists is checked when the VM starts.
 */
export function parseShare(text: string, base: string): Parsed<SharedFolder> {
  const colon = text.lastIndexOf(":");
  const tagged = colon !== -1 && !text.slice(colon + 1).includes("/");
  const folder = tagged ? text.slice(0, colon) : text;
  if (folder === "") return { problem: `${quote(text)} names no folder; give HOST_DIR or HOST_DIR:TAG` };
  const path = resolve(base, folder);
  const tag = tagged ? text.slice(colon + 1) : defaultTag(path);
  const problem = tagProblem(tag);
  if (problem !== undefined) return { problem: `${quote(text)}: ${problem}${tagged ? "" : " (made from the folder's name; give one after a colon, HOST_DIR:TAG)"}` };
  return { value: { path, tag } };
}

/** The first share whose tag an earlier one has: the guest could not tell them apart. */
export function duplicateTag(shares: readonly SharedFolder[]): SharedFolder | undefined {
  const seen = new Set<string>();
  for (const share of shares) {
    if (seen.has(share.tag)) return share;
    seen.add(share.tag);
  }
  return undefined;
}
