import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { SCHEMA_IMAGE_PATH, type SystemIniSchema } from "../../../genpack/system-ini/schema-document.js";

/** Where zone files live in an image, as genpack/base's `timezone.py` links them. */
const ZONEINFO = "usr/share/zoneinfo";
/** More zone files than any tzdata ships (about 1,800 with posix/ and right/): a bound on what is read. */
const MAX_ZONES = 20_000;

/** Whether the file at `path` starts with the TZif magic of compiled zone files. */
function isZoneFile(path: string): boolean {
  const head = Buffer.alloc(4);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, "r");
    return readSync(descriptor, head, 0, 4, 0) === 4 && head.toString("latin1") === "TZif";
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * The timezone names the image's zoneinfo holds, sorted: every regular file with the TZif magic,
 * and every link to one that stays inside zoneinfo (tzdata installs `UTC` and others as links).
 * Links are resolved by name, never followed on the build host, so a link out of the upper
 * cannot make gp read a host file.
 */
export function zoneinfoNames(upper: string): string[] {
  const root = join(upper, ZONEINFO);
  const names: string[] = [];
  const links: [string, string][] = [];
  const pending = [""];
  while (pending.length > 0 && names.length + links.length < MAX_ZONES) {
    const relative = pending.pop() as string;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const name = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(name);
      else if (entry.isFile()) {
        if (isZoneFile(join(root, name))) names.push(name);
      } else if (entry.isSymbolicLink()) {
        try {
          links.push([name, readlinkSync(join(root, name))]);
        } catch {
          // Gone since it was listed: not a zone.
        }
      }
    }
  }
  const zones = new Set(names);
  for (const [name, target] of links) {
    const resolved = posix.normalize(target.startsWith("/") ? target : posix.join(posix.dirname(`/${ZONEINFO}/${name}`), target));
    const prefix = `/${ZONEINFO}/`;
    if (resolved.startsWith(prefix) && zones.has(resolved.slice(prefix.length))) names.push(name);
  }
  return names.sort();
}

/** The schema as the image carries it: the artifact's, with the timezones the image really has. */
export function imageSchema(artifactSchema: SystemIniSchema, upper: string): SystemIniSchema {
  return { ...artifactSchema, "x-gp-zoneinfo": zoneinfoNames(upper) };
}

/** A path in a shell command of mksquashfs's pseudo file definitions, quoted for /bin/sh. */
function shellQuoted(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}

/** A file gp adds to the image without touching the upper: its image path and the host file with its bytes. */
export interface PseudoFile {
  readonly imagePath: string;
  readonly source: string;
}

/**
 * mksquashfs pseudo definitions that add files (the system.ini schema at {@link SCHEMA_IMAGE_PATH},
 * the SBOM) without touching the upper directory (which later builds reuse): each file, and each
 * of its folders the upper lacks, once. mksquashfs keeps a source file over a pseudo one, so the
 * caller also excludes any file the upper brings at these paths: the image's are the ones gp wrote.
 */
export function writePseudoDefinitions(upper: string, files: readonly PseudoFile[], definitions: string): void {
  const lines: string[] = [];
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.imagePath.slice(1).split("/");
    for (let index = 1; index < parts.length; index += 1) {
      const folder = parts.slice(0, index).join("/");
      if (folders.has(folder)) continue;
      folders.add(folder);
      let exists = false;
      try {
        exists = lstatSync(join(upper, folder)).isDirectory();
      } catch {
        exists = false;
      }
      if (!exists) lines.push(`${folder} d 755 0 0`);
    }
    lines.push(`${parts.join("/")} f 644 0 0 cat ${shellQuoted(file.source)}`);
  }
  writeFileSync(definitions, `${lines.join("\n")}\n`);
}
