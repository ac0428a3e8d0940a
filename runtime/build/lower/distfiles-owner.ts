import { closeSync, constants, fchmodSync, fchownSync, fstatSync, lstatSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A user and group id pair. */
export interface OwnerIds {
  readonly uid: number;
  readonly gid: number;
}

/** The numeric id in field 3 of the `name:` line of an /etc/passwd or /etc/group text, or undefined. */
function idOf(text: string, name: string): number | undefined {
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields[0] !== name || fields.length < 4) continue;
    const id = fields[2]!;
    return /^\d{1,10}$/.test(id) ? Number(id) : undefined;
  }
  return undefined;
}

/**
 * The uid of the `portage` user and the gid of the `portage` group, as the root's /etc/passwd and
 * /etc/group give them; undefined when either is missing. A Gentoo stage3 has both (250), but a
 * stage3 is read, not assumed.
 */
export function portageIds(passwd: string, group: string): OwnerIds | undefined {
  const uid = idOf(passwd, "portage");
  const gid = idOf(group, "portage");
  return uid === undefined || gid === undefined ? undefined : { uid, gid };
}

/**
 * Reads a regular file of the lower root, following no link on the way: the root comes from a
 * downloaded stage3, and its /etc/passwd must not lead to the host's. Undefined when it is not
 * there or not a plain file.
 */
function readRootFile(root: string, directory: string, name: string): string | undefined {
  let descriptor: number | undefined;
  try {
    if (!lstatSync(join(root, directory)).isDirectory()) return undefined;
    descriptor = openSync(join(root, directory, name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    // Not a FIFO or a device either: reading one could block the build or read the host's.
    if (!fstatSync(descriptor).isFile()) return undefined;
    return readFileSync(descriptor, "utf8");
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The portage user's and group's ids in the lower root at `root`, or undefined. */
export function lowerPortageIds(root: string): OwnerIds | undefined {
  const passwd = readRootFile(root, "etc", "passwd");
  const group = readRootFile(root, "etc", "group");
  return passwd === undefined || group === undefined ? undefined : portageIds(passwd, group);
}

/**
 * Gives the shared distfiles folder on the host the owner and mode a Gentoo root gives
 * /var/cache/distfiles (genpack does `chown portage` and `chmod g+w` in the lower, for Gentoo bug
 * 734000): owned by the container's portage user and group, group-writable. With FEATURES
 * userfetch, a stage3's default, Portage fetches as that user, and fails to write into a folder
 * root owns. Only this folder is changed, never what is in it; it is opened without following a
 * link, so a link put in its place changes nothing outside. Throws when it is not a directory.
 */
export function shareDistfiles(directory: string, owner: OwnerIds): void {
  const descriptor = openSync(directory, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    const stat = fstatSync(descriptor);
    if (stat.uid !== owner.uid || stat.gid !== owner.gid) fchownSync(descriptor, owner.uid, owner.gid);
    if ((stat.mode & 0o020) === 0) fchmodSync(descriptor, (stat.mode & 0o7777) | 0o020);
  } finally {
    closeSync(descriptor);
  }
}
