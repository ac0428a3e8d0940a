import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../../host/exec.js";
import type { LowerContext, PhaseContext } from "../build-context.js";

/** Directories the containers bind host paths onto; made in the lower so no run creates them in an upper layer. */
export const MOUNT_POINTS = ["mnt/host", "mnt/files", "mnt/upper", "var/cache/binpkgs", "var/cache/distfiles", "var/cache/download", "var/db/repos"] as const;

/** What a lower root holds, recorded beside it: the inputs it was made from. */
export interface RootContents {
  readonly stage3: string;
  readonly portage: string;
  readonly overlay: string;
}

/** Extracts a tarball into a directory as root, keeping owners, modes and extended attributes. */
async function extract(context: PhaseContext, tarball: string, into: string, stripComponents = 0): Promise<void> {
  mkdirSync(into, { recursive: true });
  const args = ["--extract", "--preserve-permissions", "--numeric-owner", "--xattrs", "--xattrs-include=*", "--file", tarball, "--directory", into];
  if (stripComponents > 0) args.push(`--strip-components=${stripComponents}`);
  await run("tar", args, { log: context.log, report: context.report, signal: context.signal });
}

/** The mount points, and a regular /etc/resolv.conf for nspawn to bind the host's over. */
function prepareMountPoints(root: string): void {
  for (const path of MOUNT_POINTS) mkdirSync(join(root, path), { recursive: true });
  const resolv = join(root, "etc/resolv.conf");
  let isFile = false;
  try {
    isFile = lstatSync(resolv).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    rmSync(resolv, { force: true });
    mkdirSync(join(root, "etc"), { recursive: true });
    writeFileSync(resolv, "");
  }
}

const REPOSITORY_DIRECTORIES = { portage: "var/db/repos/gentoo", overlay: "var/db/repos/genpack-overlay" } as const;

/**
 * Replaces a repository in the root: the new tree is extracted beside the old one and swapped
 * in, and the old one deleted, so an interrupted replacement leaves the old tree whole and no
 * `.old-*` trees pile up.
 */
export async function replaceRepository(context: LowerContext, root: string, which: keyof typeof REPOSITORY_DIRECTORIES): Promise<void> {
  const target = join(root, REPOSITORY_DIRECTORIES[which]);
  const fresh = `${target}.gp-new`;
  const retired = `${target}.gp-old`;
  rmSync(fresh, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
  context.report.step(`extracting the ${which === "portage" ? "Portage snapshot" : "genpack-overlay"}`);
  await extract(context, context.inputs[which].path, fresh, 1);
  if (existsSync(target)) renameSync(target, retired);
  renameSync(fresh, target);
  rmSync(retired, { recursive: true, force: true });
}

/** Writes the repos.conf entry genpack writes for genpack-overlay. */
function writeOverlayReposConf(root: string): void {
  const directory = join(root, "etc/portage/repos.conf");
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "genpack-overlay.conf"), "[genpack-overlay]\nlocation=/var/db/repos/genpack-overlay\n");
}

/**
 * Makes a fresh lower root from the stage3, with both repositories, beside the old root, and
 * swaps it in only when complete.
 */
export async function makeFreshRoot(context: LowerContext): Promise<void> {
  const root = context.layout.lower;
  const fresh = `${root}.gp-new`;
  rmSync(fresh, { recursive: true, force: true });
  context.report.step("extracting the stage3");
  await extract(context, context.inputs.stage3.path, fresh);
  prepareMountPoints(fresh);
  await replaceRepository(context, fresh, "portage");
  await replaceRepository(context, fresh, "overlay");
  writeOverlayReposConf(fresh);
  const retired = `${root}.gp-old`;
  rmSync(retired, { recursive: true, force: true });
  if (existsSync(root)) renameSync(root, retired);
  renameSync(fresh, root);
  context.report.step("removing the previous lower root");
  rmSync(retired, { recursive: true, force: true });
}

/** Brings an existing root's repositories up to the inputs, replacing only what changed. */
export async function refreshRepositories(context: LowerContext, contents: RootContents): Promise<string[]> {
  const replaced: string[] = [];
  const root = context.layout.lower;
  if (contents.portage !== context.inputs.portage.sha512) {
    await replaceRepository(context, root, "portage");
    replaced.push("the Portage snapshot");
  }
  if (contents.overlay !== context.inputs.overlay.sha512) {
    await replaceRepository(context, root, "overlay");
    writeOverlayReposConf(root);
    replaced.push("genpack-overlay");
  }
  prepareMountPoints(root);
  return replaced;
}

export function rootContentsOf(context: LowerContext): RootContents {
  return { stage3: context.inputs.stage3.sha512, portage: context.inputs.portage.sha512, overlay: context.inputs.overlay.sha512 };
}
