import { join, relative, resolve } from "node:path";
import { check, defaultOutDir, imageMatrix, type CompileResult, type Diagnostic, type EvaluateOptions } from "../../compiler/index.js";
import type { Arch } from "../../dsl/index.js";
import { hostArch } from "../../genpack/arch.js";
import type { Reporter } from "../report/reporter.js";
import { build, type InputRequest, type PhaseName } from "./build.js";
import type { BuildOptions } from "./build-context.js";
import { findBlueprints } from "./find-blueprints.js";
import { crossArchProblem } from "./host-arch.js";
import { workLayout, type CacheLayout } from "./work-layout.js";

/** One build of a folder's matrix: a blueprint for one arch and variant. */
export interface Cell {
  /** The blueprint, relative to the folder. */
  readonly blueprint: string;
  /** Absent when the blueprint could not be read far enough to say. */
  readonly arch?: Arch;
  readonly variant?: string | null;
}

export type CellStatus = "built" | "up to date" | "skipped" | "failed";

export interface CellResult extends Cell {
  readonly status: CellStatus;
  /** Why a cell was skipped or failed. */
  readonly reason?: string;
  /** The register's code of a failure. */
  readonly code?: string;
  /** The log of the phase that failed. */
  readonly log?: string;
  /** The image a build made or found up to date. */
  readonly image?: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface BuildAllRequest {
  /** The folder whose blueprints are built. */
  readonly folder: string;
  readonly cwd: string;
  /** How many artifacts build at once; the cells of one artifact share its work directory and run in turn. */
  readonly jobs: number;
  readonly options?: BuildOptions;
  readonly inputs?: InputRequest;
  readonly evaluation?: EvaluateOptions;
  readonly cache?: CacheLayout;
  readonly signal: AbortSignal;
  /** Where one cell's build reports. */
  reporterFor(cell: Cell): Reporter;
  /** Told of each cell as it ends, in the order they end. */
  onCell?(result: CellResult): void;
}

export type BuildAllResult =
  | { readonly ok: false; readonly cells?: undefined; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: boolean; readonly cells: readonly CellResult[]; readonly diagnostics: readonly Diagnostic[] };

const PHASES: readonly PhaseName[] = ["lower", "upper", "pack"];

/** The cells of one artifact directory, built one after another. */
interface Group {
  readonly cells: readonly (Cell & { readonly arch: Arch; readonly variant: string | null })[];
}

/** A cell's label in messages: `web/app.image.ts x86_64 debug`. */
export function cellLabel(cell: Cell): string {
  return [cell.blueprint, cell.arch, cell.variant ?? undefined].filter((part) => part !== undefined).join(" ");
}

/**
 * `gp build --all`: every blueprint below a folder, for each arch and variant it declares (the
 * machine's arch when it names none). Arches this machine cannot run are skipped with the
 * reason; a blueprint that does not compile is one failed cell. Artifacts build `jobs` at a
 * time; after an interrupt no further cell starts. Every cell ends in a result, never a throw,
 * except for bugs.
 */
export async function buildAll(request: BuildAllRequest): Promise<BuildAllResult> {
  const found = findBlueprints(resolve(request.cwd, request.folder));
  if (!found.ok) return { ok: false, diagnostics: found.diagnostics };
  const { root } = found;
  const results: CellResult[] = [];
  const finish = (result: CellResult): void => {
    results.push(result);
    request.onCell?.(result);
  };
  const groups = new Map<string, Group>();
  // One type-check for every blueprint, in one checker run; the cells' builds do not check again.
  const checked = await check(found.blueprints, { cwd: request.cwd, ...(request.evaluation === undefined ? {} : { evaluation: request.evaluation }) });
  for (const [index, path] of found.blueprints.entries()) {
    const blueprint = relative(root, path);
    const compiled = checked[index] as CompileResult;
    if (!compiled.ok || compiled.merged === undefined || compiled.name === undefined) {
      finish(failedToCompile({ blueprint }, compiled.diagnostics));
      continue;
    }
    const matrix = imageMatrix(compiled.merged);
    const host = hostArch() ?? "x86_64";
    const cells: (Cell & { readonly arch: Arch; readonly variant: string | null })[] = [];
    for (const arch of matrix.arches ?? [host]) {
      for (const variant of matrix.variants) {
        const cell = { blueprint, arch, variant };
        const problem = crossArchProblem(arch);
        if (problem === undefined) cells.push(cell);
        else finish({ ...cell, status: "skipped", reason: problem, diagnostics: compiled.diagnostics });
      }
    }
    // Two blueprints may name one artifact directory; their cells then share its work lock too.
    const artifactDir = defaultOutDir(compiled.entry, compiled.name);
    const group = groups.get(artifactDir);
    groups.set(artifactDir, { cells: [...(group?.cells ?? []), ...cells] });
  }
  const queue = [...groups.values()];
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      for (const cell of group.cells) {
        if (request.signal.aborted) finish({ ...cell, status: "skipped", reason: "the build was stopped before this one started", diagnostics: [] });
        else finish(await buildCell(cell, join(root, cell.blueprint), request));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(request.jobs, queue.length)) }, worker));
  const order = new Map(found.blueprints.map((path, index) => [relative(root, path), index]));
  const cells = results.sort((a, b) => (order.get(a.blueprint) ?? 0) - (order.get(b.blueprint) ?? 0) || (a.arch ?? "").localeCompare(b.arch ?? "") || (a.variant ?? "").localeCompare(b.variant ?? ""));
  return { ok: cells.every((cell) => cell.status !== "failed"), cells, diagnostics: [] };
}

function failedToCompile(cell: Cell, diagnostics: readonly Diagnostic[]): CellResult {
  const first = diagnostics.find((diagnostic) => diagnostic.severity === "error");
  return { ...cell, status: "failed", reason: first?.message ?? "the blueprint does not compile", ...(first?.code === undefined ? {} : { code: first.code }), diagnostics };
}

/** Builds one cell, watching which phase runs so that a failure names its log. */
async function buildCell(cell: Cell & { readonly arch: Arch; readonly variant: string | null }, path: string, request: BuildAllRequest): Promise<CellResult> {
  const reporter = request.reporterFor(cell);
  let running: string | undefined;
  const watching: Reporter = {
    emit(event) {
      if (event.type === "phase" && event.status === "start") running = event.phase;
      reporter.emit(event);
    },
    close: () => reporter.close(),
  };
  const result = await build({
    target: path,
    cwd: request.cwd,
    arch: cell.arch,
    variant: cell.variant,
    phases: PHASES,
    reporter: watching,
    signal: request.signal,
    ...(request.options === undefined ? {} : { options: request.options }),
    ...(request.inputs === undefined ? {} : { inputs: request.inputs }),
    ...(request.cache === undefined ? {} : { cache: request.cache }),
    ...(request.evaluation === undefined ? {} : { evaluation: request.evaluation }),
    typechecked: true,
  });
  reporter.close();
  if (!result.ok) {
    if (result.failure === undefined) return failedToCompile(cell, result.diagnostics);
    const log = running !== undefined && result.artifactDir !== undefined ? workLayout(result.artifactDir, cell.arch, cell.variant).log(running) : undefined;
    return { ...cell, status: "failed", reason: result.failure, ...(result.failureCode === undefined ? {} : { code: result.failureCode }), ...(log === undefined ? {} : { log }), diagnostics: result.diagnostics };
  }
  const ran = result.phases.some((phase) => phase.ran);
  return { ...cell, status: ran ? "built" : "up to date", ...(result.image === undefined ? {} : { image: result.image.image }), diagnostics: result.diagnostics };
}
