import { codes } from "../../../errors/codes.js";
import { GpError } from "../../../errors/gp-error.js";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ARCH_FACTS } from "../../../genpack/arch.js";
import { run } from "../../../host/exec.js";
import type { PhaseContext } from "../build-context.js";
import { runInLower } from "./lower-container.js";
import { quote } from "../../../errors/quote.js";

/** A problem in what the artifact asks for, found before emerge runs. */
export class ConfigurationProblem extends GpError {
  constructor(message: string) {
    super(codes.lowerNotConfigurable, message);
  }
}

/** Where genpack puts each repository in the lower, relative to its root. */
export const REPOSITORY_LOCATIONS: Readonly<Record<string, string>> = {
  "genpack-overlay": "var/db/repos/genpack-overlay",
  gentoo: "var/db/repos/gentoo",
  "genpack-local-overlay": "var/db/repos/genpack-local-overlay",
};

/** The profiles a repository lists in profiles.desc for an arch, for the error message. */
function listedProfiles(repository: string, arch: string): string[] {
  try {
    return readFileSync(join(repository, "profiles/profiles.desc"), "utf8")
      .split("\n")
      .map((line) => line.replace(/#.*/, "").trim().split(/\s+/))
      .filter((fields) => fields[0] === arch && fields[1] !== undefined)
      .map((fields) => fields[1] as string);
  } catch {
    return [];
  }
}

/**
 * Points /etc/portage/make.profile at the profile, as `eselect profile set` does: a relative
 * link into the repository. Done directly so the lower needs no eselect; a profile the
 * repository does not have is refused with the ones it has.
 */
export function setProfile(context: PhaseContext): void {
  const root = context.layout.lower;
  const [repositoryName = "", profilePath = ""] = context.target.resolution.portageProfile.split(":");
  const repository = REPOSITORY_LOCATIONS[repositoryName];
  if (repository === undefined) throw new ConfigurationProblem(`The Portage profile ${context.target.resolution.portageProfile} names the repository ${quote(repositoryName)}, which the lower does not have.`);
  const target = join(root, repository, "profiles", profilePath);
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    const arch = ARCH_FACTS[context.target.arch].portage;
    const available = listedProfiles(join(root, repository), arch);
    throw new ConfigurationProblem(
      `${repositoryName} has no profile ${profilePath}${available.length === 0 ? "." : `; for ${arch} it has ${available.join(", ")}.`}`,
    );
  }
  const link = join(root, "etc/portage/make.profile");
  mkdirSync(dirname(link), { recursive: true });
  rmSync(link, { recursive: true, force: true });
  symlinkSync(relative(dirname(link), target), link);
}

/** The seven Portage files genpack writes, byte for byte, always all of them. */
export function writePortageFiles(context: PhaseContext): void {
  for (const [path, content] of Object.entries(context.target.resolution.portageFiles)) {
    const file = join(context.layout.lower, path);
    mkdirSync(dirname(file), { recursive: true });
    rmSync(file, { recursive: true, force: true });
    writeFileSync(file, content, { mode: 0o644 });
  }
}

/** Makes `target` hold exactly what `source` holds, or removes it when the artifact has no `source`. */
async function mirrorDirectory(context: PhaseContext, source: string, target: string): Promise<void> {
  if (!existsSync(source)) {
    rmSync(target, { recursive: true, force: true });
    return;
  }
  mkdirSync(target, { recursive: true });
  // --checksum: a git checkout gives files one mtime, and rsync's size-and-time check would skip an edit.
  await run("rsync", ["-rlptD", "--delete", "--checksum", `${source}/`, `${target}/`], { log: context.log, report: context.report, signal: context.signal });
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** savedconfig/, patches/ and env/ into /etc/portage, as genpack syncs them. */
export async function syncPortageDirectories(context: PhaseContext): Promise<void> {
  for (const name of ["savedconfig", "patches", "env"]) {
    await mirrorDirectory(context, join(context.target.artifactDir, name), join(context.layout.lower, "etc/portage", name));
  }
}

/** Every file below `directory`, relative to it, leaving out the top-level entries `skip` names. */
function filesBelow(directory: string, skip: (name: string) => boolean = () => false): string[] {
  if (!existsSync(directory)) return [];
  const found: string[] = [];
  const walk = (path: string, prefix: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (prefix === "" && skip(entry.name)) continue;
      const relativePath = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(path, entry.name), `${relativePath}/`);
      else found.push(relativePath);
    }
  };
  walk(directory, "");
  return found.sort();
}

/**
 * kernel/ into /etc/kernel as genpack does: the shared files first, then kernel/arch-<arch>/ over
 * them. genpack deletes all of /etc/kernel when kernel/ is absent, package files included; gp
 * removes only the files it put there earlier and the artifact no longer has.
 */
export async function syncKernelDirectory(context: PhaseContext, previouslyPlaced: readonly string[]): Promise<string[]> {
  const source = join(context.target.artifactDir, "kernel");
  const target = join(context.layout.lower, "etc/kernel");
  const archDirectory = join(source, `arch-${context.target.arch}`);
  const placed = [...new Set([...filesBelow(source, (name) => name.startsWith("arch-")), ...filesBelow(archDirectory)])].sort();
  for (const stale of previouslyPlaced.filter((path) => !placed.includes(path))) rmSync(join(target, stale), { force: true });
  if (existsSync(source)) {
    mkdirSync(target, { recursive: true });
    await run("rsync", ["-rlptD", "--checksum", "--exclude=/arch-*", `${source}/`, `${target}/`], { log: context.log, report: context.report, signal: context.signal });
    if (existsSync(archDirectory)) {
      await run("rsync", ["-rlptD", "--ignore-times", `${archDirectory}/`, `${target}/`], { log: context.log, report: context.report, signal: context.signal });
    }
  }
  return placed;
}

/**
 * overlay/ as the local repository genpack-local-overlay, with its repos.conf entry and, when the
 * overlay lacks them, the layout.conf and repo_name genpack writes; packages that come without a
 * Manifest get one from `ebuild … manifest`, as genpack does.
 */
export async function syncLocalOverlay(context: PhaseContext): Promise<void> {
  const source = join(context.target.artifactDir, "overlay");
  const root = context.layout.lower;
  const target = join(root, REPOSITORY_LOCATIONS["genpack-local-overlay"] as string);
  const reposConf = join(root, "etc/portage/repos.conf/genpack-local-overlay.conf");
  if (!existsSync(source)) {
    rmSync(reposConf, { force: true });
    return;
  }
  await mirrorDirectory(context, source, target);
  // The copy keeps the overlay's links as links; gp writes below it on the host, so nothing it
  // writes may go through one (overlay/metadata -> /etc would put layout.conf into the host's /etc).
  for (const path of ["metadata", "metadata/layout.conf", "profiles", "profiles/repo_name"]) {
    if (isLink(join(target, path))) throw new ConfigurationProblem(`overlay/${path} is a symbolic link; gp writes it when the overlay lacks it, and writes nothing through a link. Make it a ${path.includes("/") ? "file" : "directory"}.`);
  }
  mkdirSync(dirname(reposConf), { recursive: true });
  writeFileSync(reposConf, "[genpack-local-overlay]\nlocation=/var/db/repos/genpack-local-overlay\n");
  if (!existsSync(join(target, "metadata/layout.conf"))) {
    mkdirSync(join(target, "metadata"), { recursive: true });
    writeFileSync(join(target, "metadata/layout.conf"), "masters = gentoo\n");
  }
  if (!existsSync(join(target, "profiles/repo_name"))) {
    mkdirSync(join(target, "profiles"), { recursive: true });
    writeFileSync(join(target, "profiles/repo_name"), "genpack-local-overlay\n");
  }
  for (const category of readdirSync(source, { withFileTypes: true })) {
    if (!category.isDirectory() || ["metadata", "profiles", "eclass", "licenses"].includes(category.name)) continue;
    for (const name of readdirSync(join(source, category.name), { withFileTypes: true })) {
      if (!name.isDirectory()) continue;
      const directory = join(source, category.name, name.name);
      const files = readdirSync(directory);
      const ebuild = files.filter((file) => file.endsWith(".ebuild")).sort()[0];
      if (ebuild === undefined || files.includes("Manifest")) continue;
      context.report.step(`writing the Manifest of ${category.name}/${name.name}`);
      await runInLower(context, ["ebuild", `/var/db/repos/genpack-local-overlay/${category.name}/${name.name}/${ebuild}`, "manifest"], { allowFailure: true });
    }
  }
}
