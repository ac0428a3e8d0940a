import { posix } from "node:path";
import { run, runForBytes } from "../../host/exec.js";

/** One entry of an image, as `unsquashfs -lls` lists it. */
export interface ImageEntry {
  readonly type: "file" | "directory" | "symlink" | "other";
  readonly size: number;
  readonly target?: string;
}

/** Too many links on one path: a loop, as the kernel's ELOOP says. */
const MAX_LINKS = 40;

/**
 * Reads files out of a SquashFS image with squashfs-tools, without mounting it (no root, no loop
 * device). The listing is read once; paths are resolved component by component through symlinks
 * the way the running system would see them (`/boot/kernel -> kernel-6.1`, `/lib -> usr/lib`),
 * since `unsquashfs -cat` follows none.
 */
export class SquashfsReader {
  private constructor(
    readonly image: string,
    private readonly entries: ReadonlyMap<string, ImageEntry>,
  ) {}

  static async open(image: string, signal?: AbortSignal): Promise<SquashfsReader> {
    const { stdout } = await run("unsquashfs", ["-lls", "-d", "", image], { captureOnly: true, ...(signal === undefined ? {} : { signal }), env: { TZ: "UTC" } });
    return new SquashfsReader(image, parseListing(stdout));
  }

  /** The entry at `path` itself (a symlink is not followed), or undefined. */
  entry(path: string): ImageEntry | undefined {
    return this.entries.get(normal(path));
  }

  /** The path `path` leads to once every symlink on the way is followed, or undefined if it leads nowhere. */
  resolve(path: string): string | undefined {
    let links = 0;
    const walk = (components: string[]): string | undefined => {
      let resolved = "/";
      for (let index = 0; index < components.length; index += 1) {
        const candidate = posix.join(resolved, components[index] as string);
        const entry = this.entries.get(candidate);
        if (entry === undefined) return undefined;
        if (entry.type === "symlink" && entry.target !== undefined) {
          links += 1;
          if (links > MAX_LINKS) return undefined;
          const base = entry.target.startsWith("/") ? "/" : resolved;
          const rest = components.slice(index + 1);
          return walk([...split(posix.join(base, entry.target)), ...rest]);
        }
        resolved = candidate;
      }
      return resolved;
    };
    return walk(split(path));
  }

  /** Whether `path`, followed through links, is a regular file. */
  isFile(path: string): boolean {
    const resolved = this.resolve(path);
    return resolved !== undefined && this.entries.get(resolved)?.type === "file";
  }

  /** The bytes of the regular file `path` leads to; undefined when there is none. */
  async readFile(path: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    const resolved = this.resolve(path);
    if (resolved === undefined || this.entries.get(resolved)?.type !== "file") return undefined;
    return runForBytes("unsquashfs", ["-cat", this.image, resolved], { ...(signal === undefined ? {} : { signal }), phase: "install" });
  }

  /** The names in directory `path` (followed through links). */
  list(path: string): string[] {
    const resolved = this.resolve(path);
    if (resolved === undefined) return [];
    const prefix = resolved === "/" ? "/" : `${resolved}/`;
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix) && key !== prefix && !key.slice(prefix.length).includes("/")).map((key) => key.slice(prefix.length));
  }
}

function normal(path: string): string {
  return posix.join("/", path);
}

function split(path: string): string[] {
  return normal(path).split("/").filter((part) => part !== "" && part !== ".");
}

const LINE = /^([-dlcbps])[rwxsStT-]{9}\s+\S+\s+(\d+|\d+,\s*\d+)\s+\d{4}-\d\d-\d\d \d\d:\d\d (.*)$/;

/** `unsquashfs -lls -d ""` output as a map from absolute path to entry. */
export function parseListing(listing: string): Map<string, ImageEntry> {
  const entries = new Map<string, ImageEntry>([["/", { type: "directory", size: 0 }]]);
  for (const line of listing.split("\n")) {
    const match = LINE.exec(line);
    if (match === null) continue;
    const [, kind, size, rest] = match as unknown as [string, string, string, string];
    const type = kind === "-" ? "file" : kind === "d" ? "directory" : kind === "l" ? "symlink" : "other";
    const arrow = type === "symlink" ? rest.indexOf(" -> ") : -1;
    const path = arrow === -1 ? rest : rest.slice(0, arrow);
    if (path === "") continue;
    entries.set(normal(path), { type, size: type === "other" ? 0 : Number(size), ...(arrow === -1 ? {} : { target: rest.slice(arrow + 4) }) });
  }
  return entries;
}
