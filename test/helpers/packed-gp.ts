import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./gp.js";

export interface CommandRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** npm as a user runs it, without the audit, funding and update chatter, and never reaching the registry. */
export const OFFLINE_NPM_ENV: NodeJS.ProcessEnv = { npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** Runs a command and gives its exit code and output, whatever the code. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ exitCode: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

async function succeeded(run: Promise<CommandRun>, what: string): Promise<CommandRun> {
  const result = await run;
  if (result.exitCode !== 0) throw new Error(`${what} failed (exit ${result.exitCode}):\n${result.stdout}${result.stderr}`);
  return result;
}

export interface PackedGp {
  /** The genpack-ts tarball `npm pack` made of the checkout. */
  readonly tarball: string;
  /** Every path in the tarball, relative to the package root. */
  readonly files: readonly string[];
  /** Where npm installed the package. */
  readonly packageRoot: string;
  /** The installed `gp` command. */
  readonly gp: string;
}

/**
 * gp as a newcomer gets it outside this repository: the tarball `npm pack` makes of the checkout
 * (built by `npm test`), installed by npm into a folder of its own, from which nothing of the
 * repository resolves. The README installs it with `npm install --global`, which asks the
 * registry for the dependencies; here npm takes them from its cache (filled by `npm ci`) at the
 * versions the repository's package-lock.json pins, so the test needs no network. With
 * `omitOptional`, as `npm install --omit=optional` installs it: without the optional packages,
 * TypeScript's native compiler among them.
 */
export async function installPackedGp(directory: string, options: { readonly omitOptional?: boolean } = {}): Promise<PackedGp> {
  const packs = join(directory, "packs");
  const prefix = join(directory, "installed");
  mkdirSync(packs, { recursive: true });
  mkdirSync(prefix, { recursive: true });
  const packed = await succeeded(runCommand("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packs], { cwd: ROOT, env: OFFLINE_NPM_ENV }), "npm pack");
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  const tarball = join(packs, filename);

  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
  const own = lock.packages[""] as { version: string; license: string; dependencies: Record<string, string>; bin: unknown; engines: unknown };
  const dependencies = { "genpack-ts": `file:${tarball}` };
  const packages: Record<string, unknown> = {
    "": { name: "gp-user", dependencies },
    "node_modules/genpack-ts": {
      version: own.version,
      resolved: `file:${tarball}`,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      license: own.license,
      dependencies: own.dependencies,
      bin: own.bin,
      engines: own.engines,
    },
  };
  // gp's dependencies as the repository installs them; not its development tools, not the
  // profiles (npm workspaces here), not the repository's link to itself.
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith("node_modules/") || entry["dev"] === true || entry["link"] === true || path === "node_modules/genpack-ts" || path.startsWith("node_modules/@genpack-ts/")) continue;
    packages[path] = entry;
  }
  writeFileSync(join(prefix, "package.json"), JSON.stringify({ name: "gp-user", private: true, dependencies }, null, 2));
  writeFileSync(join(prefix, "package-lock.json"), JSON.stringify({ name: "gp-user", lockfileVersion: 3, requires: true, packages }, null, 2));
  await succeeded(runCommand("npm", ["ci", ...(options.omitOptional === true ? ["--omit=optional"] : [])], { cwd: prefix, env: OFFLINE_NPM_ENV }), "npm ci of the packed genpack-ts");
  return { tarball, files: files.map((file) => file.path), packageRoot: join(prefix, "node_modules/genpack-ts"), gp: join(prefix, "node_modules/.bin/gp") };
}
