import { createHash, randomBytes } from "node:crypto";
import { constants, lstatSync, mkdirSync, statSync, type Stats } from "node:fs";
import { chmod, link, open, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { acquirePidLock, releasePidLock } from "../../host/pid-lock.js";
import { writeFileAtomic } from "../inputs/atomic-write.js";
import { MAX_INDEX_BYTES, type BinhostDestination, type FileFacts, type HeldFile, type IndexFile, type UploadOutcome } from "./destination.js";

/** The lock a publish holds in the folder, so that two publishes do not each write an index without the other's packages. */
const LOCK_NAME = ".gp-publish.lock";

function refused(root: string, message: string): GpError {
  return new GpError(codes.binhostDestinationRefused, message, { hint: `Name a folder to publish into, one that gp can write and that holds no links: ${root}` });
}

/** A file system failure as a sentence: the path, what was done, and the system's code. */
function systemRefused(root: string, action: string, problem: unknown): GpError {
  const code = (problem as NodeJS.ErrnoException).code ?? (problem as Error).message;
  return refused(root, `${action} failed (${code}).`);
}

function statOf(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/** The MD5 and size of the regular file at `path`, read without following a link. */
async function factsOf(path: string): Promise<FileFacts | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return undefined;
    const digest = createHash("md5");
    for await (const chunk of handle.createReadStream({ autoClose: false })) digest.update(chunk as Buffer);
    return { size: stats.size, md5: digest.digest("hex") };
  } finally {
    await handle.close();
  }
}

/**
 * Copies the package file `source` (never through a link) to `target`, hashing what it reads:
 * a file that no longer has the index's size and MD5 (another build or eclean changed the cache
 * meanwhile) is not published. Returns false when the copy does not match.
 */
async function copyChecked(source: string, target: string, facts: FileFacts): Promise<boolean> {
  const input = await open(source, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const output = await open(target, "wx", 0o644);
    try {
      const digest = createHash("md5");
      let size = 0;
      for await (const chunk of input.createReadStream({ autoClose: false })) {
        digest.update(chunk as Buffer);
        size += (chunk as Buffer).length;
        await output.write(chunk as Buffer);
      }
      await output.sync();
      return size === facts.size && digest.digest("hex") === facts.md5;
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/**
 * A folder an HTTP server serves as a binhost. Paths inside it are made folder by folder and
 * never through a link: a link planted in the folder cannot send a package elsewhere. Files go
 * in under a temporary name and are linked in, so nothing that stands at a path is replaced, and
 * a reader never sees half a file; index files are renamed over the old ones. Files are 0644 and
 * folders 0755 whatever the umask, so that the web server can read them. A lock in the folder
 * keeps two publishes of this machine apart; an index changed in between (by another machine
 * on a shared file system) is still not overwritten.
 */
export function directoryDestination(root: string): BinhostDestination {
  const rootStats = statSync(root, { throwIfNoEntry: false });
  if (rootStats !== undefined && !rootStats.isDirectory()) throw refused(root, `${root} is not a folder.`);
  try {
    mkdirSync(root, { recursive: true, mode: 0o755 });
  } catch (problem) {
    throw systemRefused(root, `Making ${root}`, problem);
  }
  const lock = acquirePidLock(join(root, LOCK_NAME));
  if ("heldBy" in lock) throw refused(root, `Another gp (process ${lock.heldBy}) publishes into ${root}. Wait for it to finish.`);
  if ("problem" in lock) throw refused(root, `The publish lock ${lock.problem}.`);

  /** Makes the folders of `path` below the root, refusing any that is a link or not a folder. */
  const folderFor = async (path: string): Promise<string> => {
    let current = root;
    for (const part of dirname(path).split("/")) {
      if (part === "." || part === "") continue;
      current = join(current, part);
      const stats = statOf(current);
      if (stats === undefined) {
        mkdirSync(current);
        await chmod(current, 0o755);
      } else if (!stats.isDirectory() || stats.isSymbolicLink()) {
        throw refused(root, `${current} is ${stats.isSymbolicLink() ? "a link" : "not a folder"}; gp publishes only into folders it can see are folders.`);
      }
    }
    return current;
  };

  const readHeld = async (name: IndexFile): Promise<HeldFile | undefined> => {
    const path = join(root, name);
    const stats = statOf(path);
    if (stats === undefined) return undefined;
    if (!stats.isFile()) throw refused(root, `${path} is not a regular file.`);
    if (stats.size > MAX_INDEX_BYTES) throw refused(root, `${path} is ${stats.size} bytes, more than an index of binary packages holds.`);
    const data = await readFile(path, { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
    return { data, version: createHash("sha256").update(data).digest("hex") };
  };

  return {
    description: root,
    readIndexFile: readHeld,
    async writeIndexFile(name: IndexFile, data: Uint8Array, previous: string | undefined): Promise<boolean> {
      if ((await readHeld(name))?.version !== previous) return false;
      try {
        await writeFileAtomic(join(root, name), data);
        await chmod(join(root, name), 0o644);
      } catch (problem) {
        throw systemRefused(root, `Writing ${join(root, name)}`, problem);
      }
      return true;
    },
    async upload(path: string, file: string, facts: FileFacts): Promise<UploadOutcome> {
      const target = join(root, path);
      let temporary: string | undefined;
      try {
        const folder = await folderFor(path);
        if (statOf(target) !== undefined) return sameFile(await factsOf(target), facts) ? "present" : "occupied";
        temporary = join(folder, `.${randomBytes(6).toString("hex")}.gp-upload`);
        if (!(await copyChecked(file, temporary, facts))) {
          throw new GpError(codes.binhostNotPublishable, `${file} changed while gp published it: it no longer has the size and MD5 of the index.`, {
            hint: "Another build or eclean changed the package cache; publish again when it is done.",
          });
        }
        await link(temporary, target);
        return "uploaded";
      } catch (problem) {
        if ((problem as NodeJS.ErrnoException).code === "EEXIST") return sameFile(await factsOf(target), facts) ? "present" : "occupied";
        if (problem instanceof GpError) throw problem;
        throw systemRefused(root, `Publishing ${target}`, problem);
      } finally {
        if (temporary !== undefined) await rm(temporary, { force: true });
      }
    },
    async close(): Promise<void> {
      releasePidLock(lock);
    },
  };
}

function sameFile(found: FileFacts | undefined, facts: FileFacts): boolean {
  return found !== undefined && found.size === facts.size && found.md5 === facts.md5;
}
