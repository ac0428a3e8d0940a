import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";

/**
 * A scratch Gentoo setup for real Portage tools, made by the tests: a minimal master repository
 * `gentoo` (four arches, one profile each, MIT, one package), a Portage configuration that
 * points at it and at an overlay, and an empty ROOT to merge into. emerge and pkgcheck come
 * from PyPI; nothing is read from or written to the host's /etc/portage.
 */

export interface ToolCheck {
  readonly available: boolean;
  readonly reason: string;
}

function python(code: string, env: NodeJS.ProcessEnv = process.env): { ok: boolean; stdout: string; stderr: string } {
  const run = spawnSync("python3", ["-c", code], { encoding: "utf8", env });
  return { ok: run.status === 0, stdout: run.stdout ?? "", stderr: run.stderr ?? run.error?.message ?? "" };
}

/**
 * Whether emerge and pkgcheck can run here: the Python packages portage and pkgcheck, and root,
 * which merging into a ROOT needs. A developer machine without them skips with the reason; in
 * CI a missing tool is a failure.
 */
export function portageTools(): ToolCheck {
  const problems: string[] = [];
  const modules = python("import portage, pkgcheck");
  if (!modules.ok) problems.push(`the Python packages portage and pkgcheck are not installed (pip install -r requirements-test.txt): ${modules.stderr.trim().split("\n").at(-1) ?? ""}`);
  if (process.getuid?.() !== 0) problems.push("merging into a scratch ROOT needs root");
  const emerge = spawnSync("emerge", ["--version"], { encoding: "utf8" });
  if (emerge.status !== 0) problems.push(`emerge does not run: ${(emerge.stderr ?? emerge.error?.message ?? "").trim()}`);
  if (problems.length > 0 && process.env["CI"] === "true") throw new Error(`CI must provide emerge and pkgcheck: ${problems.join("; ")}`);
  return { available: problems.length === 0, reason: problems.join("; ") };
}

/** The Portage arches of the fixture repository, as in Gentoo's profiles/arch.list. */
const ARCHES: Readonly<Record<string, string>> = { amd64: "x86_64-pc-linux-gnu", arm64: "aarch64-unknown-linux-gnu", riscv: "riscv64-unknown-linux-gnu", x86: "i686-pc-linux-gnu" };

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Writes the master repository `gentoo` into `directory`. */
export function makeMasterRepository(directory: string): void {
  write(join(directory, "profiles/repo_name"), "gentoo\n");
  write(join(directory, "metadata/layout.conf"), "masters =\nthin-manifests = true\nsign-manifests = false\nprofile-formats = portage-2\n");
  write(join(directory, "profiles/arch.list"), `${Object.keys(ARCHES).join("\n")}\n`);
  write(join(directory, "profiles/categories"), "app-misc\nsys-apps\nvirtual\n");
  write(join(directory, "profiles/license_groups"), "FREE-SOFTWARE MIT\nFREE @FREE-SOFTWARE\n");
  write(join(directory, "licenses/MIT"), "MIT License\n");
  write(join(directory, "profiles/use.desc"), "");
  const profiles: string[] = [];
  for (const [arch, chost] of Object.entries(ARCHES)) {
    profiles.push(`${arch} default/linux/${arch} stable`);
    write(join(directory, `profiles/default/linux/${arch}/eapi`), "8\n");
    write(
      join(directory, `profiles/default/linux/${arch}/make.defaults`),
      [
        `ARCH="${arch}"`,
        `ACCEPT_KEYWORDS="${arch}"`,
        `CHOST="${chost}"`,
        'ELIBC="glibc"',
        'KERNEL="linux"',
        'USE_EXPAND_IMPLICIT="ARCH ELIBC KERNEL"',
        'USE_EXPAND_UNPREFIXED="ARCH"',
        `USE_EXPAND_VALUES_ARCH="${Object.keys(ARCHES).join(" ")}"`,
        'USE_EXPAND_VALUES_ELIBC="glibc"',
        'USE_EXPAND_VALUES_KERNEL="linux"',
        "",
      ].join("\n"),
    );
  }
  write(join(directory, "profiles/profiles.desc"), `${profiles.join("\n")}\n`);
  write(
    join(directory, "sys-apps/base/base-1.ebuild"),
    ['EAPI=8', "", 'DESCRIPTION="The base system of the fixture repository"', 'HOMEPAGE="https://example.org/base"', 'S="${WORKDIR}"', "", 'LICENSE="MIT"', 'SLOT="0"', `KEYWORDS="${Object.keys(ARCHES).join(" ")}"`, ""].join("\n"),
  );
  write(join(directory, "sys-apps/base/metadata.xml"), '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE pkgmetadata SYSTEM "https://www.gentoo.org/dtd/metadata.dtd">\n<pkgmetadata>\n</pkgmetadata>\n');
}

/** A scratch Portage setup under `directory`, for one overlay. */
export interface PortageSetup {
  readonly root: string;
  readonly pkgdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The Python that finds this setup's configuration, for pkgcheck. */
  readonly python: string;
}

/**
 * Configures Portage under `directory` for the master repository and `overlay`. Portage from
 * PyPI keeps its defaults below its Python prefix and reads the configuration of the running
 * system (`/`) as well as the target's; pointing PORTAGE_OVERRIDE_EPREFIX at the scratch
 * configuration makes both read it, while EPREFIX="" merges into ROOT itself.
 */
export function makePortageSetup(directory: string, overlay: string): PortageSetup {
  const gentoo = join(directory, "gentoo");
  makeMasterRepository(gentoo);
  const config = join(directory, "config");
  const root = join(directory, "root");
  const pkgdir = join(directory, "binpkgs");
  for (const path of [root, pkgdir, join(directory, "distfiles"), join(directory, "tmp")]) mkdirSync(path, { recursive: true });

  // Gentoo installs GNU tar also as `gtar`, which Portage's unpack and binary packages call.
  const bin = join(directory, "bin");
  mkdirSync(bin, { recursive: true });
  const tar = spawnSync("sh", ["-c", "command -v tar"], { encoding: "utf8" }).stdout.trim();
  if (tar === "") throw new Error("GNU tar is missing");
  symlinkSync(tar, join(bin, "gtar"));

  const user = userInfo();
  const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim() || user.username;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAGE_OVERRIDE_EPREFIX: config,
    EPREFIX: "",
    PORTAGE_CONFIGROOT: config,
    ROOT: root,
    PORTAGE_USERNAME: user.username,
    PORTAGE_GRPNAME: group,
    NOCOLOR: "true",
    PATH: `${bin}:${process.env["PATH"] ?? "/usr/bin:/bin"}`,
  };
  // Portage reads make.globals and its default sets below its EPREFIX: copy them from where they
  // are installed to where the overridden EPREFIX makes Portage look.
  const globalsDirectory = "import os, portage.const as c; print(os.path.join(c.EPREFIX, c.GLOBAL_CONFIG_PATH.lstrip(os.sep)))";
  const installed = python(globalsDirectory, Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "PORTAGE_OVERRIDE_EPREFIX")));
  const target = python(globalsDirectory, env);
  if (!target.ok || !installed.ok) throw new Error(`cannot locate Portage's make.globals: ${target.stderr}${installed.stderr}`);
  // The default sets (world, system, selected) are configured there too.
  cpSync(installed.stdout.trim(), target.stdout.trim(), { recursive: true });

  const portage = join(config, "etc/portage");
  write(join(portage, "repos.conf/repos.conf"), `[DEFAULT]\nmain-repo = gentoo\n\n[gentoo]\nlocation = ${gentoo}\n\n[genpack-local-overlay]\nlocation = ${overlay}\n`);
  write(
    join(portage, "make.conf"),
    [
      // No sandbox, no privilege drop: the tests run as root in a plain container.
      'FEATURES="-sandbox -usersandbox -userpriv -userfetch -ipc-sandbox -network-sandbox -pid-sandbox -mount-sandbox -news -merge-sync -preserve-libs -binpkg-multi-instance -binpkg-signing -binpkg-request-signature"',
      `PORTAGE_TMPDIR="${join(directory, "tmp")}"`,
      `PKGDIR="${pkgdir}"`,
      `DISTDIR="${join(directory, "distfiles")}"`,
      'GENTOO_MIRRORS=""',
      // genpack settles configuration updates with `etc-update --automode -5`; here files are simply replaced.
      'CONFIG_PROTECT="-*"',
      'FETCHCOMMAND="curl --fail --silent --show-error --output \\"\\${DISTDIR}/\\${FILE}\\" \\"\\${URI}\\""',
      'RESUMECOMMAND="curl --fail --silent --show-error --output \\"\\${DISTDIR}/\\${FILE}\\" \\"\\${URI}\\""',
      'ACCEPT_LICENSE="*"',
      "",
    ].join("\n"),
  );
  symlinkSync(join(gentoo, "profiles/default/linux/amd64"), join(portage, "make.profile"));

  // pkgcore finds the Portage configuration beside the Python prefix it runs from; a venv in
  // `directory` makes that `directory/etc/portage`.
  mkdirSync(join(directory, "etc"), { recursive: true });
  symlinkSync(portage, join(directory, "etc/portage"));
  const venv = spawnSync("python3", ["-m", "venv", "--system-site-packages", "--without-pip", join(directory, "venv")], { encoding: "utf8" });
  if (venv.status !== 0) throw new Error(`cannot make a venv for pkgcheck: ${venv.stderr}`);
  return { root, pkgdir, env, python: join(directory, "venv/bin/python") };
}

export interface ToolRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ToolRun> {
  return new Promise((resolvePromise) => {
    execFile(command, [...args], { env, cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolvePromise({ exitCode: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

/** emerge with the options genpack's lower phase uses: binary packages made and reused, updates deep. */
export function emerge(setup: PortageSetup, atoms: readonly string[]): Promise<ToolRun> {
  return run("emerge", ["--quiet-build=y", "--buildpkg", "--usepkg", "--binpkg-respect-use=y", "--update", "--deep", "--newuse", ...atoms], setup.env);
}

/** One result of `pkgcheck scan`: its level (error, warning, style, info), keyword and text. */
export interface ScanResult {
  readonly level: string;
  readonly keyword: string;
  readonly message: string;
  readonly where: string;
}

/** Runs `pkgcheck scan` on a repository and returns every result. */
export async function pkgcheckScan(setup: PortageSetup, repository: string): Promise<{ results: ScanResult[]; run: ToolRun }> {
  const scan = await run(setup.python, ["-m", "pkgcheck", "scan", "--reporter", "JsonReporter", repository], { ...process.env, NOCOLOR: "true" });
  const results: ScanResult[] = [];
  for (const line of scan.stdout.split("\n")) {
    if (line.trim() === "") continue;
    // The reporter nests results by category, package and version; the level key starts with "_".
    const walk = (node: unknown, where: string[]): void => {
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith("_")) {
          for (const [keyword, message] of Object.entries(value as Record<string, string>)) results.push({ level: key.slice(1), keyword, message, where: where.join("/") });
        } else {
          walk(value, [...where, key]);
        }
      }
    };
    walk(JSON.parse(line) as unknown, []);
  }
  return { results, run: scan };
}
