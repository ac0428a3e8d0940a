import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { temporaryDirectory } from "../../../helpers/temp.js";

/** Metadata of a fake installed package; unset keys get no file, as in a real vdb. */
export interface FakePackage {
  readonly slot?: string;
  readonly rdepend?: string;
  readonly pdepend?: string;
  readonly inherited?: string;
  readonly description?: string;
  readonly use?: string;
  readonly iuse?: string;
  readonly iuseEffective?: string;
  /** @default "8", as every package of a current vdb records some EAPI */
  readonly eapi?: string;
  readonly homepage?: string;
  readonly license?: string;
  readonly repository?: string;
  /** CONTENTS lines as written; see `obj`, `sym` and `dir` for lines that also create the file. */
  readonly contents?: readonly string[];
}

/**
 * A root filesystem in a temporary directory, built with image paths: `root.file("/etc/x")`
 * writes `<dir>/etc/x`. Removed after the test.
 */
export class FakeRoot {
  readonly hostDir = temporaryDirectory("gp-closure-");

  host(path: string): string {
    return join(this.hostDir, path);
  }

  file(path: string, content = "", mode = 0o644): this {
    mkdirSync(dirname(this.host(path)), { recursive: true });
    writeFileSync(this.host(path), content);
    chmodSync(this.host(path), mode);
    return this;
  }

  directory(path: string): this {
    mkdirSync(this.host(path), { recursive: true });
    return this;
  }

  symlink(path: string, target: string): this {
    mkdirSync(dirname(this.host(path)), { recursive: true });
    symlinkSync(target, this.host(path));
    return this;
  }

  /** Merged /usr as stage3 makes it: /bin, /sbin and /usr/sbin point to /usr/bin, /lib to /usr/lib. */
  mergedUsr(): this {
    this.directory("/usr/bin").directory("/usr/lib").directory("/usr/lib64");
    return this.symlink("/bin", "usr/bin").symlink("/sbin", "usr/bin").symlink("/usr/sbin", "bin").symlink("/lib", "usr/lib").symlink("/lib64", "usr/lib64");
  }

  /** A CONTENTS `obj` line; creates the file (through any symlinked parent). */
  obj(path: string): string {
    this.file(path, `content of ${path}\n`);
    return `obj ${path} d41d8cd98f00b204e9800998ecf8427e 1700000000`;
  }

  /** A CONTENTS `sym` line; creates the symlink. */
  sym(path: string, target: string): string {
    this.symlink(path, target);
    return `sym ${path} -> ${target} 1700000000`;
  }

  /** A CONTENTS `dir` line; creates the directory. */
  dir(path: string): string {
    this.directory(path);
    return `dir ${path}`;
  }

  /** Installs a package into the vdb as `/var/db/pkg/<cpv>/`. */
  pkg(cpv: string, metadata: FakePackage = {}): this {
    const base = `/var/db/pkg/${cpv}`;
    this.directory(base);
    const files: Record<string, string | undefined> = {
      SLOT: metadata.slot ?? "0",
      RDEPEND: metadata.rdepend,
      PDEPEND: metadata.pdepend,
      INHERITED: metadata.inherited,
      DESCRIPTION: metadata.description,
      USE: metadata.use,
      IUSE: metadata.iuse,
      IUSE_EFFECTIVE: metadata.iuseEffective,
      EAPI: metadata.eapi ?? "8",
      HOMEPAGE: metadata.homepage,
      LICENSE: metadata.license,
      repository: metadata.repository ?? "gentoo",
    };
    for (const [key, value] of Object.entries(files)) if (value !== undefined) this.file(`${base}/${key}`, `${value}\n`);
    if (metadata.contents !== undefined) this.file(`${base}/CONTENTS`, metadata.contents.map((line) => `${line}\n`).join(""));
    return this;
  }

  /** Writes `/etc/portage/sets/<name>`. */
  set(name: string, lines: readonly string[]): this {
    return this.file(`/etc/portage/sets/${name}`, lines.map((line) => `${line}\n`).join(""));
  }

  /** A repository at `location` with the given name and profile formats, listed in repos.conf. */
  repository(name: string, location: string, options: { readonly formats?: string; readonly nameIn?: "repo_name" | "layout.conf" } = {}): this {
    const layout = [`masters = ${name === "gentoo" ? "" : "gentoo"}`];
    if (options.formats !== undefined) layout.push(`profile-formats = ${options.formats}`);
    if (options.nameIn === "layout.conf") layout.push(`repo-name = ${name}`);
    else this.file(`${location}/profiles/repo_name`, `${name}\n`);
    this.file(`${location}/metadata/layout.conf`, `${layout.join("\n")}\n`);
    if (name !== "gentoo") this.file(`/etc/portage/repos.conf/${name}.conf`, `[${name}]\nlocation = ${location}\n`);
    return this;
  }

  /** A profile directory with optional `parent` and `packages` files. */
  profile(path: string, files: { readonly parent?: readonly string[]; readonly packages?: readonly string[]; readonly makeDefaults?: string } = {}): this {
    this.directory(path);
    if (files.parent !== undefined) this.file(`${path}/parent`, files.parent.map((line) => `${line}\n`).join(""));
    if (files.packages !== undefined) this.file(`${path}/packages`, files.packages.map((line) => `${line}\n`).join(""));
    if (files.makeDefaults !== undefined) this.file(`${path}/make.defaults`, files.makeDefaults);
    return this;
  }

  /** Points `/etc/portage/make.profile` at a profile, as eselect profile does (relative link). */
  selectProfile(path: string): this {
    return this.symlink("/etc/portage/make.profile", `../..${path}`);
  }
}
