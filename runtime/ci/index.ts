/**
 * CI files that build a project's images: the matrix of blueprint × arch × variant, written as a
 * GitHub Actions workflow or a GitLab CI pipeline, one job per cell.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { EvaluateOptions } from "../../compiler/evaluate.js";
import type { Diagnostic } from "../../errors/diagnostics.js";
import { checkBinhostUrl } from "./binhost-url.js";
import type { CiOptions } from "./ci-options.js";
import { checkPublishDestination } from "./publish-destination.js";
import { unpinnedLocks } from "./unpinned-locks.js";
import { buildMatrix, type BuildCell } from "./build-matrix.js";
import { githubWorkflow } from "./github-workflow.js";
import { gitlabPipeline } from "./gitlab-pipeline.js";
import { writeCiFile } from "./write-ci-file.js";

export type { BuildCell } from "./build-matrix.js";
export { buildMatrix, CI_DEFAULT_ARCH } from "./build-matrix.js";
export { emitYaml, type YamlValue } from "./yaml.js";

export type CiEngine = "github" | "gitlab";

/** Where each engine reads its file, relative to the project folder. */
export const CI_FILES: Readonly<Record<CiEngine, string>> = { github: ".github/workflows/gp.yml", gitlab: ".gitlab-ci.yml" };

export interface CiRequest {
  readonly engine: CiEngine;
  /** The project folder: its blueprints make the matrix, and the file's paths are relative to it. */
  readonly project: string;
  /** The file to write; by default the engine's own path in the project. */
  readonly output?: string;
  readonly force: boolean;
  readonly binhost?: string;
  /** `s3://BUCKET/PREFIX`: pushes to the default branch publish each arch's binary packages below it. */
  readonly publish?: string;
  readonly evaluation?: EvaluateOptions;
  readonly cwd: string;
}

export type CiResult =
  | { readonly ok: true; readonly file: string; readonly cells: readonly BuildCell[]; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The text of an engine's CI file for a matrix. */
export function ciFileText(engine: CiEngine, cells: readonly BuildCell[], options: CiOptions): string {
  return engine === "github" ? githubWorkflow(cells, options) : gitlabPipeline(cells, options);
}

/** Writes the CI file of a project; nothing is written unless every blueprint compiles. */
export async function writeCi(request: CiRequest): Promise<CiResult> {
  const binhost = request.binhost === undefined ? undefined : checkBinhostUrl(request.binhost);
  const publish = request.publish === undefined ? undefined : checkPublishDestination(request.publish);
  const project = resolve(request.cwd, request.project);
  const matrix = await buildMatrix(project, request.evaluation === undefined ? {} : { evaluation: request.evaluation });
  if (!matrix.ok) return matrix;
  const text = ciFileText(request.engine, matrix.cells, {
    ...(binhost === undefined ? {} : { binhost }),
    ...(publish === undefined ? {} : { publish }),
    hasLock: existsSync(join(project, "package-lock.json")),
    blueprints: matrix.blueprints.length,
  });
  const unpinned = await unpinnedLocks(matrix.root, matrix.cells);
  const file = request.output === undefined ? join(project, CI_FILES[request.engine]) : resolve(request.cwd, request.output);
  await writeCiFile(file, text, { force: request.force, cwd: request.cwd });
  return { ok: true, file, cells: matrix.cells, diagnostics: [...matrix.diagnostics, ...unpinned] };
}
