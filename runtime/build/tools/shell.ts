import { existsSync } from "node:fs";
import { containerCommand, type Bind } from "../../container/nspawn.js";
import { run } from "../../../host/exec.js";
import type { BuildTarget } from "../build-context.js";
import { isEmulated } from "../host-arch.js";
import type { Diagnostic } from "../../../errors/diagnostics.js";
import { openTarget } from "../open-target.js";
import { cacheLayout, type CacheLayout, type WorkLayout } from "../work-layout.js";
import { requestedArch, type TargetRequest } from "./target-request.js";

export interface ShellRequest {
  readonly target: BuildTarget;
  readonly layout: WorkLayout;
  readonly cache: CacheLayout;
  /** On the lower alone, or on the lower with the upper layer over it. */
  readonly on: "lower" | "upper";
  /** A command to run; none opens an interactive bash. */
  readonly command: readonly string[];
  readonly overlayOverride?: string;
  readonly signal?: AbortSignal;
}

/** Why there is nothing to open a shell on yet, or undefined. */
export function shellProblem(request: Pick<ShellRequest, "layout" | "on">): string | undefined {
  if (!existsSync(request.layout.lower)) return `There is no lower at ${request.layout.lower} yet; run \`gp build\` or \`gp lower\` first.`;
  if (request.on === "upper" && !existsSync(request.layout.upper)) return `There is no upper layer at ${request.layout.upper} yet; run \`gp build\` or \`gp upper\` first.`;
  return undefined;
}

/**
 * `gp bash` and `gp upper-bash`: a shell, or one command, in a container on the lower (with
 * the binary package cache and distfiles bound, as the lower phase has them) or on the upper
 * layer over it (as the upper phase sees it). Changes made in an upper shell stay in the upper
 * layer; the next `gp upper` starts over.
 */
export async function openShell(request: ShellRequest): Promise<number> {
  const interactive = request.command.length === 0;
  const binds: Bind[] = [];
  if (request.on === "lower") {
    binds.push({ host: request.cache.binpkgs(request.target.arch), container: "/var/cache/binpkgs" }, { host: request.cache.distfiles, container: "/var/cache/distfiles" });
  } else {
    binds.push({ host: request.cache.buildDownloads, container: "/var/cache/download" });
  }
  if (request.overlayOverride !== undefined) binds.push({ host: request.overlayOverride, container: "/var/db/repos/genpack-overlay", readOnly: true });
  const env = isEmulated(request.target.arch) ? { FEATURES: "-pid-sandbox" } : undefined;
  const overlay = request.on === "upper" ? { upper: request.layout.upper, work: request.layout.upperWork, mountPoint: request.layout.upperMount } : undefined;
  const { command, args } = containerCommand(
    { root: request.layout.lower, binds: binds.filter((bind) => existsSync(bind.host)), ...(env === undefined ? {} : { env }), ...(overlay === undefined ? {} : { overlay }), console: interactive ? "interactive" : "pipe" },
    interactive ? ["bash", "-l"] : request.command,
  );
  const result = await run(command, args, { interactive: true, allowFailure: true, ...(request.signal === undefined ? {} : { signal: request.signal }) });
  return result.exitCode;
}

/** How `gp bash` ended: the target could not be opened, the shell cannot open on it, or the shell's exit status. */
export type ShellOnTargetResult =
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly problem?: string }
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[]; readonly exitCode: number };

/** Opens a shell (or runs a command) in a container on a target's lower or upper root. */
export async function shellOnTarget(request: TargetRequest & Pick<ShellRequest, "on" | "command" | "overlayOverride">): Promise<ShellOnTargetResult> {
  const { cwd, variant, evaluation } = request;
  const opened = await openTarget(request.target, { cwd, arch: requestedArch(request), ...(variant === undefined ? {} : { variant }), compile: false, evaluation });
  if (!opened.ok) return { ok: false, diagnostics: opened.diagnostics };
  const problem = shellProblem({ layout: opened.layout, on: request.on });
  if (problem !== undefined) return { ok: false, diagnostics: opened.diagnostics, problem };
  const exitCode = await openShell({
    target: opened.target,
    layout: opened.layout,
    cache: cacheLayout(),
    on: request.on,
    command: request.command,
    ...(request.overlayOverride === undefined ? {} : { overlayOverride: request.overlayOverride }),
  });
  return { ok: true, diagnostics: opened.diagnostics, exitCode };
}
