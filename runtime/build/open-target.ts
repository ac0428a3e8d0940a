import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Arch } from "../../dsl/index.js";
import { codes, compile, defaultOutDir, hasErrors, writeArtifact, type Diagnostic } from "../../compiler/index.js";
import { error } from "../../errors/diagnostics.js";
import { resolveArtifact, resolveCompiled, type ResolveTargetResult } from "../../compiler/artifact/resolve-target.js";
import { typedResolution } from "../../genpack/resolution.js";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import { LOCK_FILE_NAME } from "../inputs/lockfile.js";
import type { BuildTarget } from "./build-context.js";
import { defaultTarget } from "./default-target.js";
import { workLayout, type WorkLayout } from "./work-layout.js";

export type OpenedTarget =
  | {
      readonly ok: true;
      readonly artifactDir: string;
      readonly target: BuildTarget;
      readonly layout: WorkLayout;
      /** gp.lock beside the blueprint, or in the artifact directory. */
      readonly lockPath: string;
      /** The blueprint file or artifact directory the target was opened from. */
      readonly source: string;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly artifactDir?: string; readonly diagnostics: readonly Diagnostic[] };

const MODULE = /\.(?:[cm]?ts|tsx|[cm]?js)$/;

export interface OpenOptions {
  readonly cwd: string;
  readonly arch: Arch;
  readonly variant?: string | null;
  /** Compile a blueprint and write its artifact first (builds); otherwise use what is there. */
  readonly compile: boolean;
  /** Type-check the blueprint when it is compiled. @default compile: a caller that checked it already (gp build --all) says false */
  readonly typecheck?: boolean;
  /** How a blueprint is run. */
  readonly evaluation?: EvaluateOptions;
}

/**
 * What a build command works on: a blueprint (compiled and written to `out/<name>` beside it,
 * where its work directory lives) or an artifact directory, resolved for the arch and variant as
 * genpack would. Without a target, the current directory's artifact or its one blueprint.
 */
export async function openTarget(named: string | undefined, options: OpenOptions): Promise<OpenedTarget> {
  const chosen = named === undefined ? defaultTarget(options.cwd) : { ok: true as const, target: named };
  if (!chosen.ok) return { ok: false, diagnostics: chosen.diagnostics };
  const target = chosen.target;
  const path = resolve(options.cwd, target);
  let artifactDir: string;
  let lockPath: string;
  let resolved: ResolveTargetResult;
  const resolveOptions = { arch: options.arch, variant: options.variant, semantics: "docs" as const, cwd: options.cwd };
  if (existsSync(path) && statSync(path).isDirectory()) {
    artifactDir = path;
    lockPath = join(path, LOCK_FILE_NAME);
    resolved = resolveArtifact(artifactDir, resolveOptions);
  } else if (MODULE.test(path)) {
    const compiled = await compile(path, { cwd: options.cwd, typecheck: options.typecheck ?? options.compile, ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }) });
    const diagnostics = compiled.diagnostics;
    if (!compiled.ok || compiled.artifact === undefined || compiled.name === undefined) return { ok: false, diagnostics };
    artifactDir = defaultOutDir(compiled.entry, compiled.name);
    lockPath = join(dirname(path), LOCK_FILE_NAME);
    if (options.compile) {
      const written = writeArtifact(artifactDir, compiled.artifact, { sources: compiled.reads ?? [], within: dirname(compiled.entry) });
      if (!written.ok) return { ok: false, diagnostics: [...diagnostics, ...written.diagnostics] };
    } else if (!existsSync(artifactDir)) {
      return { ok: false, diagnostics: [...diagnostics, error(codes.noGenpackFile, `${artifactDir} does not exist yet; run \`gp build\` first.`, { location: { file: path } })] };
    }
    // Resolved from the compile result, which is what the written artifact holds; its
    // diagnostics come with the resolution.
    resolved = resolveCompiled(compiled, resolveOptions);
  } else {
    return { ok: false, diagnostics: [error(codes.notABlueprint, `${target} is neither a blueprint module nor an artifact directory.`, { location: { file: path } })] };
  }
  const { diagnostics } = resolved;
  if (!resolved.ok || hasErrors(diagnostics)) return { ok: false, artifactDir, diagnostics };
  const variant = resolved.resolution.variant;
  return {
    ok: true,
    artifactDir,
    target: { artifactDir, arch: options.arch, variant, resolution: typedResolution(resolved.resolution) },
    layout: workLayout(artifactDir, options.arch, variant),
    lockPath,
    source: path,
    diagnostics,
  };
}
