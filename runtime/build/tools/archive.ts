import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import { run } from "../../../host/exec.js";
import { sourceDateEpochOf } from "../../source-date-epoch.js";
import { openTarget } from "../open-target.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

/** What `gp archive` (and genpack's `archive`) puts into genpack-<name>.tar.gz. */
const ARCHIVED = ["genpack.json5", "genpack.json", "files", "savedconfig", "patches", "kernel", "env", "overlay"];

/**
 * Packs an artifact directory's definition, as genpack's `archive` does, into
 * `genpack-<name>.tar.gz` in the directory, reproducibly: names sorted, owners and times fixed,
 * no gzip timestamp. genpack.json is left out when genpack.json5 exists, as genpack reads only one.
 */
export async function archiveArtifact(artifactDir: string, name: string, sourceDateEpoch: number): Promise<string> {
  const present = ARCHIVED.filter((entry) => existsSync(join(artifactDir, entry)) && !(entry === "genpack.json" && existsSync(join(artifactDir, "genpack.json5"))));
  const target = join(artifactDir, `genpack-${name}.tar.gz`);
  const temporary = `${target}.gp-tmp-${process.pid}`;
  rmSync(temporary, { force: true });
  await run("tar", [
    "--create",
    "--sort=name",
    `--mtime=@${sourceDateEpoch}`,
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--use-compress-program=gzip -n",
    "--file",
    temporary,
    "--directory",
    artifactDir,
    ...present,
  ]);
  renameSync(temporary, target);
  return target;
}

/**
 * `gp archive`: a blueprint compiled first (an artifact directory as it is), then archived with
 * SOURCE_DATE_EPOCH's times (or 0). `archive` is the path of the tarball written.
 */
export async function archiveTarget(request: Omit<TargetRequest, "arch" | "variant">): Promise<{ readonly diagnostics: readonly Diagnostic[]; readonly archive?: string }> {
  const opened = await openTarget(request.target, { cwd: request.cwd, arch: requestedArch({}), variant: null, compile: true, evaluation: request.evaluation });
  if (!opened.ok) return { diagnostics: opened.diagnostics };
  const archive = await archiveArtifact(opened.artifactDir, opened.target.resolution.name, sourceDateEpochOf() ?? 0);
  return { diagnostics: opened.diagnostics, archive };
}
