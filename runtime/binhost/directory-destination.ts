import { createHash, randomBytes } from "node:crypto";
import { constants, lstatSync, mkdirSync, type Stats } from "node:fs";
import { copyFile, link, open, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { codes } from "../../errors/codes.js";
import { GpError } from "../../errors/gp-error.js";
import { acquirePidLock, releasePidLock } from "../../host/pid-lock.js";
import { writeFileAtomic } from "../inputs/atomic-write.js";
import { MAX_INDEX_BYTES, type BinhostDestination, type FileFacts, type HeldIndex, type UploadOutcome } from "./destination.js";

/** The lock a publish holds in the folder, so that two publishes do not each write an index without the other's packages. */
const LOCK_NAME = ".gp-publish.lock";


function refused(root: string, message: string): GpError {
  return new GpError(codes.binhostDestinationRefused, message, { hint: `Name a folder to publish into, one that gp can write and that holds no links: ${root}` });
}

function statOf(path: string): Stats | undefined {
  return lstatSync(path, { throwIfNoEntry: false });
}

/** Whether the regular file at `path` (not a link) has the size and MD5 of `facts`. */
async function holds(path: string, facts: FileFacts): Promise<boolean> {
  const stats = statOf(path);
  if (stats === undefined || !stats.isFile() || stats.size !== facts.size) return false;
  const digest = createHash("md5");
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) digest.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
  return digest.digest("hex") === facts.md5;
}

/**
 * A folder an HTTP server serves as a binhost. Paths inside it are made folder by folder and
 * never through a link: a link planted in the folder cannot send a package elsewhere. Files go
 * in under a temporary name and are linked in, so nothing that stands at a path is replaced, and
 * a reader never sees half a file; the index is renamed over the old one.
 */
export function directoryDestination(root: string): BinhostDestination {
  const rootStats = statOf(root);
  if (rootStats !== undefined && !rootStats.isDirectory()) throw refused(root, `${root} is not a folder.`);
  mkdirSync(root, { recursive: true });
  const lock = acquirePidLock(join(root, LOCK_NAME));
  if ("heldBy" in lock) throw refused(root, `Another gp (process ${lock.heldBy}) publishes into ${root}. Wait for it to finish.`);
  if ("problem" in lock) throw refused(root, `The publish lock ${lock.problem}.`);

  /** Makes the folders of `path` below the root, refusing any that is a link or not a folder. */
  const folderFor = (path: string): string => {
    let current = root;
    for (const part of dirname(path).split("/")) {
      if (part === "." || part === "") continue;
      current = join(current, part);
      const stats = statOf(current);
      if (stats === undefined) mkdirSync(current);
      else if (!stats.isDirectory() || stats.isSymbolicLink()) throw refused(root, `${current} is ${stats.isSymbolicLink() ? "a link" : "not a folder"}; gp publishes only into folders it can see are folders.`);
    }
    return current;
  };

  return {
    description: root,
    async readIndex(): Promise<HeldIndex | undefined> {
      const path = join(root, "Packages");
      const stats = statOf(path);
      if (stats === undefined) return undefined;
      if (!stats.isFile()) throw refused(root, `${path} is not a regular file.`);
      if (stats.size > MAX_INDEX_BYTES) throw refused(root, `${path} is ${stats.size} bytes, more than an index of binary packages holds.`);
      const text = await readFile(path, { encoding: "utf8", flag: constants.O_RDONLY | constants.O_NOFOLLOW });
      return { text, version: createHash("sha256").update(text).digest("hex") };
    },
    async upload(path: string, file: string, facts: FileFacts): Promise<UploadOutcome> {
      const folder = folderFor(path);
      const target = join(root, path);
      if (statOf(target) !== undefined) return (await holds(target, facts)) ? "present" : "occupied";
      const temporary = join(folder, `.${randomBytes(6).toString("hex")}.gp-upload`);
      try {
        await copyFile(file, temporary, constants.COPYFILE_EXCL);
        await link(temporary, target);
        return "uploaded";
      } catch (problem) {
        if ((problem as NodeJS.ErrnoException).code === "EEXIST") return (await holds(target, facts)) ? "present" : "occupied";
        throw problem;
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async writeCompressedIndex(data: Uint8Array): Promise<void> {
      await writeFileAtomic(join(root, "Packages.gz"), data);
    },
    async writeIndex(text: string, previous: HeldIndex | undefined): Promise<boolean> {
      // The lock keeps other publishes out, so the index read is still the one here.
      void previous;
      await writeFileAtomic(join(root, "Packages"), text);
      return true;
    },
    async close(): Promise<void> {
      releasePidLock(lock);
    },
  };
}
