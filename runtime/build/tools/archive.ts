import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../../host/exec.js";

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
