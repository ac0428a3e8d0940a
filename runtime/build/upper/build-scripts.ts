import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { quoteForDisplay } from "../../../host/exec.js";

/** How a build script runs: directly when executable, else by its suffix, else not at all. */
function invocation(path: string, executable: boolean): string | undefined {
  if (executable) return quoteForDisplay(path);
  if (path.endsWith(".sh")) return `/bin/sh ${quoteForDisplay(path)}`;
  if (path.endsWith(".py")) return `/usr/bin/python ${quoteForDisplay(path)}`;
  return undefined;
}

/** One build script and the shell lines that run it (or fail for it, when it cannot run). */
export interface BuildScriptStep {
  /** The script's path in the container: `/build`, `/build.d/10-setup.sh`, `/build.d/<user>/x`. */
  readonly script: string;
  readonly lines: string;
}

/**
 * The shell lines that run an artifact's build scripts as genpack's
 * execute-artifact-build-scripts does: `/build`, then the files of `/build.d` in sorted order as
 * root, then each subdirectory of `/build.d` (named after a user) with its files run as that
 * user, with HOME set to the user's home; only the user id changes, as in genpack. The list comes
 * from the artifact's files/, which is where those paths come from. One step per script, so that
 * what each one changes can be told apart.
 */
export function buildScriptSteps(files: string): BuildScriptStep[] {
  const steps: BuildScriptStep[] = [];
  const fail = (script: string, message: string) => steps.push({ script, lines: `echo ${quoteForDisplay(message)} >&2; exit 1` });
  const buildFile = join(files, "build");
  if (existsSync(buildFile) && statSync(buildFile).isFile()) {
    if ((statSync(buildFile).mode & 0o111) === 0) fail("/build", "/build is not executable");
    else steps.push({ script: "/build", lines: `echo '>>> /build'\n/build` });
  }
  const buildDirectory = join(files, "build.d");
  if (!existsSync(buildDirectory) || !statSync(buildDirectory).isDirectory()) return steps;
  const entries = readdirSync(buildDirectory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const path = `/build.d/${entry.name}`;
    const command = invocation(path, (statSync(join(buildDirectory, entry.name)).mode & 0o111) !== 0);
    if (command === undefined) fail(path, `Script is not executable: ${path}`);
    else steps.push({ script: path, lines: `echo ${quoteForDisplay(`>>> ${path}`)}\n${command}` });
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const user = entry.name;
    const userDirectory = join(buildDirectory, user);
    for (const name of readdirSync(userDirectory).sort()) {
      const path = `/build.d/${user}/${name}`;
      const command = invocation(path, (statSync(join(userDirectory, name)).mode & 0o111) !== 0);
      if (command === undefined) {
        fail(path, `Script is not executable: ${path}`);
        continue;
      }
      const home = `"$(getent passwd ${quoteForDisplay(user)} | cut -d: -f6)"`;
      steps.push({ script: path, lines: `echo ${quoteForDisplay(`>>> ${path} (as ${user})`)}\nHOME=${home} setpriv --reuid=${quoteForDisplay(user)} -- ${command}` });
    }
  }
  return steps;
}
