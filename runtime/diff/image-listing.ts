import type { EntryType, ListedEntry } from "./image-facts.js";

const TYPES: Readonly<Record<string, EntryType>> = { "-": "file", d: "directory", l: "symlink", c: "character device", b: "block device", p: "fifo", s: "socket" };

/**
 * One line of `unsquashfs -lln -d ""`: type letter, nine permission letters, `uid/gid`, size (or
 * `major, minor` of a device), date and time (TZ=UTC), then the path and, for a link, ` -> target`.
 * Every part before the path is of bounded shape, so the match is linear in the line.
 */
const LINE = /^([-dlcbps])([-rwxsStT]{9}) (\d+\/\d+) +(\d+|\d+, *\d+) \d{4}-\d\d-\d\d \d\d:\d\d (.*)$/;

/**
 * `unsquashfs -lln -d ""` output as a map from absolute path to entry, in listing order. Lines of
 * another shape (the tool's own messages) are skipped. A name holding " -> " is cut at its first
 * one, as the listing cannot tell the two apart.
 */
export function parseImageListing(listing: string): Map<string, ListedEntry> {
  const entries = new Map<string, ListedEntry>();
  let start = 0;
  while (start < listing.length) {
    let end = listing.indexOf("\n", start);
    if (end === -1) end = listing.length;
    const match = LINE.exec(listing.slice(start, end));
    start = end + 1;
    if (match === null) continue;
    const [, letter, mode, owner, size, rest] = match as unknown as [string, string, string, string, string, string];
    const type = TYPES[letter] as EntryType;
    const arrow = type === "symlink" ? rest.indexOf(" -> ") : -1;
    const name = arrow === -1 ? rest : rest.slice(0, arrow);
    const path = name === "" ? "/" : name.startsWith("/") ? name : `/${name}`;
    const device = type === "character device" || type === "block device" ? size.replace(/ /g, "") : undefined;
    entries.set(path, {
      type,
      size: device !== undefined || type === "directory" ? 0 : Number(size),
      mode,
      owner,
      ...(arrow === -1 ? {} : { target: rest.slice(arrow + 4) }),
      ...(device === undefined ? {} : { device }),
    });
  }
  return entries;
}
